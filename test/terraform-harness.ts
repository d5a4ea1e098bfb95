/**
 * Real Terraform, offline: synthesize with NOTIFIER_IMAGE_URI set, then `terraform init` and `plan` against a
 * filesystem mirror of the AWS provider, with fake credentials and the offline-only provider flags added here
 * (never in the product).
 *
 * Terraform is taken from TERRAFORM_BIN or PATH; the mirror from TF_PROVIDER_MIRROR or detected among the
 * usual plugin folders. When either is missing the tests say so loudly and skip, unless
 * REQUIRE_INTEGRATION=1 (CI), where they fail.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

export const FAKE_IMAGE_URI = `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/wf-dev/notifier@sha256:${'0'.repeat(64)}`;
const AWS_PROVIDER = path.join('registry.terraform.io', 'hashicorp', 'aws');

export interface TerraformTools {
  readonly terraform: string;
  readonly mirror: string;
}

/** The terraform binary and provider mirror, or the reason they are missing. */
export function findTerraformTools(): TerraformTools | string {
  const terraform = process.env.TERRAFORM_BIN ?? which('terraform');
  if (!terraform) return 'terraform is not installed (set TERRAFORM_BIN or put it on PATH)';
  const candidates = [
    process.env.TF_PROVIDER_MIRROR,
    '/opt/tf-plugins',
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
    path.join(os.homedir(), '.terraform.d', 'plugins'),
    path.join(os.homedir(), '.local', 'share', 'terraform', 'plugins'),
  ].filter((candidate): candidate is string => Boolean(candidate));
  const mirror = candidates.find((candidate) => fs.existsSync(path.join(candidate, AWS_PROVIDER)));
  if (!mirror) return `no filesystem mirror of hashicorp/aws found (set TF_PROVIDER_MIRROR; looked in ${candidates.join(', ')})`;
  return { terraform, mirror };
}

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** `describe` that runs only when terraform and the mirror exist; loud skip, or failure under REQUIRE_INTEGRATION=1. */
export function describeWithTerraform(name: string, body: (tools: TerraformTools) => void): void {
  const tools = findTerraformTools();
  if (typeof tools !== 'string') {
    describe(name, () => body(tools));
    return;
  }
  if (process.env.REQUIRE_INTEGRATION === '1') {
    describe(name, () => it('has terraform and the provider mirror', () => { throw new Error(tools); }));
    return;
  }
  console.warn(`\n${'!'.repeat(72)}\n!! SKIPPED ${name}: ${tools}\n${'!'.repeat(72)}\n`);
  describe.skip(`${name} (SKIPPED: ${tools})`, () => it('needs terraform and the provider mirror', () => undefined));
}

/**
 * Environment for terraform: own CLI config pointing at the mirror, fake credentials, no checkpoint calls.
 * GOGC=off with GOMEMLIMIT=512MiB (terraform and the AWS provider are Go programs; the provider inherits the
 * environment): Go then collects garbage only when the heap nears 512 MiB. `node -r ts-node/register
 * bench/terraform.ts` measured a plan of the default app at 5.8 s of CPU by default and 4.1 s so (show -json:
 * 3.0 s and 2.8 s), peak RSS 611 MB and 711 MB: with three live plans at once beside the unit tests on two cores,
 * those seconds are what keeps `npm test` within its 35 s.
 */
export function terraformEnvironment(tools: TerraformTools, workDir: string): NodeJS.ProcessEnv {
  const cliConfig = path.join(workDir, 'terraform.rc');
  fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(tools.mirror)}\n  }\n}\n`);
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    GOGC: 'off',
    GOMEMLIMIT: '512MiB',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

type StackJson = { provider?: { aws?: Record<string, unknown>[] }; terraform?: { backend?: unknown; cloud?: unknown } } & Record<string, unknown>;

/**
 * Makes a synthesized stack plannable offline: the provider skips the calls that need AWS (and, as the
 * account cannot be looked up, allowed_account_ids, which the unit tests check), and state stays local (a
 * Terraform Cloud block gives way to the local backend).
 */
export function makeOffline(stackFile: string): void {
  const stack = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as StackJson;
  for (const provider of stack.provider?.aws ?? []) {
    delete provider.allowed_account_ids;
    Object.assign(provider, { skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: 'true' });
  }
  if (stack.terraform) {
    delete stack.terraform.cloud;
    stack.terraform.backend = { local: { path: 'terraform.tfstate' } };
  }
  fs.writeFileSync(stackFile, JSON.stringify(stack, null, 2));
}

export interface PlanJson {
  readonly format_version: string;
  readonly resource_changes?: { address: string; type: string; change: { actions: string[]; after?: Record<string, unknown>; after_unknown?: Record<string, unknown> } }[];
}

const execFileAsync = promisify(execFile);

/** Runs terraform without blocking the event loop (several stacks plan at once); a failure shows its output. */
export async function terraformAsync(tools: TerraformTools, cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  try {
    return (await execFileAsync(tools.terraform, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(' ')} failed in ${cwd}:\n${failure.stderr ?? ''}\n${failure.stdout ?? ''}`, { cause: error });
  }
}

/** `terraform init` of a synthesized stack folder made offline by {@link makeOffline}: the provider from the mirror, local state. */
export async function initOffline(tools: TerraformTools, stackDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  await terraformAsync(tools, stackDir, env, ['init', '-input=false', '-no-color']);
}

/** makeOffline, then initOffline, of a synthesized stack folder; returns terraform's environment for it. */
async function prepareOffline(tools: TerraformTools, stackDir: string): Promise<NodeJS.ProcessEnv> {
  makeOffline(path.join(stackDir, 'cdk.tf.json'));
  const env = terraformEnvironment(tools, stackDir);
  await initOffline(tools, stackDir, env);
  return env;
}

/** One change of a plan, as `terraform plan -json` streams it (a "planned_change" message of the machine-readable UI). */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly action: string;
}

/**
 * init + plan in a synthesized stack folder, read from the plan's own JSON messages (Terraform's documented
 * "Machine-Readable UI": one "planned_change" message per resource, with its address, type and action): for a
 * test that needs what is planned, not the planned values, a `terraform show -json` (seconds of CPU: it loads the
 * provider and its schema once more) fewer than {@link offlinePlanAsync}.
 */
export async function offlinePlanChangesAsync(tools: TerraformTools, stackDir: string): Promise<PlannedChange[]> {
  const env = await prepareOffline(tools, stackDir);
  const messages = (await terraformAsync(tools, stackDir, env, ['plan', '-input=false', '-no-color', '-refresh=false', '-json']))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; change?: { resource: { addr: string; resource_type: string }; action: string } });
  return messages.flatMap((message) =>
    message.type === 'planned_change' && message.change ? [{ address: message.change.resource.addr, type: message.change.resource.resource_type, action: message.change.action }] : [],
  );
}

/**
 * init + plan -out + show -json in a synthesized stack folder; returns the plan JSON. `plan` validates the
 * configuration first, as `terraform validate` would, so a separate validate would only repeat that.
 */
export async function offlinePlanAsync(tools: TerraformTools, stackDir: string): Promise<PlanJson> {
  const env = await prepareOffline(tools, stackDir);
  await terraformAsync(tools, stackDir, env, ['plan', '-input=false', '-no-color', '-refresh=false', '-out=plan.bin']);
  return JSON.parse(await terraformAsync(tools, stackDir, env, ['show', '-json', 'plan.bin'])) as PlanJson;
}
