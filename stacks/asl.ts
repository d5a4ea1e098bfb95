/**
 * The Amazon States Language definition of one workflow, as a pure function of its configuration and the
 * ARNs it runs against (tokens at synthesis, concrete strings in tests).
 *
 * Shape: each step runs its task(s) with `ecs:runTask.sync` and starts as soon as the step before it ends.
 * Every step catches every error into `<step> failed` (records the step, error and cause), then
 * `NotifyFailure` runs the notifier with status FAILED, then the `Failed` state ends the execution.
 *
 * The execution input can be any JSON value (an execution started by hand with `["2026-11-29"]`, `"x"`, `3`
 * or `null`), so nothing here writes into it: a step's result is discarded (`ResultPath: null`), and a caught
 * error replaces the state (`states.result-path-object`) before `<step> failed` builds the failure record.
 */
import { FARGATE_PLATFORM_VERSION } from './aws/ecs-fargate';
import type { RetryPolicy, Step, Task, Workflow } from './config';
import { isParallel } from './steps';

export const RUN_TASK_SYNC = 'arn:aws:states:::ecs:runTask.sync';
export const NOTIFY_FAILURE = 'NotifyFailure';
export const NOTIFY_FAILURE_BRIEF = 'NotifyFailureWithoutCause';
export const NOTIFY_SUCCESS = 'NotifySuccess';
export const FAILED = 'Failed';
/** Where the failure record `{ step, error, cause }` is, once `<step> failed` has built it. */
export const FAILURE_PATH = '$.failure';

/** Run-time values the definition passes to containers: the execution ARN, input, and the failure record. */
export const EXECUTION_ARN_VALUE = '$$.Execution.Id';
export const EXECUTION_INPUT_VALUE = 'States.JsonToString($$.Execution.Input)';
export const FAILED_STEP_VALUE = `${FAILURE_PATH}.step`;
export const ERROR_VALUE = `${FAILURE_PATH}.error`;
export const CAUSE_VALUE = `${FAILURE_PATH}.cause`;

export interface TaskTarget {
  /** Task definition ARN with its revision. */
  readonly taskDefinitionArn: string;
  /** Name of the container to pass the context to. */
  readonly containerName: string;
  readonly capacity: Task['capacity'];
  readonly timeoutSeconds: number;
  readonly retry: RetryPolicy;
}

export interface WorkflowDefinitionProps {
  readonly workflow: Workflow;
  readonly clusterArn: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Give each task a public IP: only in public subnets (the public network mode). */
  readonly assignPublicIp: boolean;
  readonly region: string;
  /** Target of every task, by task name. */
  readonly targets: Readonly<Record<string, TaskTarget>>;
  /** The Slack notifier task. */
  readonly notifier: TaskTarget;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type State = Record<string, Json>;

export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly States: Record<string, State>;
}

/** How the notifier's tasks run: a short time-out and capacity retries of their own. */
export const NOTIFIER_TARGET: Pick<TaskTarget, 'capacity' | 'timeoutSeconds' | 'retry'> = {
  capacity: 'FARGATE',
  timeoutSeconds: 300,
  retry: { capacityRetries: 3, intervalSeconds: 5, backoffRate: 2, maxDelaySeconds: 60, taskFailureRetries: 0 },
};

export interface EnvironmentValue {
  readonly Name: string;
  readonly Value?: string;
  readonly 'Value.$'?: string;
}

export function failureStateName(stepName: string): string {
  return `${stepName} failed`;
}

export function buildDefinition(props: WorkflowDefinitionProps): StateMachineDefinition {
  const { workflow } = props;
  const states: Record<string, State> = {};
  workflow.steps.forEach((step, index) => {
    const next = workflow.steps[index + 1]?.name ?? (workflow.notifyOnSuccess ? NOTIFY_SUCCESS : undefined);
    states[step.name] = {
      ...stepState(step, props),
      ResultPath: null,
      // No ResultPath: the same as "$", the error output { Error, Cause } replaces the state, whatever the
      // input was. "$.failure" would need an object input and end the run in States.ResultPathMatchFailure.
      Catch: [{ ErrorEquals: ['States.ALL'], Next: failureStateName(step.name) }],
      ...(next ? { Next: next } : { End: true }),
    };
    states[failureStateName(step.name)] = {
      Type: 'Pass',
      Comment: `Record that ${step.name} failed, with its error and cause`,
      Parameters: { failure: { step: step.name, 'error.$': '$.Error', 'cause.$': '$.Cause' } },
      Next: NOTIFY_FAILURE,
    };
  });
  const failureEnvironment = (withCause: boolean): EnvironmentValue[] => [
    ...notificationEnvironment(props, 'FAILED'),
    { Name: 'STEP_NAME', 'Value.$': FAILED_STEP_VALUE },
    { Name: 'ERROR', 'Value.$': ERROR_VALUE },
    ...(withCause ? [{ Name: 'CAUSE', 'Value.$': CAUSE_VALUE }] : []),
  ];
  states[NOTIFY_FAILURE] = {
    ...runTask(props, props.notifier, failureEnvironment(true)),
    Comment: 'Tell Slack which step failed and why',
    ResultPath: null,
    // A long cause can exceed the 8 KiB container-override limit: retry the notification without it.
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notificationError', Next: NOTIFY_FAILURE_BRIEF }],
    Next: FAILED,
  };
  states[NOTIFY_FAILURE_BRIEF] = {
    ...runTask(props, props.notifier, failureEnvironment(false)),
    Comment: 'Tell Slack which step failed, without the cause',
    ResultPath: null,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notificationError', Next: FAILED }],
    Next: FAILED,
  };
  states[FAILED] = { Type: 'Fail', Error: 'WorkflowFailed', Cause: `A step of ${workflow.name} failed; later steps did not run` };
  if (workflow.notifyOnSuccess) {
    states[NOTIFY_SUCCESS] = {
      ...runTask(props, props.notifier, notificationEnvironment(props, 'SUCCEEDED')),
      Comment: 'Tell Slack the workflow succeeded',
      ResultPath: null,
      End: true,
    };
  }
  return {
    Comment: `${workflow.name}: ${workflow.steps.map((step) => step.name).join(' -> ')}`,
    StartAt: workflow.steps[0].name,
    States: states,
  };
}

