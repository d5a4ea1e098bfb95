/**
 * The Amazon States Language definition of one workflow, as a pure function of its configuration and the
 * ARNs it runs against (tokens at synthesis, concrete strings in tests).
 *
 * Shape: each step runs its task(s) with `ecs:runTask.sync` and starts as soon as the step before it ends.
 * A step that still fails after its retries fails the execution at that step: no catch, no Fail state, so
 * that `redrive-execution` resumes at that step, and in a parallel group runs only the failed branches again
 * (rule states.redrive-from-failed-state). The state machine's `TimeoutSeconds` ends a stuck execution
 * TIMED_OUT. Slack hears how an execution ended from EventBridge (stacks/execution-alerts.ts), not from a state.
 *
 * A workflow that skips overlapping runs starts by listing its state machine's RUNNING executions
 * (`aws-sdk:sfn:listExecutions`, rule states.list-executions): when another one is running (the list holds this
 * execution too) it ends at once, successfully, with the output `{ "skipped": true, ... }`, before any step.
 *
 * The execution input can be any JSON value (an execution started by hand with `["2026-11-29"]`, `"x"`, `3`
 * or `null`), so nothing here writes into it: a step's result is discarded (`ResultPath: null`).
 */
import { FARGATE_PLATFORM_VERSION } from './aws/ecs-fargate';
import type { RetryPolicy, Step, Task, Workflow } from './config';
import { isParallel, skipsOverlappingRuns, workflowTimeoutSeconds } from './steps';

export const RUN_TASK_SYNC = 'arn:aws:states:::ecs:runTask.sync';
export const LIST_EXECUTIONS = 'arn:aws:states:::aws-sdk:sfn:listExecutions';
/** The states of the overlap check (their names hold a space, which no step name can). */
export const CHECK_RUNNING = 'Check running executions';
export const SKIP_IF_RUNNING = 'Another execution running?';
export const SKIPPED = 'Skipped: already running';
export const RESTORE_INPUT = 'Restore execution input';
/** What the output of a skipped run holds for the skip alert to match (stacks/execution-alerts.ts): no quote, no JSON escaping. */
export const SKIPPED_MARKER = 'skipped-while-running';
/** The output of a skipped run. */
export const SKIPPED_OUTPUT = { skipped: true, reason: `${SKIPPED_MARKER}: another execution of this state machine was running` } as const;

/** Run-time values the definition passes to containers: the execution ARN and input. */
export const EXECUTION_ARN_VALUE = '$$.Execution.Id';
export const EXECUTION_INPUT_VALUE = 'States.JsonToString($$.Execution.Input)';

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
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type State = Record<string, Json>;

export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  /** The whole execution's time-out (rule states.execution-duration). */
  readonly TimeoutSeconds?: number;
  readonly States: Record<string, State>;
}

export interface EnvironmentValue {
  readonly Name: string;
  readonly Value?: string;
  readonly 'Value.$'?: string;
}

export function buildDefinition(props: WorkflowDefinitionProps): StateMachineDefinition {
  const { workflow } = props;
  const states: Record<string, State> = {};
  workflow.steps.forEach((step, index) => {
    const next = workflow.steps[index + 1]?.name;
    // No Catch: a step that fails after its retries fails the execution here, where a redrive resumes.
    states[step.name] = { ...stepState(step, props), ResultPath: null, ...(next ? { Next: next } : { End: true }) };
  });
  const first = workflow.steps[0].name;
  return {
    Comment: `${workflow.name}: ${workflow.steps.map((step) => step.name).join(' -> ')}`,
    StartAt: skipsOverlappingRuns(workflow) ? CHECK_RUNNING : first,
    TimeoutSeconds: workflowTimeoutSeconds(workflow),
    States: skipsOverlappingRuns(workflow) ? { ...overlapCheck(first), ...states } : states,
  };
}

/**
 * List the RUNNING executions of this state machine, at most 2: this one and, if any, another. The result
 * replaces the state (so that any input works, rule states.result-path-object), and the steps get the input
 * back from the context before they run.
 */
function overlapCheck(first: string): Record<string, State> {
  return {
    [CHECK_RUNNING]: {
      Type: 'Task',
      Comment: 'Is another execution of this state machine running?',
      Resource: LIST_EXECUTIONS,
      Parameters: { 'StateMachineArn.$': '$$.StateMachine.Id', StatusFilter: 'RUNNING', MaxResults: 2 },
      ResultSelector: { 'running.$': 'States.ArrayLength($.Executions)' },
      Next: SKIP_IF_RUNNING,
    },
    [SKIP_IF_RUNNING]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.running', NumericGreaterThan: 1, Next: SKIPPED }],
      Default: RESTORE_INPUT,
    },
    [SKIPPED]: { Type: 'Pass', Comment: 'Run no step while the previous execution is running', Result: { ...SKIPPED_OUTPUT }, End: true },
    [RESTORE_INPUT]: { Type: 'Pass', Parameters: { 'input.$': '$$.Execution.Input' }, OutputPath: '$.input', Next: first },
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
