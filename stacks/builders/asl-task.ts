/**
 * The state of one task: `ecs:runTask.sync` with the container overrides the step passes, the task's time-out and
 * its retriers; on Fargate Spot, inside a one-branch Parallel state that runs an interrupted task again (spotGuard).
 */
import { FARGATE_PLATFORM_VERSION } from '../aws/ecs-fargate';
import { RECLAIMED_STOP_CODES, SPOT_INTERRUPTED_ERROR, TASK_FAILED_ERROR, TRANSIENT_ECS_ERRORS } from '../aws/step-errors';
import type { RetryPolicy, Task } from '../config/types';
import type { EnvironmentValue, State, StepContext, TaskPlace, TaskTarget, WorkflowDefinitionProps } from './asl-model';
import { resultEnvironment } from './asl-results';

/** Runs the task and waits until it stops; stops it when the execution stops or times out (rule states.run-task-sync). */
export const RUN_TASK_SYNC = 'arn:aws:states:::ecs:runTask.sync';

/** Run-time values the definition passes to containers: the execution ARN and input. */
export const EXECUTION_ARN_VALUE = '$$.Execution.Id';
export const EXECUTION_INPUT_VALUE = 'States.JsonToString($$.Execution.Input)';
/**
 * The same in a Distributed fan-out's item, which runs as a child execution: there `$$.Execution` names the
 * child (rule states.distributed-map-child-context), so the Map's ItemSelector passes the parent's ARN and input.
 */
export const PARENT_EXECUTION_ARN_VALUE = '$.executionArn';
export const PARENT_EXECUTION_INPUT_VALUE = 'States.JsonToString($.executionInput)';
/** The results reported so far, by step key, as JSON. */
export const STEP_RESULTS_VALUE = 'States.JsonToString($.results)';
/** A fan-out task's item, as JSON. */
export const ITEM_VALUE = 'States.JsonToString($.item)';

export function taskState(task: Task, props: WorkflowDefinitionProps, context: StepContext, place: TaskPlace = 'step'): State {
  const target = props.targets[task.name];
  if (!target) throw new Error(`no task definition was given for step ${task.name}`);
  const child = place === 'child';
  const state = runTask(props, target, task, [
    { Name: 'WORKFLOW_NAME', Value: props.workflow.name },
    { Name: 'STEP_NAME', Value: task.name },
    { Name: 'EXECUTION_ARN', 'Value.$': child ? PARENT_EXECUTION_ARN_VALUE : EXECUTION_ARN_VALUE },
    // Only on request: the input counts against the 8,192 characters of container overrides (ecs.overrides-size).
    ...(task.passExecutionInput ? [{ Name: 'EXECUTION_INPUT', 'Value.$': child ? PARENT_EXECUTION_INPUT_VALUE : EXECUTION_INPUT_VALUE }] : []),
    ...(context.afterResult ? [{ Name: 'STEP_RESULTS', 'Value.$': STEP_RESULTS_VALUE }] : []),
    ...(place !== 'step' ? [{ Name: 'ITEM', 'Value.$': ITEM_VALUE }] : []),
    ...(place !== 'step' ? [] : resultEnvironment(task, props)),
  ]);
  return retriesSpotInterruptions(task) ? spotGuard(task.name, state, target.retry) : state;
}

/** Whether a task runs on Fargate Spot and an interrupted run is run again. */
export function retriesSpotInterruptions(task: Pick<Task, 'capacity' | 'retry'>): boolean {
  return task.capacity === 'FARGATE_SPOT' && task.retry.spotInterruptionRetries > 0;
}

/** The states of a task on Fargate Spot, inside its guard (their names hold a colon and a space, which no step name can). */
export function spotStateNames(taskName: string): { run: string; parse: string; interrupted: string; isInterrupted: string; failed: string } {
  return {
    run: `${taskName}: run`,
    parse: `${taskName}: read stop code`,
    isInterrupted: `${taskName}: interrupted?`,
    interrupted: `${taskName}: interrupted`,
    failed: `${taskName}: failed`,
  };
}

/**
 * A task on Fargate Spot, in a one-branch Parallel state: the branch runs the task and, when it fails with
 * `States.TaskFailed`, reads the stop code from the stopped task in the cause (rule states.ecs-task-failed). An
 * interruption (rule ecs.spot-interruption-stop-code) is raised as `ECS.SpotInterrupted`, which the Parallel state
 * retries, running the branch, and so the task, again; any other failure is raised again unchanged (same error,
 * same cause; rule states.custom-error-names), retried only by `taskFailureRetries`. The step keeps its name and
 * fails in place, so a redrive runs the failed branch, and so the task, again (rule states.redrive-from-failed-state).
 */
