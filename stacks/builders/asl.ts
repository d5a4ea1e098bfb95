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
 *
 * This module composes the steps; the states are built beside it: a task and its Spot guard in asl-task.ts, a
 * fan-out in asl-fan-out.ts, the overlap check in asl-overlap.ts, the result read-back in asl-results.ts, and the
 * shapes they share in asl-model.ts. Their names are exported from here too.
 */
import type { Step } from '../config/types';
import { isForEach, isParallel, keepsResults, readsBackResult, skipsOverlappingRuns, workflowTimeoutSeconds } from '../config/steps';
import type { State, StateMachineDefinition, StepContext, WorkflowDefinitionProps } from './asl-model';
import { forEachState } from './asl-fan-out';
import { CHECK_RUNNING, overlapCheck } from './asl-overlap';
import { resultsBucketOf, START_RESULTS, startResults, withResultStates } from './asl-results';
import { taskState } from './asl-task';

export { allStates, type EnvironmentValue, type State, type StateMachineDefinition, type TaskTarget, type WorkflowDefinitionProps } from './asl-model';
export { itemStateName } from './asl-fan-out';
export { CHECK_RUNNING, FIND_OLDEST, IS_OLDEST, LIST_EXECUTIONS, OVERLAP_LIST_MAX, RESTORE_INPUT, SKIP_IF_RUNNING, SKIPPED, SKIPPED_MARKER, SKIPPED_OUTPUT } from './asl-overlap';
export { keepResultStateName, readResultStateName, resultKey, resultKeyValue, START_RESULTS } from './asl-results';
export {
  EXECUTION_ARN_VALUE,
  EXECUTION_INPUT_VALUE,
  ITEM_VALUE,
  PARENT_EXECUTION_ARN_VALUE,
  PARENT_EXECUTION_INPUT_VALUE,
  retriers,
  retriesSpotInterruptions,
  RUN_TASK_SYNC,
  spotStateNames,
  STEP_RESULTS_VALUE,
} from './asl-task';

/**
 * The state every run that ran its steps ends in. Its fixed output, never the user's input, is what the success
 * alert matches (stacks/builders/execution-alerts.ts), so that no input can make a run look skipped or completed.
 */
export const COMPLETED = 'All steps succeeded';
export const COMPLETED_MARKER = 'all-steps-succeeded';
export const COMPLETED_OUTPUT = { skipped: false, status: COMPLETED_MARKER } as const;

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

function stepState(step: Step, props: WorkflowDefinitionProps, context: StepContext): State {
  if (isForEach(step)) return forEachState(step, props, context);
  if (!isParallel(step)) return taskState(step, props, context);
  return {
    Type: 'Parallel',
    Comment: `Run ${step.parallel.map((task) => task.name).join(', ')} in parallel; fail if any fails`,
    Branches: step.parallel.map((task) => ({ StartAt: task.name, States: { [task.name]: { ...taskState(task, props, context), ResultPath: null, End: true } } })),
  };
}
