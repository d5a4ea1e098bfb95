/**
 * `npm run test:record-plans`: records the plan JSON fixtures of test/fixtures/plans/, which the plan review's
 * tests (test/tools/review/plan-summary.test.ts) read instead of planning live. Run it when the stacks change
 * what these scenarios plan, and commit the result with the change: the diff of the fixtures is the review of
 * what the change does to a plan.
 *
 * Every fixture is the output of the real `terraform show -json` (the terraform on PATH or TERRAFORM_BIN) of a
 * plan made with the real AWS provider from the filesystem mirror (TF_PROVIDER_MIRROR or the usual plugin
 * folders, as test/terraform-harness.ts finds them) against the AWS API emulator of `npm run test:deploy` (moto
 * with the patches of test/deploy/emulator.py, one emulator per scenario on a loopback port; needs python3 and
 * moto[server] 5.2.1), the provider pointed at it as the deploy harness points it. Kept from each document:
 * `format_version`, `terraform_version` and `resource_changes`, the part the review reads
 * (tools/review/plan-json.ts); left out: `timestamp` (changes on every run), and `configuration`,
 * `planned_values`, `prior_state` and `output_changes`, which repeat the same values and which the review
 * ignores. The plans hold no credentials (the provider gets fake ones through the environment).
 *
 * The scenarios:
 * - default-app.json: the seed app (test/fixtures/seed-app.ts, main.ts as shipped) in image-URI mode (public network), planned against an empty state: creates only;
 * - deployed-change.json: a deployed environment of four workflows (its task security group also lets out HTTP,
 *   as a previous release did) and a pull request that changes it (a later schedule, a longer time-out,
 *   `cleanup` and `publish` removed, a newer `render` image), planned against the deployed one's state;
 * - hcl-way-out.json: `npm run synth:hcl` (cdktf synth --hcl) of the default app, planned without cdktf against
 *   the default app's state, after an SSH ingress rule was added by hand (EC2 AuthorizeSecurityGroupIngress) to
 *   both its security groups;
 * - previous-release.json: the default app with its containers' capabilities rendered without `add`, as the
 *   previous release did, planned (`-target` its task definitions) against the app's applied state.
 * A "before" stack is applied for real (`terraform apply` of its recorded plan, then a plan that must change
 * nothing), so every value of the state a scenario plans against is one the provider read from the emulator;
 * every plan refreshes from it. The AWS provider validates a state machine definition known at plan time with
 * ValidateStateMachineDefinition, which the emulator answers with moto's own ASL parser.
 *
 * What the emulator cannot give, and what is done about it:
 * - its IDs (VPC, subnets, security groups, KMS keys, IAM unique IDs, secret ARN suffixes), its clock (creation
 *   dates) and its port (SQS queue URLs) change on every run: scripts/record-plans/stable-ids.ts renames them
 *   to stable placeholders, keeping which value is which;
 * - ECS's read-back of task definitions (the cited model, stacks/aws/ecs-read-back.ts): moto returns container
 *   definitions as registered, without what ECS fills in (`cpu: 0`; `add: []` beside a lone `drop`). No
 *   scenario needs it: previous-release plans against the current app's state, whose containers register
 *   `capabilities` with both `add: []` and `drop` themselves, so moto and ECS read back the same `add: []`, and
 *   the previous rendering without `add` replaces every task definition either way.
 *
 * The recording is repeatable: the same stacks, terraform, provider and emulator give the same files.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildApp } from '../stacks/app/app';
import type { EnvironmentInput } from '../stacks/config/types';
import { environment, IMAGE_URI, PROJECT_ROOT, synthApp, task, workflow } from '../test/helpers';
import { awsAt } from '../test/deploy/aws-calls';
import { findTerraformTools, terraformEnvironment, type TerraformTools } from '../test/terraform-harness';
import { stableIds } from './record-plans/stable-ids';
import { applyPlan, atEmulator, hclAtEmulator, planOf, stateResources, withEmulator, type EmulatedStack } from './record-plans/emulated-stack';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'plans');
const BUSYBOX = 'public.ecr.aws/docker/library/busybox';
const execFileAsync = promisify(execFile);

/** What is deployed: four workflows, and a task security group that the previous release let out on HTTP too. */
const deployed: EnvironmentInput = environment({
  workflows: [
    workflow('daily-batch', { notifyOnSuccess: true, schedule: { expression: 'cron(0 9 * * ? *)', timeZone: 'Asia/Tokyo' } }),
    workflow('etl', { steps: [task('extract'), task('load'), task('publish')] }),
    workflow('reports', { steps: [task('render', { image: { uri: `${BUSYBOX}:1.36`, allowMutableTag: true }, command: ['true'] })] }),
    workflow('cleanup', { steps: [task('purge')], schedule: { expression: 'rate(1 day)' } }),
  ],
});

