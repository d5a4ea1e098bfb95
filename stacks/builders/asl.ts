/**
 * The Amazon States Language definition of one workflow, as a pure function of its configuration and the
 * ARNs it runs against (tokens at synthesis, concrete strings in tests).
 *
 * Shape: each step runs its task(s) with `ecs:runTask.sync` and starts as soon as the step before it ends.
 * A step that still fails after its retries fails the execution at that step: no catch into a Fail state, so
 * that `redrive-execution` resumes at that step, and in a parallel group runs only the failed branches again
 * (rule states.redrive-from-failed-state); a step on Fargate Spot is a one-branch Parallel state that runs an
 * interrupted task again (spotGuard). Each task is named by its family, so a redrive after a fix and a deploy runs
 * the new revision (rule ecs.run-task-family). A run that ran every step ends in `All steps succeeded`, whose fixed
 * output is what the success alert matches. The state machine's `TimeoutSeconds` ends a stuck execution
 * TIMED_OUT. Slack hears how an execution ended from EventBridge (stacks/builders/execution-alerts.ts), not from a state.
 *
 * A workflow that skips overlapping runs starts by listing its state machine's RUNNING executions
 * (`aws-sdk:sfn:listExecutions`, rule states.list-executions, newest first): unless it is the oldest of them it
 * ends at once, successfully, with the output `{ "skipped": true, ... }`, before any step.
 *
 * The execution input can be any JSON value (an execution started by hand with `["2026-11-29"]`, `"x"`, `3`
 * or `null`), so nothing here writes into it: a step's result is discarded (`ResultPath: null`). A step that
 * reports a result (`reportsResult`) runs with `ecs:runTask.sync` like any other (rule states.run-task-sync): its
 * container writes the result as JSON to `RESULT_KEY` in the environment's results bucket, and the state machine
 * reads it back with the S3 GetObject AWS SDK integration (`<step>: read result`, rule states.sdk-s3-get-object-body).
 * A workflow that reads results back first makes its state an object of its own,
 * `{ "input": <execution input>, "results": {} }`, and each result goes to `results.<step key>` (`<step>: keep
 * result`, rule states.result-path-object); later steps get the results as JSON in `STEP_RESULTS`. A result that a
 * Distributed fan-out reads stays in S3: the fan-out's ItemReader reads its items there (rule states.item-reader-json).
 *
 * A fan-out step (`forEach`) is a Map state: Inline (every item must succeed), or Distributed when it tolerates
 * failed items (rule states.tolerated-failure-distributed). Each item reaches its container as JSON in `ITEM`.
 *
 * Every task is started with ECS managed tags and the task definition's tags (`Workflow`, `Step`,
 * `Environment`), for cost per step (rule ecs.tag-on-create).
 */
import { FARGATE_PLATFORM_VERSION } from '../aws/ecs-fargate';
import { SFN_SDK_TRANSIENT_ERRORS, RECLAIMED_STOP_CODES, SPOT_INTERRUPTED_ERROR, TASK_FAILED_ERROR, TRANSIENT_ECS_ERRORS } from '../aws/step-errors';
import { ITEM_READER_GET_OBJECT, RESULT_WRITER_PUT_OBJECT, SDK_GET_OBJECT } from '../aws/s3';
import { fanOutResultsPrefix } from './names';
import type { ForEachStep, RetryPolicy, Step, Task, Workflow } from '../config/types';
import { forEachTask, isDistributed, isForEach, isParallel, keepsResults, readsBackResult, reportsResult, skipsOverlappingRuns, workflowTimeoutSeconds } from '../config/steps';

/** Runs the task and waits until it stops; stops it when the execution stops or times out (rule states.run-task-sync). */
export const RUN_TASK_SYNC = 'arn:aws:states:::ecs:runTask.sync';
export const LIST_EXECUTIONS = 'arn:aws:states:::aws-sdk:sfn:listExecutions';
/** The states of the overlap check (their names hold a space, which no step name can). */
export const CHECK_RUNNING = 'Check running executions';
export const SKIP_IF_RUNNING = 'Another execution running?';
export const FIND_OLDEST = 'Find the oldest running execution';
export const IS_OLDEST = 'Is this the oldest?';
export const SKIPPED = 'Skipped: already running';
/** How many RUNNING executions the overlap check lists (newest first): the oldest of them runs, the others skip. */
export const OVERLAP_LIST_MAX = 100;
export const RESTORE_INPUT = 'Restore execution input';
/** The state that makes the execution state `{ input, results }` in a workflow whose steps report results. */
export const START_RESULTS = 'Start step results';
/** What the output of a skipped run holds for the skip alert to match (stacks/builders/execution-alerts.ts): no quote, no JSON escaping. */
export const SKIPPED_MARKER = 'skipped-while-running';
/** The output of a skipped run. */
export const SKIPPED_OUTPUT = { skipped: true, reason: `${SKIPPED_MARKER}: another execution of this state machine was running` } as const;
/**
 * The state every run that ran its steps ends in. Its fixed output, never the user's input, is what the success
 * alert matches (stacks/builders/execution-alerts.ts), so that no input can make a run look skipped or completed.
 */
