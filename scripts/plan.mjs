// `npm run plan -- <stack> [--no-synth] [plan-summary options]`: the review summary of one stack's plan, the
// same one pull requests get, in one command on a fresh clone (docs/plan-review-local.md):
//
//   1. synth          `npm run synth` (scripts/synth.mjs) into cdktf.out/ (or CDKTF_OUTDIR); --no-synth keeps
//                     what is there
//   2. terraform init in cdktf.out/stacks/<stack>; providers from a filesystem mirror when one is found
//                     (TF_PROVIDER_MIRROR, else the places .ci/run looks), else from the Terraform registry
//   3. terraform plan -out=.tmp/plans/<stack>.tfplan
//   4. terraform show -json into .tmp/plans/<stack>.json
//   5. plan-summary   .tmp/plans/<stack>.md, printed too; the remaining options go to it
//                     (--fail-on-destroy, --fail-on-replace, --title)
//
// Everything it writes stays under .tmp/plans/ (git-ignored, files readable by their owner only): a plan and its
// JSON hold sensitive values in clear text. Exit codes: plan-summary's (0, 1 with --fail-on-*, 2 bad input);
// terraform's when a terraform step fails; synthesis' when it fails; 2 for a usage error or an unknown stack.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PLANS = join(root, '.tmp', 'plans');
const MIRROR_CANDIDATES = ['/opt/tf-plugins', '/usr/share/terraform/plugins', '/usr/local/share/terraform/plugins', join(process.env.HOME ?? '/nonexistent', '.terraform.d', 'plugins')];
const USAGE = 'usage: npm run plan -- <stack> [--no-synth] [--fail-on-destroy] [--fail-on-replace] [--title TEXT]';

function fail(message, code = 2) {
  console.error(`plan: ${message}`);
  process.exit(code);
}

/** Runs a command, its output on standard error (standard output is the summary's); exits with its code when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['inherit', 2, 'inherit'], ...options });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.filter((arg) => !arg.startsWith('-chdir')).join(' ')} failed (exit ${result.status ?? result.signal})`, result.status ?? 1);
}

/** The provider mirror to install from, if any: TF_PROVIDER_MIRROR, else the first candidate holding hashicorp/aws. */
function providerMirror() {
  if (process.env.TF_PROVIDER_MIRROR) return process.env.TF_PROVIDER_MIRROR;
  return MIRROR_CANDIDATES.find((candidate) => existsSync(join(candidate, 'registry.terraform.io', 'hashicorp', 'aws')));
}

const [stack, ...rest] = process.argv.slice(2);
if (stack === '--help' || stack === '-h') fail(USAGE, 0);
if (!stack || stack.startsWith('-')) fail(USAGE);
const synth = !rest.includes('--no-synth');
const summaryOptions = rest.filter((arg) => arg !== '--no-synth');
if (!summaryOptions.includes('--title')) summaryOptions.push('--title', `Stack \`${stack}\``);

const outdir = join(root, process.env.CDKTF_OUTDIR || 'cdktf.out');
if (synth) run(process.execPath, [join(root, 'scripts', 'synth.mjs')], { cwd: root });
const dir = join(outdir, 'stacks', stack);
if (!existsSync(join(dir, 'cdk.tf.json'))) {
  const stacks = existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks')) : [];
  fail(`no synthesized stack "${stack}" in ${relative(root, outdir) || '.'}/stacks (stacks: ${stacks.join(', ') || 'none: run without --no-synth'})`);
}

mkdirSync(PLANS, { recursive: true, mode: 0o700 });
const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
const mirror = providerMirror();
if (mirror) {
  // A CLI configuration of our own: providers from the mirror only (no network needed for init). The inherited
  // TF_CLI_CONFIG_FILE is not relied on: it may name a file that does not exist.
  env.TF_CLI_CONFIG_FILE = join(PLANS, 'terraform.tfrc');
  writeFileSync(env.TF_CLI_CONFIG_FILE, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  console.error(`plan: providers from the filesystem mirror ${mirror}`);
} else if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) {
  delete env.TF_CLI_CONFIG_FILE;
}
const terraform = process.env.TERRAFORM_BIN || 'terraform';
const planFile = join(PLANS, `${stack}.tfplan`);
const jsonFile = join(PLANS, `${stack}.json`);
const summaryFile = join(PLANS, `${stack}.md`);

run(terraform, [`-chdir=${dir}`, 'init', '-input=false'], { env });
run(terraform, [`-chdir=${dir}`, 'plan', '-input=false', `-out=${planFile}`], { env });
chmodSync(planFile, 0o600);
const json = openSync(jsonFile, 'w', 0o600);
try {
  run(terraform, [`-chdir=${dir}`, 'show', '-json', planFile], { env, stdio: ['ignore', json, 'inherit'] });
} finally {
  closeSync(json);
}

run(process.execPath, [join(root, 'scripts', 'bundle.mjs'), 'plan-summary'], { cwd: root });
const summary = spawnSync(process.execPath, [join(root, '.tmp', 'bundle', 'plan-summary.js'), jsonFile, ...summaryOptions, '--output', summaryFile], { stdio: 'inherit' });
if (existsSync(summaryFile)) process.stdout.write(readFileSync(summaryFile, 'utf8'));
console.error(`plan: ${[planFile, jsonFile, summaryFile].map((file) => relative(root, file)).join(', ')}`);
process.exit(summary.status ?? 1);
