/**
 * Validation of the declared environments: the schema, then the checks across fields, all at once. Throws one
 * {@link ConfigError} listing every problem before anything is synthesized, so a bad configuration writes nothing.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { checkEnvironments, checkImages } from './checks';
import { closestBranch, ConfigError, configErrorMap, problemOf } from './errors';
import { environmentSchema, STEP_KINDS } from './schema';
import { forEachTask, isForEach, isParallel } from './steps';
import type { Environment, EnvironmentInput, ResolveOptions, Step, Task } from './types';

/**
 * Validates and fills in defaults for every environment; throws one ConfigError listing every problem. In the
 * result, every `image.directory` is absolute (resolved against `projectRoot`).
 */
export function resolveEnvironments(inputs: readonly EnvironmentInput[], options: ResolveOptions = {}): Environment[] {
  const projectRoot = options.projectRoot ?? process.cwd();
  const result = z
    .array(environmentSchema)
    .superRefine(checkEnvironments)
    .superRefine((environments, ctx) => checkImages(environments, ctx, { ...options, projectRoot }))
    .safeParse(inputs, { reportInput: true, error: configErrorMap });
  if (result.success) return withAbsoluteFolders(result.data, projectRoot);
  const issues = result.error.issues.flatMap(closestBranch).flatMap(stepKindIssues);
  throw new ConfigError(issues.map((issue) => problemOf(issue, inputs)));
}

/** The environments with every `image.directory` made absolute. */
function withAbsoluteFolders(environments: Environment[], projectRoot: string): Environment[] {
  const resolveTask = (task: Task): Task =>
    typeof task.image === 'object' && 'directory' in task.image
      ? { ...task, image: { ...task.image, directory: path.resolve(projectRoot, task.image.directory) } }
      : task;
  return environments.map((env) => ({
    ...env,
    workflows: env.workflows.map((workflow) => ({
      ...workflow,
      steps: workflow.steps.map((step): Step => {
        if (isParallel(step)) return { ...step, parallel: step.parallel.map(resolveTask) };
        return isForEach(step) ? { ...step, task: resolveTask(forEachTask(step)) } : resolveTask(step);
      }),
    })),
  }));
}

/**
 * A step whose only problem zod reports is that the task does not know `parallel` (or `forEach`, `task`) is a
 * parallel group (a fan-out) with a problem of its own: its problems are the ones the step kind reports.
 */
function stepKindIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'unrecognized_keys' || typeof issue.input !== 'object' || issue.input === null) return [issue];
  const kind = STEP_KINDS.find((candidate) => candidate.keys.some((key) => issue.keys.includes(key)));
  if (!kind) return [issue];
  const reparsed = kind.schema.safeParse(issue.input, { reportInput: true, error: configErrorMap });
  if (reparsed.success) return [issue];
  return reparsed.error.issues.flatMap(closestBranch).map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
}
