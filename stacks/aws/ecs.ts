/** Amazon ECS limits and contracts. */
import type { AwsRule } from './rule';

/** Most characters of a task's overrides, JSON formatting included. */
export const CONTAINER_OVERRIDES_MAX = 8192;

/** Most revisions of one task definition family (deregistered ones count): revisions are numbered from 1. */
export const TASK_DEFINITION_REVISIONS_MAX = 1_000_000;

export const ECS_RULES: readonly AwsRule[] = [
  {
    id: 'ecs.run-task-family',
    rule: 'RunTask takes the task definition as family:revision, a full ARN, or a family alone, which runs the family\'s latest ACTIVE revision; IAM authorizes ecs:RunTask on the task-definition resource family:revision, so family:* allows every revision of that family; a deregistered (INACTIVE) revision cannot start new tasks.',
    source: 'RunTask (Amazon ECS API Reference, taskDefinition); Actions, resources and condition keys for Amazon ECS (Service Authorization Reference); DeregisterTaskDefinition (Amazon ECS API Reference)',
  },
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
  {
    id: 'ecs.tag-on-create',
    rule: 'RunTask with tags specified in the request is also authorized as ecs:TagResource, with the condition key ecs:CreateAction set to RunTask; without tags no ecs:TagResource is needed (the page does not say whether tags propagated with PropagateTags count: the state machine role is granted it either way).',
    source: 'Grant permission to tag resources on creation (Amazon Elastic Container Service Developer Guide)',
  },
  {
    id: 'ecs.exec-task-requirements',
    rule: 'ECS Exec needs the task started with enableExecuteCommand, Fargate platform version 1.4.0 or later, a task role allowing ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel (actions without resource types: Resource "*"), and a writable root filesystem for the Session Manager agent it places in the container.',
    source: 'ECS Exec: support readonlyRootFilesystem containers (aws/containers-roadmap issue 1359, by AWS); Monitor Amazon ECS containers with ECS Exec (Amazon Elastic Container Service Developer Guide)',
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
