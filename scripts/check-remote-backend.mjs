// Refuses to go on when a synthesized stack keeps its state in a local backend (cdktf's default, a file in the
// working folder). On a CI runner that file is thrown away with the runner: the next deploy starts from empty
// state and creates every resource again (a second VPC and NAT gateway, then a collision on every named
// resource). The deploy and plan workflows run this after synthesis and before any terraform command.
//
//   node scripts/check-remote-backend.mjs [output folder]     default: $CDKTF_OUTDIR, else cdktf.out
//
// Remote means a `cloud` block (Terraform Cloud / Enterprise) or any `backend` other than `local`.
// Exit codes: 0 every stack has remote state; 1 at least one stack is local (one message names them all and
// says how to configure remote state); 2 no synthesized stack found (run `npm run synth` first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where one synthesized stack keeps its state: `cloud`, `backend <type>`, or `local` (no block at all is local
 * too: Terraform then uses the local backend).
 * @param {unknown} config the parsed cdk.tf.json
 */
export function stateLocation(config) {
  const terraform = config && typeof config === 'object' && 'terraform' in config ? config.terraform : undefined;
  if (terraform && typeof terraform === 'object') {
    if ('cloud' in terraform && terraform.cloud) return 'cloud';
    const backend = 'backend' in terraform ? terraform.backend : undefined;
    const types = backend && typeof backend === 'object' ? Object.keys(backend) : [];
    const remote = types.filter((type) => type !== 'local');
    if (remote.length > 0) return `backend ${remote.join(', ')}`;
  }
  return 'local';
}

/** The stacks of an output folder: [name, path of cdk.tf.json] for each folder under stacks/ that holds one. */
export function synthesizedStacks(outdir) {
  const stacks = join(outdir, 'stacks');
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(stacks, entry.name, 'cdk.tf.json')))
    .map((entry) => [entry.name, join(stacks, entry.name, 'cdk.tf.json')])
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The one message for the stacks that keep local state. */
export function localStateMessage(names) {
  const list = names.map((name) => `"${name}"`).join(', ');
  return (
    `refusing to plan or apply: stack${names.length === 1 ? '' : 's'} ${list} keep${names.length === 1 ? 's' : ''} Terraform state in a local ` +
    'backend, which this runner would throw away (the next deploy would create every resource again). Configure remote state: ' +
    "`terraformCloud: { organization: '<org>', workspace: '<workspace>' }` on the environment in main.ts, or the repository " +
    'variables TF_CLOUD_ORGANIZATION (and TF_WORKSPACE when only one environment uses it); see docs/deploy-pipeline.md.'
  );
}

function main(args) {
  const outdir = resolve(args[0] ?? (process.env.CDKTF_OUTDIR || 'cdktf.out'));
  const stacks = synthesizedStacks(outdir);
  if (stacks.length === 0) {
    console.error(`no synthesized stack under ${join(outdir, 'stacks')}: run \`npm run synth\` first`);
    return 2;
  }
  const local = [];
  for (const [name, file] of stacks) {
    const location = stateLocation(JSON.parse(readFileSync(file, 'utf8')));
    if (location === 'local') local.push(name);
    else console.log(`${name}: state in ${location}`);
  }
  if (local.length === 0) return 0;
  // `::error::` makes GitHub Actions show the line as the run's annotation; elsewhere it reads as a prefix.
  console.error(`${process.env.GITHUB_ACTIONS === 'true' ? '::error::' : ''}${localStateMessage(local)}`);
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
