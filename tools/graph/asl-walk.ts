/**
 * Walking an Amazon States Language definition as the graph reads it: its states, which of them are steps (a task,
 * a parallel group or a guarded task, a fan-out), where each goes next, and the states passed on the way.
 */
import { blocksOf, isObject, stringOf, type JsonObject } from './stack-json';

export type States = Readonly<Record<string, JsonObject>>;

const RUN_TASK = /^arn:aws[a-z-]*:states:::ecs:runTask(\.sync|\.waitForTaskToken)?$/;
export const LIST_EXECUTIONS = /^arn:aws[a-z-]*:states:::aws-sdk:sfn:listExecutions$/;

export function statesOf(machine: unknown): States {
  const states = isObject(machine) && isObject(machine.States) ? machine.States : {};
  return Object.fromEntries(Object.entries(states).filter((entry): entry is [string, JsonObject] => isObject(entry[1])));
}

export function isRunTask(state: JsonObject | undefined): boolean {
  return state?.Type === 'Task' && RUN_TASK.test(stringOf(state.Resource) ?? '');
}

/** Whether a state is a step of the workflow: a task, a parallel group (or a guarded task), a fan-out. */
export function isStep(state: JsonObject | undefined): boolean {
  return isRunTask(state) || state?.Type === 'Parallel' || state?.Type === 'Map';
}

/** The states a state goes to next (a Choice: each choice and its default). */
export function successors(state: JsonObject): string[] {
  if (state.Type === 'Choice') {
    return [...blocksOf(state.Choices).map((choice) => stringOf(choice.Next)), stringOf(state.Default)].filter((name): name is string => name !== undefined);
  }
  return stringOf(state.Next) ? [String(state.Next)] : [];
}

/** The states a path through non-step states passes (to find the overlap check, or a successful end's output). */
export function passed(states: States, names: readonly string[], seen = new Set<string>()): string[] {
  return names.flatMap((name) => {
    const state = states[name];
    if (seen.has(name) || !state || isStep(state)) return [];
    seen.add(name);
    return [name, ...passed(states, successors(state), seen)];
  });
}

/**
 * A task on a guard: a one-branch Parallel state whose branch runs one task and handles its failure itself (the
 * Spot guard, which raises an interruption under its own error for the Parallel state to retry). Undefined for a
 * parallel group, whose branches are the tasks.
 */
export function guardedTask(state: JsonObject): JsonObject | undefined {
  const branches = blocksOf(state.Branches);
  if (state.Type !== 'Parallel' || branches.length !== 1) return undefined;
  const inner = Object.values(statesOf(branches[0]));
  const tasks = inner.filter(isRunTask);
  return inner.length > 1 && tasks.length === 1 && tasks[0].Catch !== undefined ? tasks[0] : undefined;
}

/** Every state, nested ones included (parallel branches, Map processors), by name. */
export function allStates(states: States): Record<string, JsonObject> {
  const all: Record<string, JsonObject> = {};
  for (const [name, state] of Object.entries(states)) {
    all[name] = state;
    for (const machine of [...blocksOf(state.Branches), ...blocksOf(state.ItemProcessor ?? state.Iterator)]) Object.assign(all, allStates(statesOf(machine)));
  }
  return all;
}
