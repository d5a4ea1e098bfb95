/**
 * Every physical name the environments will create, each with the configuration field that causes it, built
 * by the same functions of names.ts that the constructs call. Validation uses the list to refuse, before
 * anything is synthesized, two resources that would get the same name (synthesis and plan pass, apply fails)
 * and names longer than AWS allows.
 *
 * Names only collide within their namespace: IAM roles are global to an account, the other resources here are
 * unique per account and region. Environments that share an account are checked against each other too.
 */
import { IAM_ROLE_NAME_MAX } from '../aws/iam';
import { SCHEDULE_NAME_MAX } from '../aws/scheduler';
import { STATES_NAME_MAX } from '../aws/states';
import type { Environment, Task } from '../config/types';
import {
  clusterName,
  executionAlertNames,
  keyAliasName,
  namingFor,
  networkNames,
  NOTIFIER_TASK,
  repositoryName,
  scheduleGroupName,
  scheduleNames,
  stateMachineNames,
  taskNames,
  webhookSecretName,
  workflowTaskName,
  type Naming,
} from '../builders/names';
import { networkOf } from '../config/network-mode';
import { tasksWithPaths } from '../config/steps';

export type NameKind =
  | 'IAM role'
  | 'ECS cluster'
  | 'ECS task family'
  | 'log group'
  | 'ECR repository'
  | 'state machine'
  | 'schedule'
  | 'schedule group'
  | 'SQS queue'
  | 'secret'
  | 'KMS alias'
  | 'security group';

/** Longest name AWS accepts, for the kinds whose limit the configuration's own limits do not already keep. */
export const NAME_MAX_LENGTH: Partial<Record<NameKind, number>> = {
  'IAM role': IAM_ROLE_NAME_MAX,
  schedule: SCHEDULE_NAME_MAX,
  'state machine': STATES_NAME_MAX,
};

/** What declares a name: a field of the configuration, as a path from the list of environments. */
export interface NameSource {
  /** e.g. `[0, 'workflows', 1, 'steps', 0, 'name']`. */
  readonly path: readonly PropertyKey[];
  /** e.g. `step c of workflow a-b in environment dev`; two sources with one label are one declaration repeated. */
  readonly label: string;
}

export interface PhysicalName {
  readonly kind: NameKind;
  readonly name: string;
  /** Where the name must be unique, e.g. `123456789012/eu-west-1` or `123456789012` for IAM. */
  readonly scope: string;
  readonly source: NameSource;
}

/** The image a `{ directory }` task is built from: tasks with the same key share one image and repository. */
export function builtImageKey(task: Task): string | undefined {
  const source = task.image;
  if (source === 'notifier' || 'uri' in source) return undefined;
  return `${source.directory}\0${source.dockerfile}\0${JSON.stringify(source.buildArgs)}\0${task.cpuArchitecture}`;
}

/** Every physical name of every environment, in the order the stacks create them. */
export function physicalNames(environments: readonly Environment[]): PhysicalName[] {
  return environments.flatMap((env, index) => environmentNames(env, index));
}

