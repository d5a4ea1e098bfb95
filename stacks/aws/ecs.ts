/** Amazon ECS limits and contracts. */
import type { AwsRule } from './rule';

/** Most characters of a task's overrides, JSON formatting included. */
export const CONTAINER_OVERRIDES_MAX = 8192;

/** Most revisions of one task definition family (deregistered ones count): revisions are numbered from 1. */
export const TASK_DEFINITION_REVISIONS_MAX = 1_000_000;

export const ECS_RULES: readonly AwsRule[] = [
  {
    id: 'ecs.overrides-size',
    rule: `A task's overrides (RunTask overrides) total at most ${CONTAINER_OVERRIDES_MAX} characters, JSON formatting included.`,
    source: 'RunTask (Amazon Elastic Container Service API Reference)',
  },
  {
    id: 'ecs.task-definition-revisions',
    rule: `A task definition family has at most ${TASK_DEFINITION_REVISIONS_MAX.toLocaleString('en-US')} revisions, deregistered ones included.`,
    source: 'Amazon ECS service quotas (Amazon Elastic Container Service Developer Guide)',
  },
];

/** A container's environment override, as RunTask receives it. */
export interface EnvironmentOverride {
  readonly name: string;
  readonly value: string;
}

/** One container's overrides, as RunTask receives them. */
export interface ContainerOverride {
  readonly name: string;
  readonly environment: readonly EnvironmentOverride[];
}

/** The characters RunTask counts for a task's overrides: the JSON of the overrides structure. */
export function overridesLength(containerOverrides: readonly ContainerOverride[]): number {
  return JSON.stringify({ containerOverrides }).length;
}

/** Undefined when overrides of this length are accepted (`ecs.overrides-size`), else what is wrong. */
export function overridesLengthProblem(length: number): string | undefined {
  if (length <= CONTAINER_OVERRIDES_MAX) return undefined;
  return `its container overrides can reach ${length.toLocaleString('en-US')} characters; ECS allows ${CONTAINER_OVERRIDES_MAX.toLocaleString('en-US')}`;
}