export const COMPLETED = 'All steps succeeded';
export const COMPLETED_MARKER = 'all-steps-succeeded';
export const COMPLETED_OUTPUT = { skipped: false, status: COMPLETED_MARKER } as const;

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

/** The name of the Task state a fan-out runs per item (state names are unique across nesting, rule states.unique-state-names). */
export function itemStateName(stepName: string): string {
  return `${stepName}: item`;
}

/** The key of a step's result in `results` and in `STEP_RESULTS`: its name with underscores for hyphens (a plain JSONPath name). */
export function resultKey(stepName: string): string {
  return stepName.replace(/-/g, '_');
}

/**
 * The S3 key a step writes its result to, under its execution's prefix: `<state machine name>/<execution name>/<step
 * key>.json`, the same in a redrive (which keeps the execution's name). Execution names hold no `/`.
 */
export function resultKeyValue(stepName: string): string {
  return `States.Format('{}/{}/${resultKey(stepName)}.json', $$.StateMachine.Name, $$.Execution.Name)`;
}

/** The state that reads a step's result back from S3, and the one that keeps it beside the earlier results. */
export function readResultStateName(stepName: string): string {
  return `${stepName}: read result`;
}
export function keepResultStateName(stepName: string): string {
  return `${stepName}: keep result`;
}

export interface TaskTarget {
  /**
   * The task definition family, without a revision: RunTask then runs its latest ACTIVE revision (rule
   * ecs.run-task-family), so a redrive after a fix and a deploy runs the fixed revision.
   */
  readonly taskDefinitionFamily: string;
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
  /** The environment's results bucket (name), where steps that report a result write it. @default - none: no step may report one */
  readonly resultsBucket?: string;
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
  const results = keepsResults(workflow);
  let reported = false;
  workflow.steps.forEach((step, index) => {
    const next = workflow.steps[index + 1]?.name;
    // No Catch: a step that fails after its retries fails the execution here, where a redrive resumes.
    const state = stepState(step, props, { results, afterResult: reported });
    const readBack = readsBackResult(workflow, step);
    Object.assign(states, withResultStates(step.name, { ...state, ResultPath: null }, readBack ? resultsBucketOf(props) : undefined, next ?? COMPLETED));
    reported ||= readBack;
  });
  states[COMPLETED] = { Type: 'Pass', Comment: 'Every step succeeded: say so in the output, whatever the input was', Result: { ...COMPLETED_OUTPUT }, End: true };
  const first = workflow.steps[0].name;
  const start = results ? START_RESULTS : first;
  const begin: Record<string, State> = results ? { [START_RESULTS]: startResults(first) } : {};
  return {
    Comment: `${workflow.name}: ${workflow.steps.map((step) => step.name).join(' -> ')}`,
    StartAt: skipsOverlappingRuns(workflow) ? CHECK_RUNNING : start,
    TimeoutSeconds: workflowTimeoutSeconds(workflow),
    States: { ...(skipsOverlappingRuns(workflow) ? overlapCheck(first, results) : {}), ...begin, ...states },
  };
}

/**
 * A step's state, followed, when its result is read back, by the two states that read it from S3 and keep it in
 * `results.<step key>`: the task state never waits for anything but its task, so a crash fails the step there.
 */
function withResultStates(name: string, state: State, bucket: string | undefined, next: string | undefined): Record<string, State> {
  const after: State = next ? { Next: next } : { End: true };
  if (bucket === undefined) return { [name]: { ...state, ...after } };
  const key = resultKey(name);
  return {
    [name]: { ...state, Next: readResultStateName(name) },
    [readResultStateName(name)]: {
      Type: 'Task',
      Comment: `Read the result ${name} wrote (an S3 error fails here as S3.<Error>Exception, rule states.sdk-error-names)`,
      Resource: SDK_GET_OBJECT,
      Parameters: { Bucket: bucket, 'Key.$': resultKeyValue(name) },
      ResultSelector: { [`${key}.$`]: 'States.StringToJson($.Body)' },
      ResultPath: '$.read',
      Next: keepResultStateName(name),
    },
    [keepResultStateName(name)]: {
      Type: 'Pass',
      Comment: `Keep the result of ${name} beside the earlier ones`,
      Parameters: { 'input.$': '$.input', 'results.$': 'States.JsonMerge($.results, $.read, false)' },
      ...after,
    },
  };
}

