/**
 * The shapes the ASL builders share (a state, a definition, what a task runs against) and a reader of a
 * definition's states. Pure: no state is built here.
 */
import type { RetryPolicy, Task, Workflow } from '../config/types';

export interface TaskTarget {
  /**
   * The task definition family, without a revision: RunTask then runs its latest ACTIVE revision (rule
   * ecs.run-task-family), so a redrive after a fix and a deploy runs the fixed revision.
   */
  readonly taskDefinitionFamily: string;
  /** Name of the container to pass the context to. */
  readonly containerName: string;
  readonly capacity: Task['capacity'];
  readonly timeoutSeconds: number;
  readonly retry: RetryPolicy;
}

export interface WorkflowDefinitionProps {
  readonly workflow: Workflow;
  readonly clusterArn: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Give each task a public IP: only in public subnets (the public network mode). */
  readonly assignPublicIp: boolean;
  readonly region: string;
  /** Target of every task, by task name. */
  readonly targets: Readonly<Record<string, TaskTarget>>;
  /** The environment's results bucket (name), where steps that report a result write it. @default - none: no step may report one */
  readonly resultsBucket?: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type State = Record<string, Json>;

export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  /** The whole execution's time-out (rule states.execution-duration). */
  readonly TimeoutSeconds?: number;
  readonly States: Record<string, State>;
}

export interface EnvironmentValue {
  readonly Name: string;
  readonly Value?: string;
  readonly 'Value.$'?: string;
}

/** What a step's state depends on besides its own configuration. */
export interface StepContext {
  /** The execution state is `{ input, results }`. */
  readonly results: boolean;
  /** An earlier step has reported a result: the task gets `STEP_RESULTS`. */
  readonly afterResult: boolean;
}

/** Where a task runs: a step of its own, an item of an Inline fan-out, or an item's child execution of a Distributed one. */
export type TaskPlace = 'step' | 'inline' | 'child';

/** The states nested in a state: a parallel group's branches, a Map's item processor. */
function nestedStates(state: State): [string, State][] {
  const machines = [
    ...(Array.isArray(state.Branches) ? (state.Branches as unknown as Pick<StateMachineDefinition, 'States'>[]) : []),
    ...(state.ItemProcessor ? [state.ItemProcessor as unknown as Pick<StateMachineDefinition, 'States'>] : []),
  ];
  return machines.flatMap((machine) => allStates(machine));
}

/** Every state of a definition, nested ones included, by name. */
export function allStates(definition: Pick<StateMachineDefinition, 'States'>): [string, State][] {
  return Object.entries(definition.States).flatMap(([name, state]): [string, State][] => [[name, state], ...nestedStates(state)]);
}
