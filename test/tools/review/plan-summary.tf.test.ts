/**
 * The plan summary on real plans made here by offline `terraform plan`:
 * - the default app (main.ts in image-URI mode) against an empty state: creates only. This is the one plan of
 *   the default app in the suite, so the seed architecture it creates is checked here too;
 * - a deployed environment (state simulated from its own plans, see applied-state.ts) against a changed
 *   configuration: updates, a replacement and destroys, exactly the expected ones, which also confirms the
 *   simulated state (applied-state.ts, `confirm: false`).
 * And the way out of CDKTF: `npm run synth:hcl` (cdktf synth --hcl) renders the default app as plain Terraform
 * HCL, which must stand on its own. The default app is applied (simulated from its own plan), someone adds an
 * SSH rule by hand to its task security group and default security group, and the HCL, planned against that
 * state without cdktf, must remove exactly those rules and change nothing else: it is the configuration its
 * JSON applied, and that plan confirms the simulated state. cdktf 0.21's HCL drops empty lists of blocks, and
 * for the security groups' `ingress` and `egress` an absent argument means "keep whatever exists": without
 * keepEmptyListsInHcl the HCL plan kept the rules.
 * And the default app, applied (its state built through the model of what ECS reads back, see applied-state.ts),
 * planned again unchanged: nothing changes. The same app with its capabilities rendered without `add`, as the
 * previous release did, planned against that state: every task definition is replaced, as on AWS
 * (braintrustdata/terraform-aws-braintrust-data-plane pull request 335), because the provider does not normalise
 * that difference away. The scenarios plan separate stacks: they start at once, so their terraform runs overlap.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildApp } from '../../../stacks/app/app';
import type { EnvironmentInput } from '../../../stacks/config/types';
import type { Flag, FlagKind } from '../../../tools/review/flag';
import { renderMarkdown } from '../../../tools/review/markdown';
import type { PlanJson } from '../../../tools/review/plan-json';
import { summarizePlan, type PlanSummary } from '../../../tools/review/summary';
import { bundledCommand, environment, IMAGE_URI, PROJECT_ROOT, synthMain, task, workflow } from '../../helpers';
import { copyInit, describeWithTerraform, terraformEnvironment, type TerraformTools } from '../../terraform-harness';
import { planOf, prepareStack, simulateApply, terraformAsync, type OfflineStack } from './applied-state';
import { startSfnStub } from './sfn-validation-stub';

const BUSYBOX = 'public.ecr.aws/docker/library/busybox';
const SLOW = 300_000;

/** Resources by type, checking on the way that each one is created. */
function createdTypes(plan: PlanJson): Map<string, number> {
  const counts = new Map<string, number>();
  for (const change of plan.resource_changes) {
    expect(change.change.actions).toEqual(['create']);
    counts.set(change.type, (counts.get(change.type) ?? 0) + 1);
  }
  return counts;
}

function flagsOf(summary: PlanSummary, kind: FlagKind): Flag[] {
  return summary.flags.filter((flag) => flag.kind === kind);
}

function flagAt(summary: PlanSummary, kind: FlagKind, addressPart: string): Flag {
  const found = flagsOf(summary, kind).filter((flag) => flag.address.includes(addressPart));
  if (found.length !== 1) throw new Error(`expected one ${kind} flag on ${addressPart}, found ${found.length}: ${summary.flags.map((flag) => flag.title).join('\n')}`);
  return found[0];
}

function addressesWith(summary: PlanSummary, action: string): string[] {
  return summary.changes.filter((change) => change.action === action).map((change) => change.address).sort();
}

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bundledCommand('plan-summary'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

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

type StackJson = { resource: Record<string, Record<string, { egress?: Record<string, unknown>[] }>> };

/** The previous release's security group: HTTPS and HTTP egress. */
function allowHttpEgress(stackFile: string): void {
  const stack = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as StackJson;
  const groups = Object.values(stack.resource.aws_security_group ?? {});
  expect(groups).toHaveLength(1);
  const https = groups[0].egress?.[0];
  if (!https) throw new Error('the task security group has no egress rule');
  groups[0].egress?.push({ ...https, description: 'HTTP for package mirrors', from_port: 80, to_port: 80 });
  fs.writeFileSync(stackFile, JSON.stringify(stack, null, 2));
}

const workDir = (name: string) => fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, `${name}-`));

