/**
 * The shape of a workflow's steps: plain tasks and parallel groups. Kept apart from the schema in config.ts
 * so that the builders (ASL, physical names) and the validation that uses them import it without a cycle.
 */
import type { ParallelStep, Step, Task, Workflow } from './config';

export function isParallel(step: Step): step is ParallelStep {
  return 'parallel' in step;
}

/** Every task of a workflow, in order. */
export function tasksOf(workflow: Workflow): Task[] {
  return workflow.steps.flatMap((step) => (isParallel(step) ? step.parallel : [step]));
}
