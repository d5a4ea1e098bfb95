/**
 * Validation of the declared environments: the schema, then the checks across fields, all at once. Throws one
 * {@link ConfigError} listing every problem before anything is synthesized, so a bad configuration writes nothing.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { checkEnvironments, checkImages } from './checks';
import { closestBranch, ConfigError, formatPath } from './errors';
import { environmentSchema } from './schema';
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
    .safeParse(inputs, { reportInput: true });
  if (result.success) return withAbsoluteFolders(result.data, projectRoot);
  throw new ConfigError(
    result.error.issues.flatMap(closestBranch).map((issue) => ({
      path: formatPath(issue.path, inputs),
      value: issue.input,
      message: issue.message,
    })),
  );
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