/** The stack folder of one environment, synthesized. */
function synthesize(env: EnvironmentInput, name: string): string {
  const outdir = workDir(name);
  buildApp([env], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();
  return path.join(outdir, 'stacks', env.name);
}

const execFileAsync = promisify(execFile);

interface HclSynthesis {
  readonly outdir: string;
  readonly status: number;
  readonly stderr: string;
}

/**
 * `npm run synth:hcl` (the cdktf CLI) of main.ts in image-URI mode into a fresh folder, without blocking: the
 * terraform runs of the default app go on meanwhile. The CLI's own terraform calls get the harness's CLI
 * configuration.
 */
async function synthHcl(tools: TerraformTools): Promise<HclSynthesis> {
  const outdir = workDir('review-default-hcl');
  const env = { ...process.env, ...terraformEnvironment(tools, outdir), NOTIFIER_IMAGE_URI: IMAGE_URI, CI: 'true' };
  try {
    const { stderr } = await execFileAsync('npm', ['run', '-s', 'synth:hcl', '--', '--output', outdir], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    return { outdir, status: 0, stderr };
  } catch (error) {
    const failure = error as { code?: unknown; stderr?: string };
    return { outdir, status: typeof failure.code === 'number' ? failure.code : -1, stderr: failure.stderr ?? String(error) };
  }
}

/**
 * The HCL counterpart of the harness's makeOffline, as a Terraform override file: the offline provider flags,
 * no account check (the account cannot be looked up), and state in the folder. The HCL itself is untouched.
 */
function makeHclOffline(dir: string): void {
  fs.writeFileSync(
    path.join(dir, 'offline_override.tf.json'),
    JSON.stringify({
      terraform: { backend: { local: { path: 'terraform.tfstate' } } },
      provider: { aws: { allowed_account_ids: null, skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: 'true' } },
    }),
  );
}

interface StateFile {
  resources: { type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
}

const SSH_BY_HAND = {
  cidr_blocks: ['0.0.0.0/0'],
  description: 'ssh, added by hand',
  from_port: 22,
  ipv6_cidr_blocks: [],
  prefix_list_ids: [],
  protocol: 'tcp',
  security_groups: [],
  self: false,
  to_port: 22,
};

/** Adds the SSH rule to the ingress of every security group in the state, as if added in the console. */
function addSshByHand(stateFile: string): string[] {
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as StateFile;
  const groups = state.resources.filter((resource) => resource.type === 'aws_security_group' || resource.type === 'aws_default_security_group');
  for (const group of groups) {
    const attributes = group.instances[0].attributes;
    attributes.ingress = [...((attributes.ingress as unknown[] | null) ?? []), SSH_BY_HAND];
  }
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  return groups.map((group) => `${group.type}.${group.name}`).sort();
}

/** Every managed change that is not a no-op: address -> actions, and the ingress it leaves. */
function changesOf(plan: PlanJson): Record<string, { actions: string[]; ingressAfter: unknown }> {
  return Object.fromEntries(
    plan.resource_changes
      .filter((change) => change.mode === 'managed' && !change.change.actions.every((action) => action === 'no-op'))
      .map((change) => [change.address, { actions: change.change.actions, ingressAfter: (change.change.after as { ingress?: unknown } | undefined)?.ingress }]),
  );
}

/** The ingress a change starts from. */
function ingressBefore(plan: PlanJson, address: string): unknown {
  return (plan.resource_changes.find((change) => change.address === address)?.change.before as { ingress?: unknown } | undefined)?.ingress;
}

interface DefaultAppPlan {
  readonly synthStderr: string;
  readonly plan: PlanJson;
  readonly planFile: string;
}

/** The default app's HCL from `npm run synth:hcl`, planned against the app's applied state with SSH rules added by hand. */
interface HclWayOut {
  /** What `npm run synth:hcl` printed on standard error, the `cdk.*` files it wrote into the stack folder, and its HCL. */
  readonly synth: { readonly stderr: string; readonly files: string[]; readonly hcl: string };
  /** The security groups the rule was added to. */
  readonly groups: string[];
  readonly fromHcl: PlanJson;
}

/** One change of a plan, from `terraform plan -json` ("planned_change" messages of Terraform's machine-readable UI). */
interface PlannedChange {
  readonly address: string;
  readonly action: string;
  readonly reason?: string;
}

/** The default app planned against its applied state: as rendered, and as the previous release rendered it. */
interface ReadBackPlans {
  readonly previousRelease: PlannedChange[];
  readonly taskDefinitions: string[];
}

/**
 * What Terraform plans for the stack against its state, without a `terraform show` (none: an empty list); with
 * `targets`, for those resources and what they depend on only (`-target`), which keeps the suite's terraform
 * CPU down.
 */
async function plannedChanges(tools: TerraformTools, stack: OfflineStack, targets: readonly string[] = []): Promise<PlannedChange[]> {
  const output = await terraformAsync(tools, stack.dir, stack.env, ['plan', '-input=false', '-no-color', '-refresh=false', '-json', ...targets.map((target) => `-target=${target}`)]);
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; change?: { resource: { addr: string }; action: string; reason?: string } })
    .flatMap((message) => (message.type === 'planned_change' && message.change ? [{ address: message.change.resource.addr, action: message.change.action, reason: message.change.reason }] : []));
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

/** The applied default app planned as it is, then as the previous release rendered it (plans write no state: the HCL's copy of it is unaffected). */
async function planReadBack(tools: TerraformTools, stack: OfflineStack): Promise<ReadBackPlans> {
  const taskDefinitions = renderAsPreviousRelease(path.join(stack.dir, 'cdk.tf.json'));
  return { previousRelease: await plannedChanges(tools, stack, taskDefinitions), taskDefinitions };
}

interface DefaultAppScenarios {
  readonly app: DefaultAppPlan;
  readonly hcl: Promise<HclWayOut>;
  readonly readBack: Promise<ReadBackPlans>;
}

/**
 * main.ts as users run it, in image-URI mode, planned against an empty state; and, started as soon as that plan
 * is there, its apply (simulated, unconfirmed: the plans after it confirm it), then the way out
 * ({@link planHclWayOut}) and the plans against the applied state ({@link planReadBack}).
 */
async function planDefaultApp(tools: TerraformTools): Promise<DefaultAppScenarios> {
  const hclSynthesis = synthHcl(tools);
  const { outdir, stderr } = synthMain('image-uri', 'review-default-');
  const stub = await startSfnStub();
  try {
    const stack = await prepareStack(tools, path.join(outdir, 'stacks', 'dev'), stub);
    const planned = await planOf(tools, stack);
    const planFile = path.join(outdir, 'plan.json');
    fs.writeFileSync(planFile, planned.json);
    const applied = started(() => simulateApply(tools, stack, { confirm: false, planned }));
    const hcl = started(() => planHclWayOut(tools, { stack, applied }, hclSynthesis));
    const readBack = started(() => applied.then(() => planReadBack(tools, stack)));
    void Promise.allSettled([hcl, readBack]).then(() => stub.close());
    return { app: { synthStderr: stderr, plan: planned.plan, planFile }, hcl, readBack };
  } catch (error) {
    await stub.close();
    throw error;
  }
}

/**
 * The default app applied (simulated from its own plan, unconfirmed: the HCL plan confirms it), SSH rules added
 * by hand to a copy of its state, and its HCL planned against that copy, in the HCL's own folder with the same
 * providers, hence the same init.
 */
async function planHclWayOut(tools: TerraformTools, app: { stack: OfflineStack; applied: Promise<number> }, hclSynthesis: Promise<HclSynthesis>): Promise<HclWayOut> {
  await app.applied;
  const synthesis = await hclSynthesis;
  if (synthesis.status !== 0) throw new Error(`npm run synth:hcl failed (exit ${synthesis.status}):\n${synthesis.stderr}`);
  const dir = path.join(synthesis.outdir, 'stacks', 'dev');
  const files = fs.readdirSync(dir).filter((file) => file.startsWith('cdk.'));
  const hcl = fs.readFileSync(path.join(dir, 'cdk.tf'), 'utf8');
  makeHclOffline(dir);
  copyInit(app.stack.dir, dir);
  fs.copyFileSync(path.join(app.stack.dir, 'terraform.tfstate'), path.join(dir, 'terraform.tfstate'));
  const groups = addSshByHand(path.join(dir, 'terraform.tfstate'));
  const fromHcl = await planOf(tools, { dir, env: { ...app.stack.env, ...terraformEnvironment(tools, dir) } });
  return { synth: { stderr: synthesis.stderr, files, hcl }, groups, fromHcl: fromHcl.plan };
}

interface DeployedChangePlan {
  readonly deployedAddresses: string[];
  readonly plan: PlanJson;
  readonly planFile: string;
  /** State machine definitions the Step Functions stub validated for these plans. */
  readonly validated: number;
}

/**
 * The deployed environment applied (simulated, unconfirmed: the pull request's plan, whose changes are checked
 * one by one, confirms it), then the pull request planned against its state.
 */
async function planDeployedChange(tools: TerraformTools): Promise<DeployedChangePlan> {
  const deployedDir = synthesize(deployed, 'review-deployed');
  allowHttpEgress(path.join(deployedDir, 'cdk.tf.json'));
  const proposedDir = synthesize(proposed, 'review-proposed');
  const stub = await startSfnStub();
  try {
    // `terraform init` of the proposed stack needs no state: it runs while the deployed one is applied.
    const [proposedStack] = await Promise.all([
      prepareStack(tools, proposedDir, stub),
      prepareStack(tools, deployedDir, stub).then((stack) => simulateApply(tools, stack, { confirm: false })),
    ]);
    const stateFile = path.join(deployedDir, 'terraform.tfstate');
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { resources: { type: string; name: string }[] };
    fs.copyFileSync(stateFile, path.join(proposedDir, 'terraform.tfstate'));
    const planned = await planOf(tools, proposedStack);
    const planFile = path.join(path.dirname(path.dirname(proposedDir)), 'plan.json');
    fs.writeFileSync(planFile, planned.json);
    return {
      deployedAddresses: state.resources.map((resource) => `${resource.type}.${resource.name}`),
      plan: planned.plan,
      planFile,
      validated: stub.validated(),
    };
  } finally {
    await stub.close();
  }
}

/** Starts the work now; a failure is reported where the result is awaited, not as an unhandled rejection. */
function started<T>(work: () => Promise<T>): Promise<T> {
  const promise = work();
  promise.catch(() => undefined);
  return promise;
}

describeWithTerraform('plan summary of real offline plans', (tools) => {
  let defaultApp: Promise<DefaultAppScenarios>;
  let deployedChange: Promise<DeployedChangePlan>;

  beforeAll(() => {
    // The deployed scenario takes longer: it goes first.
    deployedChange = started(() => planDeployedChange(tools));
    defaultApp = started(() => planDefaultApp(tools));
  });

  describe('GIVEN the default app and no state', () => {
    let plan: PlanJson;
    let planFile: string;
    let synthStderr: string;
    let summary: PlanSummary;

    beforeAll(async () => {
      ({ plan, planFile, synthStderr } = (await defaultApp).app);
      summary = summarizePlan(plan);
    }, SLOW);

    it('WHEN planned THEN it creates the whole seed architecture', () => {
      expect(synthStderr).toBe('');
      const types = createdTypes(plan);
      expect([...types.keys()].filter((type) => type.startsWith('docker_'))).toEqual([]);
      expect(Object.fromEntries(types)).toMatchObject({
        aws_vpc: 1,
        aws_subnet: 2,
        aws_internet_gateway: 1,
        aws_security_group: 1,
        aws_flow_log: 1,
        aws_kms_key: 1,
        aws_ecr_repository: 1,
        aws_ecr_lifecycle_policy: 1,
        aws_ecs_cluster: 1,
        aws_ecs_task_definition: 3,
        aws_sfn_state_machine: 1,
        aws_scheduler_schedule: 1,
        aws_secretsmanager_secret: 1,
      });
      const stateMachine = plan.resource_changes.find((change) => change.type === 'aws_sfn_state_machine');
      expect(stateMachine?.change.after).toMatchObject({ name: 'wf-dev-daily-batch', type: 'STANDARD', tracing_configuration: [{ enabled: true }] });
    });

    it('WHEN summarized THEN every managed resource is counted as a create and nothing else', () => {
      const managed = plan.resource_changes.filter((change) => change.mode === 'managed');
      expect(managed.length).toBeGreaterThan(30);
      expect(summary.counts).toEqual({ create: managed.length, update: 0, replace: 0, destroy: 0, forget: 0 });
      expect(summary.changes.map((change) => change.address)).toEqual(managed.map((change) => change.address));
      expect(flagsOf(summary, 'destroy')).toEqual([]);
      expect(flagsOf(summary, 'replace')).toEqual([]);
    });

    it('WHEN summarized THEN new roles, the egress-only security group, the state machine and the task images are flagged', () => {
      const roles = summary.changes.filter((change) => change.type === 'aws_iam_role').length;
      expect(flagsOf(summary, 'iam').filter((flag) => flag.title.startsWith('**IAM** role created')).length).toBe(roles);
      expect(flagAt(summary, 'security-group', 'TaskSecurityGroup').details).toEqual(['rule added: `egress tcp 443 to 0.0.0.0/0 "HTTPS to AWS APIs, image registries and Slack"`']);
      expect(flagAt(summary, 'state-machine', 'daily-batch').title).toBe(
        '**State machine** created: `aws_sfn_state_machine.daily-batch_Workflow_StateMachine_5110F5C6` (`wf-dev-daily-batch`)',
      );
      expect(flagsOf(summary, 'image').map((flag) => flag.address).sort()).toEqual(
        summary.changes.filter((change) => change.type === 'aws_ecs_task_definition').map((change) => change.address).sort(),
      );
    });

    it('WHEN rendered THEN the headline, no caution block and one table row per resource appear', () => {
      const markdown = renderMarkdown(summary, { title: 'dev' });
      const lines = markdown.split('\n');
      expect(lines[0]).toBe('### dev');
      expect(lines).toContain(`**Plan:** ${summary.counts.create} to create, 0 to update, 0 to replace, 0 to destroy (Terraform ${plan.terraform_version ?? ''})`);
      expect(markdown).not.toContain('[!CAUTION]');
      expect(lines.filter((line) => line.startsWith('| create |'))).toHaveLength(summary.counts.create);
      expect(lines).toContain('| create | `aws_sfn_state_machine` | `aws_sfn_state_machine.daily-batch_Workflow_StateMachine_5110F5C6` |');
    });

    it('WHEN the CLI runs with --fail-on-destroy --output THEN it exits 0 and writes the same Markdown to the file', () => {
      const output = path.join(path.dirname(planFile), 'summary.md');
      const result = runCli([planFile, '--fail-on-destroy', '--title', 'dev', '--output', output]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('');
      expect(fs.readFileSync(output, 'utf8')).toBe(renderMarkdown(summary, { title: 'dev' }));
    });
  });

  describe('GIVEN a deployed environment and a pull request that changes it', () => {
    let summary: PlanSummary;
    let markdown: string;
    let planFile: string;
    let deployedAddresses: string[];
    let validated: number;

    beforeAll(async () => {
      const planned = await deployedChange;
      ({ planFile, deployedAddresses, validated } = planned);
      summary = summarizePlan(planned.plan);
      markdown = renderMarkdown(summary, { title: 'dev' });
    }, SLOW);

    it('WHEN planned THEN the AWS provider had the known state machine definitions validated by the loopback stub', () => {
      expect(validated).toBeGreaterThan(0);
    });

    it('WHEN summarized THEN exactly the resources of the removed workflow and the removed task are destroyed', () => {
      // The removed workflow's resources, its alarms (named after its state machine) included.
      const removed = deployedAddresses.filter((address) => /\.(cleanup_|etl_publish_)|_wf-dev-cleanup-/.test(address)).sort();
      expect(removed.length).toBeGreaterThan(8);
      expect(addressesWith(summary, 'delete')).toEqual(removed);
      expect(summary.counts.destroy).toBe(removed.length);
      expect(flagsOf(summary, 'destroy').map((flag) => flag.address).sort()).toEqual(removed);
      expect(flagAt(summary, 'destroy', 'cleanup_Workflow_StateMachine').title).toMatch(/^\*\*DESTROY\*\* `aws_sfn_state_machine\.cleanup_Workflow_StateMachine_\w+`: it is no longer in the configuration$/);
    });

    it('WHEN summarized THEN the render task definition is replaced, forced by its container definitions, and its image change is shown', () => {
      expect(addressesWith(summary, 'replace')).toEqual([expect.stringMatching(/^aws_ecs_task_definition\.reports_render_Definition_/)]);
      expect(flagAt(summary, 'replace', 'reports_render').title).toContain('forced by `container_definitions`');
      expect(flagAt(summary, 'image', 'reports_render').details).toEqual([`container \`main\`: \`${BUSYBOX}:1.36\` -> \`${BUSYBOX}:1.37\``]);
    });

    // Exactly these: a resource the pull request leaves alone must plan no change, which also confirms the
    // simulated state of the deployed environment.
    it('WHEN summarized THEN the updates are exactly the definitions, the schedule, the role policies and alert rules that name what changed, and the security group', () => {
      const updated = addressesWith(summary, 'update').map((address) => address.replace(/_[0-9A-F]{8}$/, '')).sort();
      expect(updated).toEqual([
        // The alerts and the runs skipped by schedule no longer include `cleanup`, nor does the notifier's policy.
        'aws_cloudwatch_event_rule.ExecutionAlerts_Rule',
        'aws_cloudwatch_event_rule.ExecutionAlerts_SkippedRule',
        'aws_iam_role_policy.ExecutionAlerts_NotifierTaskPolicy',
        'aws_iam_role_policy.etl_Workflow_RolePolicy',
        'aws_scheduler_schedule.daily-batch_Workflow_Schedule',
        'aws_security_group.Network_TaskSecurityGroup',
        'aws_sfn_state_machine.daily-batch_Workflow_StateMachine',
        'aws_sfn_state_machine.etl_Workflow_StateMachine',
        // Not `reports`: its new image is a new revision of the same task family, which its definition and its
        // role name (rule ecs.run-task-family), so neither changes and its failed executions can be redriven.
      ]);
      expect(summary.counts.update).toBe(updated.length);
      expect(summary.counts.create).toBe(0);
    });

    it('WHEN summarized THEN the roles that can no longer be passed are listed, still only to ECS tasks', () => {
      const flag = flagAt(summary, 'passrole', 'etl_Workflow_RolePolicy');
      expect(flag.details).toEqual([
        'roles removed: `arn:aws:iam::123456789012:role/wf-dev-etl-publish-exec`, `arn:aws:iam::123456789012:role/wf-dev-etl-publish-task`',
        expect.stringMatching(/^passable roles after: `arn:aws:iam::123456789012:role\/wf-dev-etl-extract-exec`, /),
        'only to: `"ecs-tasks.amazonaws.com"`',
      ]);
      // A new revision of a task family changes no role that may pass its roles.
      expect(() => flagAt(summary, 'passrole', 'reports_Workflow_RolePolicy')).toThrow(/found 0/);
      expect(flagAt(summary, 'iam', 'etl_Workflow_RolePolicy').details).toEqual(
        expect.arrayContaining([expect.stringMatching(/^`policy` statement `PassOwnTaskRolesToEcsOnly`: resources -`arn:aws:iam::123456789012:role\/wf-dev-etl-publish-exec`/)]),
      );
    });

    it('WHEN summarized THEN the known definition changes come with their diffs', () => {
      const daily = flagAt(summary, 'state-machine', 'daily-batch');
      expect(daily.diff?.split('\n')).toEqual(expect.arrayContaining(['-      "TimeoutSeconds": 3600,', '+      "TimeoutSeconds": 7200,']));
      // The step's time-out, and the execution's time-out derived from the steps' (3,600 s more).
      expect(daily.diff?.split('\n').filter((line) => /^[-+]/.test(line))).toEqual([
        '-      "TimeoutSeconds": 3600,',
        '+      "TimeoutSeconds": 7200,',
        '-  "TimeoutSeconds": 9000',
        '+  "TimeoutSeconds": 12600',
      ]);
      const etl = flagAt(summary, 'state-machine', 'etl_Workflow');
      const etlLines = etl.diff?.split('\n') ?? [];
      expect(etlLines).toEqual(expect.arrayContaining(['-    "publish": {', '-      "Next": "publish",']));
      expect(etlLines.filter((line) => line.startsWith('+'))).not.toContainEqual(expect.stringContaining('publish'));
      // The image of `reports` changed: a new task definition revision, the same definition (it names the family).
      expect(() => flagAt(summary, 'state-machine', 'reports')).toThrow(/found 0/);
    });

    it('WHEN summarized THEN the security group change shows the HTTP rule going away', () => {
      expect(flagAt(summary, 'security-group', 'TaskSecurityGroup').details).toEqual(['rule removed: `egress tcp 80 to 0.0.0.0/0 "HTTP for package mirrors"`']);
    });

    it('WHEN rendered THEN the caution block, the counts, the table and the diffs are in the Markdown', () => {
      const lines = markdown.split('\n');
      const { update, destroy } = summary.counts;
      expect(lines).toContain(`**Plan:** 0 to create, ${update} to update, 1 to replace, ${destroy} to destroy (Terraform 1.11.4)`);
      expect(lines).toContain('> [!CAUTION]');
      expect(lines).toContain(`> **${destroy} resources destroyed and 1 replaced.** Data in destroyed resources is lost and replaced resources get new IDs: check each one below.`);
      expect(lines).toContain(`#### :boom: Destroyed (${destroy})`);
      expect(lines.filter((line) => line.startsWith('| **destroy** |'))).toHaveLength(destroy);
      expect(lines).toContain(`| **replace** | \`aws_ecs_task_definition\` | \`${addressesWith(summary, 'replace')[0]}\` |`);
      expect(lines.filter((line) => line.startsWith('<details><summary>Definition diff of'))).toHaveLength(2);
      expect(lines).toContain('+      "TimeoutSeconds": 7200,');
    });

    it('WHEN the CLI runs THEN --fail-on-destroy and --fail-on-replace exit 1 and say why, and without them it exits 0', () => {
      const plain = runCli([planFile, '--title', 'dev']);
      expect(plain.status).toBe(0);
      expect(plain.stdout).toBe(markdown);

      const failOnDestroy = runCli([planFile, '--fail-on-destroy']);
      expect(failOnDestroy.status).toBe(1);
      expect(failOnDestroy.stderr.trim()).toBe(`plan-summary: ${summary.counts.destroy} resource(s) would be destroyed (${planFile})`);
      expect(failOnDestroy.stdout).toContain('> [!CAUTION]');

      const failOnReplace = runCli([planFile, '--fail-on-replace']);
      expect(failOnReplace.status).toBe(1);
      expect(failOnReplace.stderr.trim()).toBe(`plan-summary: 1 resource(s) would be replaced (${planFile})`);
    });
  });

  describe('GIVEN the default app, applied, with an SSH rule added by hand to both its security groups', () => {
    let synth: HclWayOut['synth'];
    let groups: string[];
    let fromHcl: PlanJson;

    beforeAll(async () => {
      ({ synth, groups, fromHcl } = await (await defaultApp).hcl);
    }, SLOW);

    // cdktf 0.21.0 writes a JSON string that holds a reference as invalid HCL (hashicorp/terraform-cdk#3911);
    // the constructs therefore render JSON documents with `jsonencode({...})` in HCL mode (json-attribute.ts).
    it('WHEN npm run synth:hcl renders it THEN the stack folder holds plain HCL only, without the Docker provider, its JSON documents as jsonencode', () => {
      expect(synth.stderr).toBe('');
      expect(synth.files).toEqual(['cdk.tf']);
      expect(synth.hcl).toMatch(/^resource "aws_sfn_state_machine" /m);
      expect(synth.hcl).not.toMatch(/^provider "docker"/m);
      expect(synth.hcl).toMatch(/^\s*definition\s*=\s*"\$\{jsonencode\(\{/m);
    });

    it('WHEN that HCL is planned without cdktf THEN the rules added by hand are removed from both groups, and only they', () => {
      expect(groups).toEqual([expect.stringMatching(/^aws_default_security_group\.Network_DefaultSecurityGroup_/), expect.stringMatching(/^aws_security_group\.Network_TaskSecurityGroup_/)]);
      const changes = changesOf(fromHcl);
      for (const group of groups) {
        expect(ingressBefore(fromHcl, group)).toEqual([expect.objectContaining({ description: SSH_BY_HAND.description, from_port: 22, to_port: 22 })]);
        expect(changes[group]).toEqual({ actions: ['update'], ingressAfter: [] });
        const change = fromHcl.resource_changes.find((candidate) => candidate.address === group)?.change;
        expect((change?.after as { egress?: unknown } | undefined)?.egress).toEqual((change?.before as { egress?: unknown } | undefined)?.egress);
      }
    });

    it('WHEN that HCL is planned without cdktf THEN nothing else changes: the HCL is the configuration its JSON applied', () => {
      expect(Object.keys(changesOf(fromHcl)).sort()).toEqual(groups);
    });
  });
  describe('GIVEN the default app, applied: its state as ECS reads its task definitions back', () => {
    let readBack: ReadBackPlans;
    let fromHcl: PlanJson;

    beforeAll(async () => {
      readBack = await (await defaultApp).readBack;
      ({ fromHcl } = await (await defaultApp).hcl);
    }, SLOW);

    // The unchanged app's plan against this state is the way out's above: the same configuration (as HCL), the
    // same state (built through the read-back model), with only the hand-added rules to remove.
    it('WHEN the unchanged app is planned again THEN no task definition changes', () => {
      expect(readBack.taskDefinitions).toHaveLength(3);
      expect(Object.keys(changesOf(fromHcl)).filter((address) => address.startsWith('aws_ecs_task_definition.'))).toEqual([]);
      expect(Object.keys(changesOf(fromHcl)).length).toBeGreaterThan(0);
    });

    it('WHEN its capabilities are rendered without `add`, as the previous release did THEN every task definition is replaced, forced by its container definitions', () => {
      const taskDefinitionChanges = readBack.previousRelease.filter((change) => change.address.startsWith('aws_ecs_task_definition.'));
      expect(taskDefinitionChanges.map((change) => change.address).sort()).toEqual(readBack.taskDefinitions);
      for (const change of taskDefinitionChanges) expect(change).toMatchObject({ action: 'replace', reason: 'cannot_update' });
      expect(readBack.previousRelease.filter((change) => change.action === 'replace')).toEqual(taskDefinitionChanges);
    });
  });
});