function stepState(step: Step, props: WorkflowDefinitionProps): State {
  if (!isParallel(step)) return taskState(step, props);
  return {
    Type: 'Parallel',
    Comment: `Run ${step.parallel.map((task) => task.name).join(', ')} in parallel; fail if any fails`,
    Branches: step.parallel.map((task) => ({ StartAt: task.name, States: { [task.name]: { ...taskState(task, props), ResultPath: null, End: true } } })),
  };
}

function taskState(task: Task, props: WorkflowDefinitionProps): State {
  const target = props.targets[task.name];
  if (!target) throw new Error(`no task definition was given for step ${task.name}`);
  return runTask(props, target, [
    { Name: 'WORKFLOW_NAME', Value: props.workflow.name },
    { Name: 'STEP_NAME', Value: task.name },
    { Name: 'EXECUTION_ARN', 'Value.$': EXECUTION_ARN_VALUE },
    // Only on request: the input counts against the 8,192 characters of container overrides (ecs.overrides-size).
    ...(task.passExecutionInput ? [{ Name: 'EXECUTION_INPUT', 'Value.$': EXECUTION_INPUT_VALUE }] : []),
  ]);
}

function notificationEnvironment(props: WorkflowDefinitionProps, status: 'FAILED' | 'SUCCEEDED'): EnvironmentValue[] {
  return [
    { Name: 'NOTIFY_STATUS', Value: status },
    { Name: 'NOTIFY_TEXT', Value: `Workflow ${props.workflow.name} ${status === 'FAILED' ? 'failed' : 'succeeded'}` },
    { Name: 'WORKFLOW_NAME', Value: props.workflow.name },
    { Name: 'EXECUTION_ARN', 'Value.$': EXECUTION_ARN_VALUE },
    { Name: 'AWS_REGION', Value: props.region },
  ];
}

function runTask(props: WorkflowDefinitionProps, target: TaskTarget, environment: EnvironmentValue[]): State {
  const retry = retriers(target.retry);
  return {
    Type: 'Task',
    Resource: RUN_TASK_SYNC,
    Parameters: {
      Cluster: props.clusterArn,
      TaskDefinition: target.taskDefinitionArn,
      CapacityProviderStrategy: [{ CapacityProvider: target.capacity, Weight: 1 }],
      // Pinned, not LATEST: the capacity and architecture pairs and the task sizes accepted are those of this version.
      PlatformVersion: FARGATE_PLATFORM_VERSION,
      NetworkConfiguration: {
        AwsvpcConfiguration: { Subnets: [...props.subnetIds], SecurityGroups: [...props.securityGroupIds], AssignPublicIp: props.assignPublicIp ? 'ENABLED' : 'DISABLED' },
      },
      Overrides: { ContainerOverrides: [{ Name: target.containerName, Environment: environment.map((value) => ({ ...value })) }] },
    },
    TimeoutSeconds: target.timeoutSeconds,
    ...(retry.length > 0 ? { Retry: retry } : {}),
  };
}

/** Capacity and throttling errors are retried with backoff and full jitter; a failed task only on opt-in. */
export function retriers(retry: RetryPolicy): State[] {
  const backoff = { IntervalSeconds: retry.intervalSeconds, BackoffRate: retry.backoffRate, MaxDelaySeconds: retry.maxDelaySeconds, JitterStrategy: 'FULL' };
  const result: State[] = [];
  if (retry.capacityRetries > 0) result.push({ ErrorEquals: ['ECS.AmazonECSException'], MaxAttempts: retry.capacityRetries, ...backoff });
  if (retry.taskFailureRetries > 0) result.push({ ErrorEquals: ['States.TaskFailed'], MaxAttempts: retry.taskFailureRetries, ...backoff });
  return result;
}