function spotGuard(taskName: string, task: State, retry: RetryPolicy): State {
  const names = spotStateNames(taskName);
  const { Retry: inner, ...run } = task;
  const backoff = backoffOf(retry);
  return {
    Type: 'Parallel',
    Comment: `Run ${taskName} on Fargate Spot: an interrupted task runs again (at most ${retry.spotInterruptionRetries} times), a failed one fails the step`,
    Branches: [
      {
        StartAt: names.run,
        States: {
          [names.run]: {
            ...run,
            ...(inner ? { Retry: (inner as State[]).filter((retrier) => !(retrier.ErrorEquals as string[]).includes(TASK_FAILED_ERROR)) } : {}),
            ResultPath: null,
            Catch: [{ ErrorEquals: [TASK_FAILED_ERROR], Next: names.parse }],
            End: true,
          },
          [names.parse]: {
            Type: 'Pass',
            Parameters: { 'Error.$': '$.Error', 'Cause.$': '$.Cause', 'task.$': 'States.StringToJson($.Cause)' },
            Next: names.isInterrupted,
          },
          [names.isInterrupted]: {
            Type: 'Choice',
            Choices: [
              {
                And: [{ Variable: '$.task.StopCode', IsPresent: true }, { Or: RECLAIMED_STOP_CODES.map((code) => ({ Variable: '$.task.StopCode', StringEquals: code })) }],
                Next: names.interrupted,
              },
            ],
            Default: names.failed,
          },
          [names.interrupted]: { Type: 'Fail', Error: SPOT_INTERRUPTED_ERROR, CausePath: '$.Cause' },
          [names.failed]: { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.Cause' },
        },
      },
    ],
    Retry: [
      { ErrorEquals: [SPOT_INTERRUPTED_ERROR], MaxAttempts: retry.spotInterruptionRetries, ...backoff },
      ...(retry.taskFailureRetries > 0 ? [{ ErrorEquals: [TASK_FAILED_ERROR], MaxAttempts: retry.taskFailureRetries, ...backoff }] : []),
    ],
  };
}

function runTask(props: WorkflowDefinitionProps, target: TaskTarget, task: Task, environment: EnvironmentValue[]): State {
  const retry = retriers(target.retry);
  return {
    Type: 'Task',
    Resource: RUN_TASK_SYNC,
    Parameters: {
      Cluster: props.clusterArn,
      TaskDefinition: target.taskDefinitionFamily,
      CapacityProviderStrategy: [{ CapacityProvider: target.capacity, Weight: 1 }],
      // Pinned, not LATEST: the capacity and architecture pairs and the task sizes accepted are those of this version.
      PlatformVersion: FARGATE_PLATFORM_VERSION,
      NetworkConfiguration: {
        AwsvpcConfiguration: { Subnets: [...props.subnetIds], SecurityGroups: [...props.securityGroupIds], AssignPublicIp: props.assignPublicIp ? 'ENABLED' : 'DISABLED' },
      },
      // Cost per step: the task carries its definition's Workflow, Step and Environment tags and ECS's own.
      EnableECSManagedTags: true,
      PropagateTags: 'TASK_DEFINITION',
      ...(task.enableExecuteCommand ? { EnableExecuteCommand: true } : {}),
      Overrides: { ContainerOverrides: [{ Name: target.containerName, Environment: environment.map((value) => ({ ...value })) }] },
    },
    TimeoutSeconds: target.timeoutSeconds,
    ...(retry.length > 0 ? { Retry: retry } : {}),
  };
}

function backoffOf(retry: RetryPolicy): State {
  return { IntervalSeconds: retry.intervalSeconds, BackoffRate: retry.backoffRate, MaxDelaySeconds: retry.maxDelaySeconds, JitterStrategy: 'FULL' };
}

/**
 * The transient errors AWS documents for a RunTask step (RunTask `Failures`, ECS API errors and throttling:
 * stacks/aws/step-errors.ts) are retried with backoff and full jitter; a failed task only on opt-in.
 */
export function retriers(retry: RetryPolicy): State[] {
  const backoff = backoffOf(retry);
  const result: State[] = [];
  if (retry.capacityRetries > 0) result.push({ ErrorEquals: [...TRANSIENT_ECS_ERRORS], MaxAttempts: retry.capacityRetries, ...backoff });
  if (retry.taskFailureRetries > 0) result.push({ ErrorEquals: [TASK_FAILED_ERROR], MaxAttempts: retry.taskFailureRetries, ...backoff });
  return result;
}
