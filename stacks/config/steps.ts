/**
 * The shape of a workflow's steps: plain tasks and parallel groups. Kept apart from the schema in config.ts
 * so that the builders (ASL, physical names) and the validation that uses them import it without a cycle.
 */
import { EXECUTION_DURATION_MAX_SECONDS } from '../aws/states';
import type { ForEachStep, ParallelStep, Step, Task, Workflow } from './types';

export function isParallel(step: Step): step is ParallelStep {
  return 'parallel' in step;
}

export function isForEach(step: Step): step is ForEachStep {
  return 'forEach' in step;
}

/** The task a fan-out runs per item, named by its step. */
export function forEachTask(step: ForEachStep): Task {
  return { ...step.task, name: step.name };
}

/** The tasks one step runs: its own, a parallel group's, or the task a fan-out runs per item. */
export function tasksOfStep(step: Step): Task[] {
  if (isParallel(step)) return step.parallel;
  return isForEach(step) ? [forEachTask(step)] : [step];
}

/** Every task of a workflow, in order. */
export function tasksOf(workflow: Workflow): Task[] {
  return workflow.steps.flatMap(tasksOfStep);
}

/** Whether the workflow keeps step results in its execution state: it has a step whose result is read back. */
export function keepsResults(workflow: Workflow): boolean {
  return workflow.steps.some((step) => readsBackResult(workflow, step));
}

/** Whether a step reports a result (a plain step with `reportsResult`; validation refuses it elsewhere). */
export function reportsResult(step: Step): step is Task {
  return !isParallel(step) && !isForEach(step) && step.reportsResult;
}

/**
 * Whether the workflow writes into the environment's results bucket: a step that reports a result, or a
 * Distributed fan-out, which writes what became of each item there (ResultWriter).
 */
export function writesResults(workflow: Workflow): boolean {
  return workflow.steps.some((step) => reportsResult(step) || isDistributed(step));
}

/**
 * Whether the result of a step stays in S3 only: a Distributed fan-out reads its items from there (ItemReader), so
 * that it can be far larger than a state (rule states.payload-size); nothing reads it into the execution state.
 */
export function resultStaysInS3(workflow: Workflow, stepName: string): boolean {
  return workflow.steps.some((step) => isDistributed(step) && isForEach(step) && step.forEach.itemsFromStep === stepName);
}

/** Whether the state machine reads a step's result back into the execution state (`results.<step key>`). */
export function readsBackResult(workflow: Workflow, step: Step): boolean {
  return reportsResult(step) && !resultStaysInS3(workflow, step.name);
}

/** Whether a Distributed fan-out of the workflow reads its items from a step's result in S3. */
export function readsItemsFromS3(workflow: Workflow): boolean {
  return workflow.steps.some((step) => isDistributed(step) && isForEach(step) && step.forEach.itemsFromStep !== undefined);
}

/** Whether any fan-out step runs in Distributed mode (child executions of the state machine). */
export function fansOutDistributed(workflow: Workflow): boolean {
  return workflow.steps.some(isDistributed);
}

/** Whether a fan-out step tolerates failed items, which runs it in Distributed mode. */
export function isDistributed(step: Step): boolean {
  return isForEach(step) && step.forEach.toleratedFailurePercentage !== undefined;
}

/** Every task of a workflow, with the path of its configuration (`at` is the workflow's path). */
export function tasksWithPaths(workflow: Workflow, at: readonly PropertyKey[] = []): [Task, PropertyKey[]][] {
  return workflow.steps.flatMap((step, s): [Task, PropertyKey[]][] => {
    if (isParallel(step)) return step.parallel.map((task, t): [Task, PropertyKey[]] => [task, [...at, 'steps', s, 'parallel', t]]);
    return isForEach(step) ? [[forEachTask(step), [...at, 'steps', s, 'task']]] : [[step, [...at, 'steps', s]]];
  });
}

/**
 * The longest one task can take: every attempt its retries allow running to its time-out, and the longest
 * wait before each retry (`maxDelaySeconds`, the cap of the backoff).
 */
export function taskBudgetSeconds(task: Task): number {
  const attempts = 1 + task.retry.taskFailureRetries;
  const retries = task.retry.capacityRetries + task.retry.taskFailureRetries;
  return attempts * task.timeoutSeconds + retries * task.retry.maxDelaySeconds;
}

/**
 * What the steps can take, one after another; a parallel group as long as its longest task. A fan-out's length
 * depends on its item count, unknown here: a workflow with one sets its own `timeoutSeconds` (config check).
 */
export function stepsBudgetSeconds(workflow: Workflow): number {
  return workflow.steps.reduce((total, step) => total + Math.max(...tasksOfStep(step).map(taskBudgetSeconds)), 0);
}

/** Whether a run is skipped while another execution of the workflow is running (`overlap`). */
export function skipsOverlappingRuns(workflow: Workflow): boolean {
  return (workflow.overlap ?? (workflow.schedule ? 'skip' : 'allow')) === 'skip';
}

/** The state machine's TimeoutSeconds: the workflow's own, else the steps' budget, within one year (rule states.execution-duration). */
export function workflowTimeoutSeconds(workflow: Workflow): number {
  return workflow.timeoutSeconds ?? Math.min(stepsBudgetSeconds(workflow), EXECUTION_DURATION_MAX_SECONDS);
}