/** The pull request: later schedule and longer task2 time-out, `publish` and `cleanup` gone, a newer render image. */
const proposed: EnvironmentInput = environment({
  workflows: [
    workflow('daily-batch', { notifyOnSuccess: true, steps: [task('task1'), task('task2', { timeoutSeconds: 7200 })], schedule: { expression: 'cron(0 10 * * ? *)', timeZone: 'Asia/Tokyo' } }),
    workflow('etl', { steps: [task('extract'), task('load')] }),
    workflow('reports', { steps: [task('render', { image: { uri: `${BUSYBOX}:1.37`, allowMutableTag: true }, command: ['true'] })] }),
  ],
});

/** The description of the SSH rule added by hand in the console. */
const SSH_BY_HAND = 'ssh, added by hand';

/** Writes the part of a `terraform show -json` document the review reads (see the header). */
function writeFixture(name: string, showJson: string): void {
  const plan = JSON.parse(showJson) as { format_version: string; terraform_version: string; resource_changes: unknown[] };
  const kept = stableIds({ format_version: plan.format_version, terraform_version: plan.terraform_version, resource_changes: plan.resource_changes });
  const text = `${JSON.stringify(kept, null, 1)}\n`;
  if (/AKIA|wJalrXUtnFEMI/.test(text)) throw new Error(`${name}: the plan holds the offline credentials`);
  fs.writeFileSync(path.join(FIXTURES, `${name}.json`), text);
  console.log(`recorded test/fixtures/plans/${name}.json (${plan.resource_changes.length} resource changes)`);
}

