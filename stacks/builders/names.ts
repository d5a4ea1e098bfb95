/**
 * Physical names and ARNs, all derived from one validated prefix (`<project>-<environment>`) and the
 * environment's account and region, never looked up from AWS at plan time.
 */
import { partitionOfRegion } from '../aws/partitions';
import type { Environment } from '../config/types';

export interface Naming {
  /** `<project>-<environment>`: the start of every physical name. */
  readonly prefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** What every role gets besides its name: its path and permissions boundary. @default - path "/", no boundary */
  readonly roles?: RoleSettings;
}

export interface RoleSettings {
  /** Rule iam.role-path. @default "/" */
  readonly path?: string;
  /** Rule iam.permissions-boundary. @default - none */
  readonly permissionsBoundaryArn?: string;
}

export function namingFor(env: Pick<Environment, 'project' | 'name' | 'accountId' | 'region'> & Partial<Pick<Environment, 'rolePath' | 'permissionsBoundaryArn'>>): Naming {
  const roles: RoleSettings = {
    ...(env.rolePath !== undefined ? { path: env.rolePath } : {}),
    ...(env.permissionsBoundaryArn !== undefined ? { permissionsBoundaryArn: env.permissionsBoundaryArn } : {}),
  };
  return { prefix: `${env.project}-${env.name}`, accountId: env.accountId, region: env.region, partition: partitionOf(env.region), ...(Object.keys(roles).length > 0 ? { roles } : {}) };
}

/** The IAM role arguments every role of the environment gets (path, permissions boundary), only those it sets. */
export function roleSettings(naming: Naming): { path?: string; permissionsBoundary?: string } {
  const roles = naming.roles ?? {};
  return { ...(roles.path !== undefined ? { path: roles.path } : {}), ...(roles.permissionsBoundaryArn !== undefined ? { permissionsBoundary: roles.permissionsBoundaryArn } : {}) };
}

