/**
 * A fan-out step (`forEach`): a Map state, Inline (every item must succeed), or Distributed when it tolerates failed
 * items (rule states.tolerated-failure-distributed). Each item reaches its container as JSON in `ITEM`.
 */
import { ITEM_READER_GET_OBJECT, RESULT_WRITER_PUT_OBJECT } from '../aws/s3';
import type { ForEachStep } from '../config/types';
import { forEachTask, isDistributed } from '../config/steps';
import type { State, StepContext, WorkflowDefinitionProps } from './asl-model';
import { resultKey, resultKeyValue, resultsBucketOf } from './asl-results';
import { taskState } from './asl-task';
import { fanOutResultsPrefix } from './names';

/** The name of the Task state a fan-out runs per item (state names are unique across nesting, rule states.unique-state-names). */
export function itemStateName(stepName: string): string {
  return `${stepName}: item`;
}

/**
 * A Map state running the task once per item, `maxConcurrency` at a time. Each iteration gets the item (and the
 * results so far) and outputs nothing (`OutputPath: null`), so that the Map's collected output stays small
 * whatever the number of items (rule states.payload-size).
 */
export function forEachState(step: ForEachStep, props: WorkflowDefinitionProps, context: StepContext): State {
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
