/**
 * The states that bring a step's result back into the execution: the container writes it as JSON to `RESULT_KEY` in
 * the environment's results bucket, `<step>: read result` reads it with the S3 GetObject AWS SDK integration (rule
 * states.sdk-s3-get-object-body) and `<step>: keep result` puts it in `results.<step key>` beside the earlier ones
 * (rule states.result-path-object), in an execution state that `Start step results` made `{ input, results }`.
 */
import { SDK_GET_OBJECT } from '../aws/s3';
import type { Task } from '../config/types';
import { readsBackResult, reportsResult } from '../config/steps';
import type { EnvironmentValue, State, WorkflowDefinitionProps } from './asl-model';

/** The state that makes the execution state `{ input, results }` in a workflow whose steps report results. */
export const START_RESULTS = 'Start step results';

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

/**
 * A step's state, followed, when its result is read back, by the two states that read it from S3 and keep it in
 * `results.<step key>`: the task state never waits for anything but its task, so a crash fails the step there.
 */
export function withResultStates(name: string, state: State, bucket: string | undefined, next: string | undefined): Record<string, State> {
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

export function resultsBucketOf(props: WorkflowDefinitionProps): string {
  if (props.resultsBucket === undefined) throw new Error(`workflow ${props.workflow.name} has a step that reports a result, and no results bucket was given`);
  return props.resultsBucket;
}

/** The execution state of a workflow whose steps report results: the input, untouched, beside the results. */
export function startResults(first: string): State {
  return { Type: 'Pass', Comment: 'Keep the execution input beside the results the steps report', Parameters: { 'input.$': '$$.Execution.Input', results: {} }, Next: first };
}

/** What a step that reports a result tells its container: where to write it, and (when read back) how large it may be. */
export function resultEnvironment(task: Task, props: WorkflowDefinitionProps): EnvironmentValue[] {
  if (!reportsResult(task)) return [];
  const readBack = readsBackResult(props.workflow, task);
  return [
    { Name: 'RESULT_BUCKET', Value: resultsBucketOf(props) },
    { Name: 'RESULT_KEY', 'Value.$': resultKeyValue(task.name) },
    ...(readBack ? [{ Name: 'RESULT_MAX_CHARS', Value: String(task.resultMaxChars) }] : []),
  ];
}