function environmentNames(env: Environment, index: number): PhysicalName[] {
  const naming = namingFor(env);
  const account = env.accountId;
  const regional = `${account}/${env.region}`;
  const names: PhysicalName[] = [];
  const add = (kind: NameKind, name: string, source: NameSource, scope = regional) => names.push({ kind, name, scope, source });
  const environment = `environment ${env.name}`;
  const own = (what: string): NameSource => ({ path: [index, 'name'], label: `${what} of ${environment}` });

  const network = networkNames(naming);
  add('KMS alias', keyAliasName(naming), own('the KMS key'));
  // A security group name is unique within its VPC: each created network is the environment's own VPC, an
  // existing one may be shared by several environments.
  const settings = networkOf(env);
  const vpc = settings.mode === 'existing' ? `${regional}/${settings.vpcId}` : `${regional}/vpc of ${environment}`;
  const networkSource: NameSource = { path: [index, 'network'], label: `the network of ${environment}` };
  if (settings.mode !== 'existing' || settings.securityGroupIds === undefined) {
    add('security group', network.taskSecurityGroup, own('the task security group'), vpc);
  }
  if (settings.mode === 'private' && settings.endpoints) add('security group', network.endpointSecurityGroup, networkSource, vpc);
  if (settings.mode !== 'existing') {
    add('log group', network.flowLogGroup, own('the VPC flow logs'));
    add('IAM role', network.flowLogRole, own('the VPC flow logs'), account);
  }
  add('ECS cluster', clusterName(naming), own('the ECS cluster'));
  const scheduleGroup = scheduleGroupName(naming);
  add('schedule group', scheduleGroup, own('the schedule group'));
  if (!env.webhookSecretArn) add('secret', webhookSecretName(naming), own('the webhook secret'));
  add('ECR repository', repositoryName(naming, NOTIFIER_TASK), own('the notifier image'));
  addTask(add, naming, account, NOTIFIER_TASK, own('the notifier task'));

  const builtImages = new Set<string>();
  env.workflows.forEach((workflow, w) => {
    const at = [index, 'workflows', w];
    const workflowSource: NameSource = { path: [...at, 'name'], label: `workflow ${workflow.name} in ${environment}` };
    for (const [task, taskPath] of tasksWithPaths(workflow, at)) {
      // A fan-out's task is named by its step.
      const path = taskPath.at(-1) === 'task' ? taskPath.slice(0, -1) : taskPath;
      const source: NameSource = { path: [...path, 'name'], label: `step ${task.name} of workflow ${workflow.name} in ${environment}` };
      const taskName = workflowTaskName(workflow.name, task.name);
      const image = builtImageKey(task);
      if (image !== undefined && !builtImages.has(image)) {
        builtImages.add(image);
        add('ECR repository', repositoryName(naming, taskName), source);
      }
      addTask(add, naming, account, taskName, source);
    }
    const machine = stateMachineNames(naming, workflow.name);
    add('state machine', machine.stateMachine, workflowSource);
    add('IAM role', machine.role, workflowSource, account);
    add('log group', machine.logGroup, workflowSource);
    if (workflow.schedule) {
      const schedule = scheduleNames(machine.schedule);
      // A schedule name is unique within its schedule group.
      add('schedule', schedule.schedule, workflowSource, `${regional}/schedule group ${scheduleGroup}`);
      add('IAM role', schedule.role, workflowSource, account);
      if (workflow.schedule.deadLetterQueue) add('SQS queue', schedule.deadLetterQueue, workflowSource);
    }
  });
  if (env.workflows.length > 0) {
    const alerts = executionAlertNames(naming);
    add('IAM role', alerts.role, own('the execution alerts'), account);
    add('SQS queue', alerts.deadLetterQueue, own('the execution alerts'));
  }
  return names;
}

function addTask(add: (kind: NameKind, name: string, source: NameSource, scope?: string) => void, naming: Naming, account: string, taskName: string, source: NameSource): void {
  const names = taskNames(naming, taskName);
  add('ECS task family', names.family, source);
  add('IAM role', names.executionRole, source, account);
  add('IAM role', names.taskRole, source, account);
  add('log group', names.logGroup, source);
}

/** Two declarations that would create resources of the same name: every name they share, once. */
export interface NameClash {
  /** The declaration that comes first in the configuration. */
  readonly first: NameSource;
  readonly second: NameSource;
  readonly names: readonly PhysicalName[];
}

/**
 * Every pair of declarations that make the same name in the same namespace, each pair once with all the names
 * it shares. A declaration repeated as such (the same label, e.g. a duplicated workflow name) is not a clash
 * here: the uniqueness checks of the configuration already report it.
 */
export function nameClashes(names: readonly PhysicalName[]): NameClash[] {
  const claimed = new Map<string, PhysicalName>();
  const clashes = new Map<string, { first: NameSource; second: NameSource; names: PhysicalName[] }>();
  for (const name of names) {
    const key = `${name.scope}\0${name.kind}\0${name.name}`;
    const earlier = claimed.get(key);
    if (!earlier) {
      claimed.set(key, name);
      continue;
    }
    if (earlier.source.label === name.source.label) continue;
    const pair = `${earlier.source.label}\0${name.source.label}`;
    const clash = clashes.get(pair) ?? { first: earlier.source, second: name.source, names: [] };
    clash.names.push(name);
    clashes.set(pair, clash);
  }
  return [...clashes.values()];
}

/** A name longer than AWS allows, with its limit. */
export interface LongName {
  readonly name: PhysicalName;
  readonly max: number;
}

/** The first name of each declaration that is longer than AWS allows for its kind. */
export function tooLongNames(names: readonly PhysicalName[]): LongName[] {
  const reported = new Set<string>();
  const result: LongName[] = [];
  for (const name of names) {
    const max = NAME_MAX_LENGTH[name.kind];
    if (max === undefined || name.name.length <= max || reported.has(name.source.label)) continue;
    reported.add(name.source.label);
    result.push({ name, max });
  }
  return result;
}

/** `IAM role "wf-dev-a-b-c-exec"`. */
export function describeName(name: PhysicalName): string {
  return `${name.kind} "${name.name}"`;
}
