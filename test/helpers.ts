/**
 * Shared test helpers: valid configuration fixtures, one synth helper, and parsers for the attributes the
 * cdktf matchers cannot see into (container definitions, state machine definitions, policies).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { buildApp, renderedStackOf, type BuildAppOptions } from '../stacks/app/app';
import type { RenderedStack } from '../stacks/checks/rendered';
import { buildDefinition, type TaskTarget } from '../stacks/builders/asl';
import { arn, clusterName, CONTAINER_NAME, resultsBucketName, taskNames, workflowTaskName, namingFor, type Naming } from '../stacks/builders/names';
import { STATES_NAME_MAX } from '../stacks/aws/states';
import { assignsPublicIp, networkOf } from '../stacks/config/network-mode';
import { tasksOf } from '../stacks/config/steps';
import { ConfigError } from '../stacks/config/errors';
import type { Environment, EnvironmentInput, TaskInput, Workflow, WorkflowInput } from '../stacks/config/types';
import type { StateMachineDefinition } from '../stacks/builders/asl';
import type { PolicyDocument } from '../stacks/builders/iam';
import { EnvironmentStack } from '../stacks/app/environment-stack';
import { synthesizeEnvironments } from '../stacks/app/synthesis';

export const ACCOUNT = '123456789012';
export const REGION = 'ap-northeast-1';
export const IMAGE_URI = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/wf-dev/notifier@sha256:${'0'.repeat(64)}`;
export const PROJECT_ROOT = path.join(__dirname, '..');

export function task(name: string, extra: Partial<TaskInput> = {}): TaskInput {
  return { name, image: 'notifier', ...extra };
}

export function workflow(name: string, extra: Partial<WorkflowInput> = {}): WorkflowInput {
  return { name, steps: [task('task1'), task('task2')], ...extra };
}

export function environment(extra: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    name: 'dev',
    accountId: ACCOUNT,
    region: REGION,
    availabilityZones: [`${REGION}a`, `${REGION}c`],
    workflows: [workflow('daily-batch', { notifyOnSuccess: true, schedule: { expression: 'cron(0 9 * * ? *)', timeZone: 'Asia/Tokyo' } })],
    ...extra,
  };
}

/** An environment on an existing network (`network: { vpcId, subnetIds, ... }`): no zones, as validation asks. */
export function onExistingNetwork(network: NonNullable<EnvironmentInput['network']>, extra: Partial<EnvironmentInput> = {}): EnvironmentInput {
  const env = environment({ network, ...extra });
  delete env.availabilityZones;
  return env;
}

/** The stack of one environment (image-URI mode unless `variables` says otherwise). */
export function stackOf(env: EnvironmentInput = environment(), options: BuildAppOptions = {}): EnvironmentStack {
  const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'synth-'));
  const app = buildApp([env], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI }, ...options });
  const stack = app.node.children.find((child): child is EnvironmentStack => child instanceof EnvironmentStack);
  if (!stack) throw new Error('no EnvironmentStack was built');
  constructsWhenRendered.set(stack, stack.node.findAll().length);
  return stack;
}

/** How many constructs a stack had when buildApp rendered it: the rendering is its synthesis while none is added. */
const constructsWhenRendered = new WeakMap<EnvironmentStack, number>();

/** Terraform JSON as cdktf's Testing.synth gives it: keys in order, no `//` metadata. */
function withoutMetadata(item: unknown): unknown {
  if (Array.isArray(item)) return item.map(withoutMetadata);
  if (item === null || typeof item !== 'object') return item;
  return Object.fromEntries(
    Object.entries(item)
      .filter(([key]) => key !== '//')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => [key, withoutMetadata(value)]),
  );
}

export interface Synthesized {
  readonly json: string;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider: Record<string, Record<string, unknown>[]>;
  readonly output: Record<string, { value: unknown }>;
  readonly terraform: Record<string, unknown>;
}

/**
 * The stack's Terraform JSON, as Testing.synth gives it. A stack from {@link stackOf} was rendered by buildApp for
 * its checks (the JSON `npm run synth` writes): that rendering is used unless constructs were added since.
 */
export function synth(stack: EnvironmentStack): Synthesized {
  const rendered = renderedStackOf(stack);
  const json = rendered && constructsWhenRendered.get(stack) === stack.node.findAll().length ? JSON.stringify(withoutMetadata(rendered.json), null, 2) : Testing.synth(stack);
  const parsed = JSON.parse(json) as Partial<Omit<Synthesized, 'json'>>;
  return {
    json,
    resource: parsed.resource ?? {},
    data: parsed.data ?? {},
    provider: parsed.provider ?? {},
    output: parsed.output ?? {},
    terraform: parsed.terraform ?? {},
  };
}