function resultsBucketOf(props: WorkflowDefinitionProps): string {
  if (props.resultsBucket === undefined) throw new Error(`workflow ${props.workflow.name} has a step that reports a result, and no results bucket was given`);
  return props.resultsBucket;
}

/** The execution state of a workflow whose steps report results: the input, untouched, beside the results. */
function startResults(first: string): State {
  return { Type: 'Pass', Comment: 'Keep the execution input beside the results the steps report', Parameters: { 'input.$': '$$.Execution.Input', results: {} }, Next: first };
}

/** What a step's state depends on besides its own configuration. */
interface StepContext {
  /** The execution state is `{ input, results }`. */
  readonly results: boolean;
  /** An earlier step has reported a result: the task gets `STEP_RESULTS`. */
  readonly afterResult: boolean;
}

/**
 * List the RUNNING executions of this state machine (newest first, rule states.list-executions) and run only if
 * this one is the oldest of them: of executions that start together, exactly one runs. The list replaces the
 * state (so that any input works, rule states.result-path-object), and the steps get the input back from the
 * context before they run. An execution not yet listed (the list is eventually consistent) counts as the newest.
 */
function overlapCheck(first: string, results: boolean): Record<string, State> {
  const start = results ? START_RESULTS : RESTORE_INPUT;
  return {
    [CHECK_RUNNING]: {
      Type: 'Task',
      Comment: 'Which executions of this state machine are running?',
      Resource: LIST_EXECUTIONS,
      Parameters: { 'StateMachineArn.$': '$$.StateMachine.Id', StatusFilter: 'RUNNING', MaxResults: OVERLAP_LIST_MAX },
      // No projection such as `$.Executions[*].ExecutionArn`: on an empty list it points at nothing and fails the state.
      ResultSelector: { 'executions.$': '$.Executions', 'count.$': 'States.ArrayLength($.Executions)', 'self.$': '$$.Execution.Id' },
      // Throttled or failed calls are retried: a run is never lost to the check itself (rule states.sdk-error-names).
      Retry: [{ ErrorEquals: [...SFN_SDK_TRANSIENT_ERRORS], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 6, MaxDelaySeconds: 30, JitterStrategy: 'FULL' }],
      Next: SKIP_IF_RUNNING,
    },
    [SKIP_IF_RUNNING]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.count', NumericGreaterThan: 0, Next: FIND_OLDEST }],
      Default: start,
    },
    [FIND_OLDEST]: {
      Type: 'Pass',
      Parameters: { 'oldest.$': 'States.ArrayGetItem($.executions, States.MathAdd($.count, -1))', 'self.$': '$.self' },
      Next: IS_OLDEST,
    },
    [IS_OLDEST]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.oldest.ExecutionArn', StringEqualsPath: '$.self', Next: start }],
      Default: SKIPPED,
    },
    [SKIPPED]: { Type: 'Pass', Comment: 'Run no step while an older execution is running', Result: { ...SKIPPED_OUTPUT }, End: true },
    // With results, the state that starts them takes the input from the context itself.
    ...(results ? {} : { [RESTORE_INPUT]: { Type: 'Pass', Parameters: { 'input.$': '$$.Execution.Input' }, OutputPath: '$.input', Next: first } }),
  };
}

function stepState(step: Step, props: WorkflowDefinitionProps, context: StepContext): State {
  if (isForEach(step)) return forEachState(step, props, context);
  if (!isParallel(step)) return taskState(step, props, context);
  return {
    Type: 'Parallel',
    Comment: `Run ${step.parallel.map((task) => task.name).join(', ')} in parallel; fail if any fails`,
    Branches: step.parallel.map((task) => ({ StartAt: task.name, States: { [task.name]: { ...taskState(task, props, context), ResultPath: null, End: true } } })),
  };
}

/**
 * A Map state running the task once per item, `maxConcurrency` at a time. Each iteration gets the item (and the
 * results so far) and outputs nothing (`OutputPath: null`), so that the Map's collected output stays small
 * whatever the number of items (rule states.payload-size).
 */
