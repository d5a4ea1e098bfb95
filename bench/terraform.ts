/**
 * What the live offline plans of `npm test` (test/terraform/plan.tf.test.ts) cost in terraform CPU, and what a
 * runtime setting of test/terraform-harness.ts saves: `node -r ts-node/register bench/terraform.ts` (options:
 * --runs N, default 5). The default app (main.ts in image-URI mode) is synthesized and made offline as the
 * harness does, `terraform init` once, then `terraform plan -out` and `terraform show -json` of that plan are
 * timed, each run a fresh process, in each variant:
 * - as terraform runs by default;
 * - GOGC=off GOMEMLIMIT=512MiB (Go collects garbage only when the heap nears 512 MiB);
 * - without the provider checksums in the dependency lock file.
 * Printed: the median CPU time (user + system, steadier than wall time on a busy machine) and the median peak
 * RSS, from GNU time (/usr/bin/time, required).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IMAGE_URI } from '../test/helpers';
import { findTerraformTools, makeOffline, terraformEnvironment } from '../test/terraform-harness';

const root = path.join(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
const GNU_TIME = '/usr/bin/time';

const tools = findTerraformTools();
if (typeof tools === 'string') throw new Error(tools);
if (!fs.existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed`);

fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const work = fs.mkdtempSync(path.join(root, '.tmp', 'bench-terraform-'));

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { cpu: number; rssMb: number } {
  const result = spawnSync(GNU_TIME, ['-f', '%U %S %M', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  const [user, system, rssKb] = result.stderr.trim().split('\n').pop()?.split(' ').map(Number) ?? [];
  return { cpu: user + system, rssMb: rssKb / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const app = spawnSync(process.execPath, [path.join('scripts', 'bundle.mjs'), 'app'], { cwd: root, encoding: 'utf8' });
  if (app.status !== 0) throw new Error(app.stderr);
  const outdir = path.join(work, 'out');
  const synth = spawnSync(process.execPath, [path.join('.tmp', 'bundle', 'app.js')], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir, NOTIFIER_IMAGE_URI: IMAGE_URI }, encoding: 'utf8' });
  if (synth.status !== 0) throw new Error(synth.stderr);
  const dir = path.join(outdir, 'stacks', 'dev');
  makeOffline(path.join(dir, 'cdk.tf.json'));
  const env = terraformEnvironment(tools, dir);
  run(tools.terraform, ['init', '-input=false', '-no-color'], dir, env);
  const lockFile = path.join(dir, '.terraform.lock.hcl');
  const lock = fs.readFileSync(lockFile, 'utf8');

  const variants: { name: string; env: NodeJS.ProcessEnv; lock: string }[] = [
    { name: 'default', env, lock },
    { name: 'GOGC=off GOMEMLIMIT=512MiB', env: { ...env, GOGC: 'off', GOMEMLIMIT: '512MiB' }, lock },
    { name: 'lock file without checksums', env, lock: lock.replace(/^\s*hashes\s*=\s*\[[^\]]*\]\n/gm, '') },
  ];
  console.log(`terraform plan and show -json of the default app, median of ${RUNS} runs: CPU seconds (user + system), peak RSS`);
  for (const variant of variants) {
    fs.writeFileSync(lockFile, variant.lock);
    const plans: { cpu: number; rssMb: number }[] = [];
    const shows: { cpu: number; rssMb: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      plans.push(run(tools.terraform, ['plan', '-input=false', '-no-color', '-refresh=false', '-out=plan.bin'], dir, variant.env));
      shows.push(run(tools.terraform, ['show', '-json', 'plan.bin'], dir, variant.env));
    }
    const figure = (samples: { cpu: number; rssMb: number }[]) => `${median(samples.map((s) => s.cpu)).toFixed(2)} s, ${median(samples.map((s) => s.rssMb)).toFixed(0)} MB`;
    console.log(`  ${variant.name.padEnd(30)} plan ${figure(plans)}; show -json ${figure(shows)}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
