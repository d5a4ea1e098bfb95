/**
 * The overlap check a workflow that skips overlapping runs starts with: it lists its state machine's RUNNING
 * executions (`aws-sdk:sfn:listExecutions`, rule states.list-executions, newest first) and, unless it is the oldest
 * of them, ends at once, successfully, with the output `{ "skipped": true, ... }`, before any step.
 */
import { SFN_SDK_TRANSIENT_ERRORS } from '../aws/step-errors';
import type { State } from './asl-model';
import { START_RESULTS } from './asl-results';

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
/** What the output of a skipped run holds for the skip alert to match (stacks/builders/execution-alerts.ts): no quote, no JSON escaping. */
export const SKIPPED_MARKER = 'skipped-while-running';
/** The output of a skipped run. */
export const SKIPPED_OUTPUT = { skipped: true, reason: `${SKIPPED_MARKER}: another execution of this state machine was running` } as const;

/**
 * List the RUNNING executions of this state machine (newest first, rule states.list-executions) and run only if
 * this one is the oldest of them: of executions that start together, exactly one runs. The list replaces the
 * state (so that any input works, rule states.result-path-object), and the steps get the input back from the
 * context before they run. An execution not yet listed (the list is eventually consistent) counts as the newest.
 */
export function overlapCheck(first: string, results: boolean): Record<string, State> {
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