/** Every resource of one type, as a list. */
export function resourcesOf(synthesized: Synthesized, type: string): Record<string, unknown>[] {
  return Object.values(synthesized.resource[type] ?? {});
}

/** The single resource of a type whose `field` equals `value`. */
export function resourceWhere(synthesized: Synthesized, type: string, field: string, value: unknown): Record<string, unknown> {
  const found = resourcesOf(synthesized, type).filter((resource) => resource[field] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${field}=${String(value)}, found ${found.length}`);
  return found[0];
}

export interface ContainerDefinition {
  name: string;
  image: string;
  user?: string;
  readonlyRootFilesystem?: boolean;
  privileged?: boolean;
  command?: string[];
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
  mountPoints: { sourceVolume: string; containerPath: string }[];
  linuxParameters: { capabilities: { add: string[]; drop: string[] }; initProcessEnabled: boolean };
  logConfiguration: { logDriver: string; options: Record<string, string> };
}

export function containersOf(taskDefinition: Record<string, unknown>): ContainerDefinition[] {
  return JSON.parse(String(taskDefinition.container_definitions)) as ContainerDefinition[];
}

export function definitionOf(stateMachine: Record<string, unknown>): StateMachineDefinition {
  return JSON.parse(String(stateMachine.definition)) as StateMachineDefinition;
}

export function policyOf(resource: Record<string, unknown>, field = 'policy'): PolicyDocument {
  return JSON.parse(String(resource[field])) as PolicyDocument;
}

/** The statement with this Sid. */
export function statement(document: PolicyDocument, sid: string) {
  const found = document.Statement.find((candidate) => candidate.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(document)}`);
  return found;
}

/** The inline policy of the IAM role with this physical name. */
export function rolePolicyOf(synthesized: Synthesized, roleName: string): PolicyDocument {
  const roles = Object.entries(synthesized.resource.aws_iam_role ?? {}).filter(([, role]) => role.name === roleName);
  if (roles.length !== 1) throw new Error(`expected one role named ${roleName}, found ${roles.length}`);
  return policyOf(resourceWhere(synthesized, 'aws_iam_role_policy', 'role', `\${aws_iam_role.${roles[0][0]}.id}`));
}

/** The Terraform reference of the resource of `type` whose `field` equals `value`, e.g. `${aws_iam_role.X.arn}`. */
export function referenceTo(synthesized: Synthesized, type: string, field: string, value: unknown, attribute = 'arn'): string {
  const keys = Object.entries(synthesized.resource[type] ?? {}).filter(([, resource]) => resource[field] === value);
  if (keys.length !== 1) throw new Error(`expected one ${type} with ${field}=${String(value)}, found ${keys.length}`);
  return `\${${type}.${keys[0][0]}.${attribute}}`;
}

const bundled = new Map<string, string>();

/**
 * The bundle a command runs as (`scripts/bundle.mjs <name>` writes `.tmp/bundle/<name>.js`, as the npm scripts
 * do before running it with plain node), built once per test file (the script writes it whole or not at all, so
 * test files that build it at once do not disturb each other).
 */
export function bundledCommand(name: 'app' | 'plan-summary' | 'check-security' | 'graph'): string {
  const known = bundled.get(name);
  if (known) return known;
  const build = spawnSync(process.execPath, [path.join('scripts', 'bundle.mjs'), name], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/bundle.mjs ${name} failed (exit ${String(build.status)}):\n${build.stderr}`);
  const file = path.join(PROJECT_ROOT, '.tmp', 'bundle', `${name}.js`);
  bundled.set(name, file);
  return file;
}

/** A TypeScript entry bundled as the npm scripts bundle main.ts (scripts/bundle.mjs), once per test file. */
function bundledEntry(entry: string): string {
  const known = bundled.get(entry);
  if (known) return known;
  const file = path.join(PROJECT_ROOT, '.tmp', 'bundle', `${path.basename(entry, '.ts')}.js`);
  const build = spawnSync(process.execPath, [path.join('scripts', 'bundle.mjs'), entry, file], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/bundle.mjs ${entry} failed (exit ${String(build.status)}):\n${build.stderr}`);
  bundled.set(entry, file);
  return file;
}

/** The seed app of the product's tests (test/fixtures/seed-app.ts), which runs like main.ts. */
export const SEED_APP = 'test/fixtures/seed-app.ts';

/**
 * Runs an app entry (the seed app by default, or main.ts) as `npm run synth` runs main.ts (bundled by
 * scripts/bundle.mjs, then run with plain node) into a fresh folder, in image-URI mode (NOTIFIER_IMAGE_URI set: no
 * Docker provider) or build mode. Returns the folder and what it printed.
 */