/** The stack folder of one environment, synthesized into `work`. */
function synthesize(env: EnvironmentInput, work: string, name: string): string {
  const outdir = path.join(work, name);
  buildApp([env], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();
  return path.join(outdir, 'stacks', env.name);
}

type StackJson = { resource: Record<string, Record<string, { egress?: Record<string, unknown>[] }>> };

/** The previous release's security group: HTTPS and HTTP egress. */
function allowHttpEgress(stackFile: string): void {
  const stack = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as StackJson;
  const groups = Object.values(stack.resource.aws_security_group ?? {});
  const https = groups.length === 1 ? groups[0].egress?.[0] : undefined;
  if (!https) throw new Error(`expected one task security group with an egress rule, found ${groups.length} groups`);
  groups[0].egress?.push({ ...https, description: 'HTTP for package mirrors', from_port: 80, to_port: 80 });
  fs.writeFileSync(stackFile, JSON.stringify(stack, null, 2));
}

/** The deployed environment applied to an emulator, then the pull request planned against its state there. */
async function recordDeployedChange(tools: TerraformTools, work: string): Promise<void> {
  const deployedDir = synthesize(deployed, work, 'deployed');
  allowHttpEgress(path.join(deployedDir, 'cdk.tf.json'));
  const proposedDir = synthesize(proposed, work, 'proposed');
  await withEmulator(work, 'deployed-change', async (emulator) => {
    const [deployedStack, proposedStack] = await Promise.all([atEmulator(tools, deployedDir, emulator), atEmulator(tools, proposedDir, emulator)]);
    await planOf(tools, deployedStack);
    await applyPlan(tools, deployedStack);
    fs.copyFileSync(path.join(deployedDir, 'terraform.tfstate'), path.join(proposedDir, 'terraform.tfstate'));
    writeFixture('deployed-change', await planOf(tools, proposedStack));
  });
}

/** `npm run synth:hcl` (the cdktf CLI) of main.ts in image-URI mode into `outdir`. */
async function synthHcl(tools: TerraformTools, outdir: string): Promise<void> {
  fs.mkdirSync(outdir, { recursive: true });
  const env = { ...process.env, ...terraformEnvironment(tools, outdir), NOTIFIER_IMAGE_URI: IMAGE_URI, CI: 'true' };
  await execFileAsync('npm', ['run', '-s', 'synth:hcl', '--', '--output', outdir], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
}

/** Adds the SSH rule to the ingress of every security group of the stack, through EC2's API, as if added in the console. */
async function addSshByHand(stack: EmulatedStack): Promise<void> {
  const groups = [...stateResources(stack, 'aws_security_group'), ...stateResources(stack, 'aws_default_security_group')];
  if (groups.length !== 2) throw new Error(`expected the task security group and the default one, found ${groups.length} groups`);
  for (const group of groups) {
    const region = String(group.arn).split(':')[3];
    await awsAt(stack.emulator.endpoint, region).query('ec2', 'AuthorizeSecurityGroupIngress', {
      GroupId: String(group.id),
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '22',
      'IpPermissions.1.ToPort': '22',
      'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0',
      'IpPermissions.1.IpRanges.1.Description': SSH_BY_HAND,
    });
  }
}

/** Rewrites every task definition's container definitions as the previous release rendered them: capabilities without `add`. */
function renderAsPreviousRelease(stackFile: string): string[] {
  const stack = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const definitions = stack.resource.aws_ecs_task_definition ?? {};
  for (const definition of Object.values(definitions)) {
    const containers = JSON.parse(String(definition.container_definitions)) as { linuxParameters: { capabilities: Record<string, unknown> } }[];
    for (const container of containers) {
      if (JSON.stringify(container.linuxParameters.capabilities) !== '{"add":[],"drop":["ALL"]}') throw new Error(`unexpected capabilities ${JSON.stringify(container.linuxParameters.capabilities)}`);
      delete container.linuxParameters.capabilities.add;
    }
    definition.container_definitions = JSON.stringify(containers);
  }
  fs.writeFileSync(stackFile, JSON.stringify(stack, null, 2));
  return Object.keys(definitions).map((name) => `aws_ecs_task_definition.${name}`).sort();
}

/** The default app: its plan against no state, then applied to an emulator; its HCL and its previous release's rendering planned against that state. */
async function recordDefaultApp(tools: TerraformTools, work: string): Promise<void> {
  const hclDir = path.join(work, 'default-hcl');
  const hcl = synthHcl(tools, hclDir);
  hcl.catch(() => undefined);
  const { outdir } = synthApp('image-uri', 'record-default-');
  try {
    await withEmulator(work, 'default-app', async (emulator) => {
      const stack = await atEmulator(tools, path.join(outdir, 'stacks', 'dev'), emulator);
      writeFixture('default-app', await planOf(tools, stack));
      await applyPlan(tools, stack);

      await hcl;
      const hclStack = await hclAtEmulator(tools, path.join(hclDir, 'stacks', 'dev'), emulator);
      fs.copyFileSync(path.join(stack.dir, 'terraform.tfstate'), path.join(hclStack.dir, 'terraform.tfstate'));
      await addSshByHand(hclStack);
      writeFixture('hcl-way-out', await planOf(tools, hclStack));

      const taskDefinitions = renderAsPreviousRelease(path.join(stack.dir, 'cdk.tf.json'));
      writeFixture('previous-release', await planOf(tools, stack, taskDefinitions.map((address) => `-target=${address}`), 'previous.bin'));
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const tools = findTerraformTools();
  if (typeof tools === 'string') throw new Error(`cannot record: ${tools}`);
  fs.mkdirSync(path.join(PROJECT_ROOT, '.tmp'), { recursive: true });
  const work = fs.mkdtempSync(path.join(PROJECT_ROOT, '.tmp', 'record-plans-'));
  process.env.TMPDIR = work;
  fs.mkdirSync(FIXTURES, { recursive: true });
  try {
    await Promise.all([recordDeployedChange(tools, work), recordDefaultApp(tools, work)]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