/** The ARN partition of a region (rule aws.partitions); validation refuses a region of no partition. */
export function partitionOf(region: string): string {
  return partitionOfRegion(region) ?? 'aws';
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass `region: ''` for global services. */
export function arn(naming: Naming, service: string, resource: string, region: string = naming.region): string {
  return `arn:${naming.partition}:${service}:${region}:${naming.accountId}:${resource}`;
}

/** The rule Step Functions manages to learn when a `.sync` ECS task has ended. */
export function ecsSyncEventsRuleArn(naming: Naming): string {
  return arn(naming, 'events', 'rule/StepFunctionsGetEventsForECSTaskRule');
}

/*
 * Every physical name the stack creates is built by one of the functions below, which the constructs call and
 * whose results stacks/checks/physical-name-checks.ts reads back from the rendered stacks to check them.
 */

/** The ECS cluster. */
export function clusterName(naming: Naming): string {
  return naming.prefix;
}

/** The environment's EventBridge Scheduler schedule group, which holds every schedule of the environment. */
export function scheduleGroupName(naming: Naming): string {
  return naming.prefix;
}

/** The KMS alias of the environment's key. */
export function keyAliasName(naming: Naming): string {
  return `alias/${naming.prefix}`;
}

/** The Secrets Manager secret the Slack webhook URL is put into (unless the environment names its own). */
export function webhookSecretName(naming: Naming): string {
  return `${naming.prefix}/slack-webhook-url`;
}

export interface NetworkNames {
  readonly taskSecurityGroup: string;
  /** The security group of the interface endpoints (private mode with endpoints). */
  readonly endpointSecurityGroup: string;
  readonly flowLogGroup: string;
  readonly flowLogRole: string;
}

export function networkNames(naming: Naming): NetworkNames {
  return {
    taskSecurityGroup: `${naming.prefix}-tasks`,
    endpointSecurityGroup: `${naming.prefix}-endpoints`,
    flowLogGroup: `/${naming.prefix}/vpc-flow-logs`,
    flowLogRole: `${naming.prefix}-vpc-flow-logs`,
  };
}

/** The task name a workflow's step gets (`<workflow>-<task>`); the notifier's task is just `notifier`. */
export function workflowTaskName(workflowName: string, taskName: string): string {
  return `${workflowName}-${taskName}`;
}

/** The notifier's task name. */
export const NOTIFIER_TASK = 'notifier';

/** The one container of every task definition, which the state machine passes its overrides to. */
export const CONTAINER_NAME = 'main';

export interface TaskNames {
  readonly family: string;
  readonly executionRole: string;
  readonly taskRole: string;
  readonly logGroup: string;
}

/** The names of one Fargate task, from its task name (see {@link workflowTaskName}). */
/** `arn:...:task-definition/<family>:*`: every revision of a task definition family (rule ecs.run-task-family). */
export function taskDefinitionFamilyArn(naming: Naming, family: string): string {
  return arn(naming, 'ecs', `task-definition/${family}:*`);
}

export function taskNames(naming: Naming, taskName: string): TaskNames {
  const family = `${naming.prefix}-${taskName}`;
  return { family, executionRole: `${family}-exec`, taskRole: `${family}-task`, logGroup: `/${naming.prefix}/tasks/${taskName}` };
}

/** The ECR repository of an image built by the stack: `<prefix>/<name>`. */
export function repositoryName(naming: Naming, imageName: string): string {
  return `${naming.prefix}/${imageName}`;
}

export interface StateMachineNames {
  readonly stateMachine: string;
  readonly role: string;
  readonly logGroup: string;
  /** The schedule, when the workflow has one (see {@link scheduleNames}). */
  readonly schedule: string;
}

export function stateMachineNames(naming: Naming, workflowName: string): StateMachineNames {
  const name = `${naming.prefix}-${workflowName}`;
  return { stateMachine: name, role: `${name}-sfn`, logGroup: `/aws/vendedlogs/states/${name}`, schedule: `${name}-schedule` };
}

/** The ARN of a workflow's state machine, known before apply (its name is ours). */
export function stateMachineArn(naming: Naming, workflowName: string): string {
  return arn(naming, 'states', `stateMachine:${stateMachineNames(naming, workflowName).stateMachine}`);
}

export interface ScheduleNames {
  readonly schedule: string;
  readonly role: string;
  readonly deadLetterQueue: string;
}

/** The names around a schedule: its role has the schedule's name, its dead-letter queue adds `-dlq`. */
export function scheduleNames(scheduleName: string): ScheduleNames {
  return { schedule: scheduleName, role: scheduleName, deadLetterQueue: `${scheduleName}-dlq` };
}

export interface ExecutionAlertNames {
  /** The EventBridge rule on the status changes of the environment's state machines. */
  readonly rule: string;
  /** The EventBridge rule on the runs skipped because another execution was running. */
  readonly skippedRule: string;
  /** The role EventBridge runs the notifier task with. */
  readonly role: string;
  /** The dead-letter queue of what EventBridge could not deliver. */
  readonly deadLetterQueue: string;
}

/** The names of the environment's execution alerts: `<prefix>-alerts`, its queue adds `-dlq`. */
export function executionAlertNames(naming: Naming): ExecutionAlertNames {
  const name = `${naming.prefix}-alerts`;
  return { rule: name, skippedRule: `${name}-skipped`, role: name, deadLetterQueue: `${name}-dlq` };
}

/** The environment's alarm topic, `<prefix>-alarms`, and the name patterns of what may publish to it. */
export function alarmTopicName(naming: Naming): string {
  return `${naming.prefix}-alarms`;
}

/** The EventBridge rule that tells the topic the notifier failed. */
export function notifierFailureRuleName(naming: Naming): string {
  return `${naming.prefix}-notifier-failed`;
}

/**
 * The environment's results bucket: S3 bucket names are global, so the account and region are part of it
 * (`<prefix>-results-<account>-<region>`, at most 25 + 9 + 12 + 1 + 14 characters: within the 63 S3 allows).
 */
export function resultsBucketName(naming: Naming): string {
  return `${naming.prefix}-results-${naming.accountId}-${naming.region}`;
}

/**
 * Where a Distributed fan-out writes what became of each item (ResultWriter), relative to the results bucket:
 * `fan-outs/<workflow>/<step key>`; Step Functions adds `/<map run id>/` and the files (rule states.result-writer).
 * No state machine name starts with `fan-outs`, so this never meets the steps' results.
 */
export function fanOutResultsPrefix(workflowName: string, stepKey: string): string {
  return `fan-outs/${workflowName}/${stepKey}`;
}

/** Everything a workflow's Distributed fan-outs write: `fan-outs/<workflow>/*`. */
export function fanOutResultsPattern(workflowName: string): string {
  return `fan-outs/${workflowName}/*`;
}

/** The results of one state machine's executions, relative to the bucket: `<state machine name>/*`. */
export function stateMachineResultsPattern(stateMachineName: string): string {
  return `${stateMachineName}/*`;
}

/** The result of one step in any execution of its state machine: `<state machine name>/*` + `/<step key>.json`. */
export function stepResultPattern(stateMachineName: string, stepKey: string): string {
  return `${stateMachineName}/*/${stepKey}.json`;
}