export function synthApp(mode: 'image-uri' | 'build', prefix = 'app-', entry = SEED_APP): { outdir: string; stdout: string; stderr: string } {
  const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), prefix));
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' };
  if (mode === 'image-uri') env.NOTIFIER_IMAGE_URI = IMAGE_URI;
  else delete env.NOTIFIER_IMAGE_URI;
  const command = entry === 'main.ts' ? bundledCommand('app') : bundledEntry(entry);
  const run = spawnSync(process.execPath, [command], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${entry} failed (${mode}, exit ${String(run.status)}):\n${run.stderr}`);
  return { outdir, stdout: run.stdout, stderr: run.stderr };
}

/**
 * The problem lines (`  - <path>: <message> (got ...)`) of the ConfigError the inputs raise through the public
 * entry, as `npm run synth` meets them: validation of the configuration, then the checks of the stacks rendered in
 * memory (image-URI mode unless `options` says otherwise); none when valid. Nothing is written.
 */
export function configProblems(inputs: EnvironmentInput[], options: BuildAppOptions = {}): string[] {
  const outdir = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'checked-')), 'cdktf.out');
  try {
    buildApp(inputs, { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI }, ...options });
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n').slice(1);
    throw error;
  } finally {
    fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  }
  return [];
}

/** The stacks of valid `inputs` as the checks read them: rendered in memory, with the source of each resource. */
export function renderedStacks(inputs: EnvironmentInput[], options: BuildAppOptions = {}): RenderedStack[] {
  const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'rendered-'));
  try {
    const app = buildApp(inputs, { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI }, ...options });
    return app.node.children.filter((child): child is EnvironmentStack => child instanceof EnvironmentStack).map((stack) => {
      const rendered = renderedStackOf(stack);
      if (!rendered) throw new Error(`stack ${stack.node.id} was not rendered`);
      return rendered;
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The key of the only resource of `type` in a rendered stack whose `field` is `value`. */
export function keyOf(stack: RenderedStack, type: string, field: string, value: unknown): string {
  const keys = Object.entries(stack.json.resource?.[type] ?? {}).filter(([, body]) => body[field] === value).map(([key]) => key);
  if (keys.length !== 1) throw new Error(`expected one ${type} with ${field}=${String(value)}, found ${keys.length}`);
  return keys[0];
}

/** What the Workflow construct gives buildDefinition, with stand-ins for the references, to test the builder alone. */
export function definitionProps(env: Environment, workflow: Workflow) {
  const naming = namingFor(env);
  const network = networkOf(env);
  const zones: readonly string[] = Array.isArray(env.availabilityZones) ? env.availabilityZones : [];
  const target = (taskName: string, settings: Pick<TaskTarget, 'capacity' | 'timeoutSeconds' | 'retry'>): TaskTarget => ({
    taskDefinitionFamily: taskNames(naming, taskName).family,
    containerName: CONTAINER_NAME,
    capacity: settings.capacity,
    timeoutSeconds: settings.timeoutSeconds,
    retry: settings.retry,
  });
  return {
    workflow,
    clusterArn: arn(naming, 'ecs', `cluster/${clusterName(naming)}`),
    subnetIds: network.mode === 'existing' ? network.subnetIds : zones.map(() => `subnet-${'f'.repeat(17)}`),
    securityGroupIds: network.mode === 'existing' && network.securityGroupIds ? network.securityGroupIds : [`sg-${'f'.repeat(17)}`],
    assignPublicIp: assignsPublicIp(network),
    region: naming.region,
    targets: Object.fromEntries(tasksOf(workflow).map((task) => [task.name, target(workflowTaskName(workflow.name, task.name), task)])),
    resultsBucket: resultsBucketName(naming),
  };
}

/** The definition buildDefinition makes for a workflow of `env`, with {@link definitionProps}. */
export function definitionFor(env: Environment, workflow: Workflow) {
  return buildDefinition(definitionProps(env, workflow));
}

/** An execution ARN with the longest state machine and execution names Step Functions accepts. */
export function longestExecutionArn(naming: Naming): string {
  return arn(naming, 'states', `execution:${'m'.repeat(STATES_NAME_MAX)}:${'e'.repeat(STATES_NAME_MAX)}`);
}

/** How many resources of each type a plan creates; every change must be a create. */
export function createdTypes(changes: readonly { readonly type: string; readonly actions: readonly string[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const change of changes) {
    expect(change.actions).toEqual(['create']);
    counts.set(change.type, (counts.get(change.type) ?? 0) + 1);
  }
  return counts;
}

/** Synthesizes environments as `npm run synth` does, in image-URI mode (no Docker needed), into a fresh folder. */
export function synthesizedApp(environments: EnvironmentInput[], prefix = 'synthesized-'): string {
  const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), prefix));
  synthesizeEnvironments(environments, { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } });
  return outdir;
}