function forEachState(step: ForEachStep, props: WorkflowDefinitionProps, context: StepContext): State {
  const { forEach } = step;
  const distributed = isDistributed(step);
  return {
    Type: 'Map',
    Comment: `Run ${step.name} once per item of ${forEach.itemsFromStep ? `the result of ${forEach.itemsFromStep}` : 'the execution input'} at ${forEach.itemsPath}, ${forEach.maxConcurrency} at a time`,
    ...itemsSource(step, props, context),
    MaxConcurrency: forEach.maxConcurrency,
    ItemSelector: {
      'item.$': '$$.Map.Item.Value',
      ...(context.afterResult ? { 'results.$': '$.results' } : {}),
      // A child execution's own `$$.Execution` is not the workflow's (rule states.distributed-map-child-context).
      ...(distributed ? { 'executionArn.$': '$$.Execution.Id', ...(step.task.passExecutionInput ? { 'executionInput.$': '$$.Execution.Input' } : {}) } : {}),
    },
    ItemProcessor: {
      ProcessorConfig: distributed ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } : { Mode: 'INLINE' },
      StartAt: itemStateName(step.name),
      States: { [itemStateName(step.name)]: { ...taskState(forEachTask(step), props, context, distributed ? 'child' : 'inline'), ResultPath: null, OutputPath: null, End: true } },
    },
    ...(distributed ? { ToleratedFailurePercentage: forEach.toleratedFailurePercentage ?? 0 } : {}),
    // What became of each item, the tolerated failures included, written down in the results bucket (rule states.result-writer).
    ...(distributed
      ? { ResultWriter: { Resource: RESULT_WRITER_PUT_OBJECT, Parameters: { Bucket: resultsBucketOf(props), Prefix: fanOutResultsPrefix(props.workflow.name, resultKey(step.name)) } } }
      : {}),
  };
}

/**
 * Where a fan-out's items come from: an array in the execution state (`ItemsPath`), or, for a Distributed fan-out
 * over a step's result, the result itself in S3 (`ItemReader`, rule states.item-reader-json), so that the list is not
 * bound by the state size (rule states.payload-size). Validation makes such an `itemsPath` `$`.
 */
function itemsSource(step: ForEachStep, props: WorkflowDefinitionProps, context: StepContext): State {
  const { itemsFromStep, itemsPath } = step.forEach;
  if (itemsFromStep !== undefined && isDistributed(step)) {
    return {
      ItemReader: {
        Resource: ITEM_READER_GET_OBJECT,
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { Bucket: resultsBucketOf(props), 'Key.$': resultKeyValue(itemsFromStep) },
      },
    };
  }
  const inExecutionState = itemsFromStep ? `$.results.${resultKey(itemsFromStep)}` : context.results ? '$.input' : '$';
  return { ItemsPath: `${inExecutionState}${itemsPath.slice(1)}` };
}

/** What a step that reports a result tells its container: where to write it, and (when read back) how large it may be. */
function resultEnvironment(task: Task, props: WorkflowDefinitionProps): EnvironmentValue[] {
  if (!reportsResult(task)) return [];
  const readBack = readsBackResult(props.workflow, task);
  return [
    { Name: 'RESULT_BUCKET', Value: resultsBucketOf(props) },
    { Name: 'RESULT_KEY', 'Value.$': resultKeyValue(task.name) },
    ...(readBack ? [{ Name: 'RESULT_MAX_CHARS', Value: String(task.resultMaxChars) }] : []),
  ];
}

/** Where a task runs: a step of its own, an item of an Inline fan-out, or an item's child execution of a Distributed one. */
type TaskPlace = 'step' | 'inline' | 'child';

function taskState(task: Task, props: WorkflowDefinitionProps, context: StepContext, place: TaskPlace = 'step'): State {
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

/** The states nested in a state: a parallel group's branches, a Map's item processor. */
function nestedStates(state: State): [string, State][] {
  const machines = [
    ...(Array.isArray(state.Branches) ? (state.Branches as unknown as Pick<StateMachineDefinition, 'States'>[]) : []),
    ...(state.ItemProcessor ? [state.ItemProcessor as unknown as Pick<StateMachineDefinition, 'States'>] : []),
  ];
  return machines.flatMap((machine) => allStates(machine));
}

/** Every state of a definition, nested ones included, by name. */
export function allStates(definition: Pick<StateMachineDefinition, 'States'>): [string, State][] {
  return Object.entries(definition.States).flatMap(([name, state]): [string, State][] => [[name, state], ...nestedStates(state)]);
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
