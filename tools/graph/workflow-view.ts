/**
 * What the graph shows of each workflow, read from a synthesized stack: the state machine's definition (its ASL,
 * walked from `StartAt`), the task definitions its steps run, the schedules that start it and the EventBridge rules
 * that alert on how its executions end. Nothing here knows how the definition was built: a state that runs no task
 * (the overlap check, the reading back of a result, the Spot guard's own states) is passed through, and what it
 * leads to is what the graph draws.
 */
import { SPOT_INTERRUPTED_ERROR, TASK_FAILED_ERROR, TRANSIENT_ECS_ERRORS } from '../../stacks/aws/step-errors';
import { alertsOf, schedulesOf } from './alerts';
import { allStates, guardedTask, isRunTask, isStep, LIST_EXECUTIONS, passed, statesOf, successors, type States } from './asl-walk';
import { blocksOf, isObject, numberOf, parseJsonAttribute, referencedResource, resourcesOf, stringOf, type Json, type JsonObject, type Resource } from './stack-json';

/** One task a step runs, with what its node says. */
export interface TaskView {
  /** The step's name (a task of a parallel group: its own; a fan-out's task: the fan-out's). */
  readonly name: string;
  /** `FARGATE`, `FARGATE_SPOT`. */
  readonly capacity?: string;
  readonly cpu?: string;
  readonly memoryMiB?: string;
  readonly timeoutSeconds?: number;
  /** Its container is told where to write a result (`RESULT_KEY`). */
  readonly reportsResult: boolean;
  readonly ecsExec: boolean;
  /** What is retried, how often: `capacity x3`, `task failure x1`, `Spot interruption x2`. */
  readonly retries: readonly string[];
}

/** A fan-out: where its items come from, how many run at a time, how many may fail. */
export interface FanOutView {
  /** The step whose result holds the items; undefined: the execution input. */
  readonly fromStep?: string;
  /** The path of the items in that result or input (`$` for all of it). */
  readonly itemsPath: string;
  /** Undefined: no limit. */
  readonly maxConcurrency?: number;
  /** Undefined: any failed item fails the step. */
  readonly toleratedFailurePercentage?: number;
  readonly toleratedFailureCount?: number;
}

export type StepView =
  | { readonly kind: 'task'; readonly name: string; readonly task: TaskView }
  | { readonly kind: 'parallel'; readonly name: string; readonly tasks: readonly TaskView[] }
  | { readonly kind: 'fan-out'; readonly name: string; readonly task: TaskView; readonly fanOut: FanOutView };

/** Where a step or the start leads: another step, or how the execution ends. */
export type Target = { readonly step: string } | { readonly end: 'succeeded' | 'skipped' | 'failed' };

export interface WorkflowView {
  readonly name: string;
  /** The state machine's physical name. */
  readonly stateMachine: string;
  /** The whole execution's time-out; undefined: none. */
  readonly timeoutSeconds?: number;
  /** The steps in the order an execution reaches them. */
  readonly steps: readonly StepView[];
  /** Where an execution goes first: one step, or (a skip check) a step and a skipped end. */
  readonly start: readonly Target[];
  /** Whether the start is the check for another running execution (`listExecutions`). */
  readonly checksRunningExecutions: boolean;
  /** Where each step goes when it succeeds, by step name. */
  readonly next: Readonly<Record<string, readonly Target[]>>;
  /** Where each step goes when it still fails after its retries (no Catch: the execution fails there), by step name. */
  readonly onFailure: Readonly<Record<string, readonly Target[]>>;
  /** The statuses EventBridge alerts on: FAILED, TIMED_OUT, ABORTED, SUCCEEDED, and SKIPPED for a skipped run. */
  readonly alerts: readonly string[];
  /** `<expression> <time zone>` of each schedule that starts it. */
  readonly schedules: readonly string[];
}

/** How a path that reached no step ends: Fail fails; any other end succeeds (skipped when no step ran yet). */
function endOf(state: JsonObject, afterStep: boolean): Target {
  if (state.Type === 'Fail') return { end: 'failed' };
  return { end: afterStep ? 'succeeded' : 'skipped' };
}

/** The steps and ends reachable from `names` through states that are not steps, in order, each once. */
function reach(states: States, names: readonly string[], afterStep: boolean, seen = new Set<string>()): Target[] {
  const targets: Target[] = [];
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const state = states[name];
    if (!state) continue;
    if (isStep(state)) targets.push({ step: name });
    else if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') targets.push(endOf(state, afterStep));
    else targets.push(...reach(states, successors(state), afterStep, seen));
  }
  return unique(targets);
}

function unique(targets: readonly Target[]): Target[] {
  const keys = new Set<string>();
  return targets.filter((target) => {
    const key = JSON.stringify(target);
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}

/** What is retried, how often, by error names: the transient ECS errors are "capacity". */
function retryLabels(...retriers: readonly Json[]): string[] {
  return retriers.flatMap(blocksOf).map((retrier) => {
    const errors = Array.isArray(retrier.ErrorEquals) ? retrier.ErrorEquals.map(String) : [];
    const attempts = numberOf(retrier.MaxAttempts) ?? 3;
    const what =
      errors.length === 1 && errors[0] === TASK_FAILED_ERROR ? 'task failure'
      : errors.length === 1 && errors[0] === SPOT_INTERRUPTED_ERROR ? 'Spot interruption'
      : errors.every((error) => (TRANSIENT_ECS_ERRORS as readonly string[]).includes(error)) ? 'capacity'
      : errors.join(' | ');
    return { what, attempts };
  }).filter(({ attempts }) => attempts > 0)
    .sort((a, b) => order(a.what) - order(b.what))
    .map(({ what, attempts }) => `${what} x${attempts}`);
}

function order(what: string): number {
  const known = ['capacity', 'task failure', 'Spot interruption'].indexOf(what);
  return known < 0 ? 3 : known;
}

function containerEnvironment(task: JsonObject): string[] {
  const parameters = isObject(task.Parameters) ? task.Parameters : {};
  const overrides = isObject(parameters.Overrides) ? parameters.Overrides : {};
  return blocksOf(overrides.ContainerOverrides).flatMap((container) => blocksOf(container.Environment).map((variable) => String(variable.Name)));
}

/** The task definition a RunTask state names: by reference, else by family or ARN. */
function taskDefinitionOf(stack: unknown, task: JsonObject): Resource | undefined {
  const named = isObject(task.Parameters) ? task.Parameters.TaskDefinition : undefined;
  const referenced = referencedResource(stack, named, 'aws_ecs_task_definition');
  if (referenced || typeof named !== 'string') return referenced;
  const family = named.replace(/^arn:.*:task-definition\//, '').replace(/:\d+$/, '');
  return resourcesOf(stack, 'aws_ecs_task_definition').find((definition) => definition.attributes.family === family);
}

/** The task a state runs (a task state, or a guard around one), named `name`. */
function taskView(stack: unknown, name: string, state: JsonObject): TaskView {
  const task = guardedTask(state) ?? state;
  const parameters = isObject(task.Parameters) ? task.Parameters : {};
  const strategy = blocksOf(parameters.CapacityProviderStrategy);
  const definition = taskDefinitionOf(stack, task)?.attributes;
  return {
    name,
    capacity: strategy.length > 0 ? strategy.map((entry) => String(entry.CapacityProvider)).join('+') : stringOf(parameters.LaunchType),
    cpu: definition && definition.cpu !== undefined ? String(definition.cpu) : undefined,
    memoryMiB: definition && definition.memory !== undefined ? String(definition.memory) : undefined,
    timeoutSeconds: numberOf(task.TimeoutSeconds) ?? numberOf(state.TimeoutSeconds),
    reportsResult: containerEnvironment(task).includes('RESULT_KEY'),
    ecsExec: parameters.EnableExecuteCommand === true,
    retries: retryLabels(task === state ? [] : (task.Retry ?? []), state.Retry ?? []),
  };
}

/**
 * A fan-out's items: `ItemReader` reads a result in S3 (the step whose container is told that key writes it), else
 * `ItemsPath` into the execution state: `$.results.<key>` is the result a step wrote to `<key>.json`, `$.input` the
 * execution input where the state keeps results beside it, `$` the execution input itself.
 */
function fanOutView(state: JsonObject, writers: ReadonlyMap<string, string>): FanOutView {
  const reader = isObject(state.ItemReader) && isObject(state.ItemReader.Parameters) ? state.ItemReader.Parameters : undefined;
  const path = stringOf(state.ItemsPath) ?? '$';
  let fromStep: string | undefined;
  let itemsPath = path;
  if (reader) {
    fromStep = writers.get(String(reader['Key.$'] ?? reader.Key));
    itemsPath = '$';
  } else {
    const fromResult = /^\$\.results\.([A-Za-z0-9_]+)(.*)$/.exec(path);
    const fromInput = /^\$\.input(.*)$/.exec(path);
    if (fromResult) {
      fromStep = [...writers].find(([key]) => key.includes(`/${fromResult[1]}.json'`))?.[1] ?? fromResult[1];
      itemsPath = `$${fromResult[2]}`;
    } else if (fromInput) {
      itemsPath = `$${fromInput[1]}`;
    }
  }
  const concurrency = numberOf(state.MaxConcurrency);
  return {
    fromStep,
    itemsPath,
    maxConcurrency: concurrency === 0 ? undefined : concurrency,
    toleratedFailurePercentage: numberOf(state.ToleratedFailurePercentage),
    toleratedFailureCount: numberOf(state.ToleratedFailureCount),
  };
}

function stepView(stack: unknown, name: string, state: JsonObject, writers: ReadonlyMap<string, string>): StepView {
  if (state.Type === 'Map') {
    const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : isObject(state.Iterator) ? state.Iterator : {};
    const inner = statesOf(processor);
    const first = inner[String(processor.StartAt)] ?? {};
    return { kind: 'fan-out', name, task: taskView(stack, name, first), fanOut: fanOutView(state, writers) };
  }
  if (state.Type === 'Parallel' && !guardedTask(state)) {
    const tasks = blocksOf(state.Branches).flatMap((branch) => {
      const inner = statesOf(branch);
      const start = String(branch.StartAt);
      return inner[start] ? [taskView(stack, start, inner[start])] : [];
    });
    return { kind: 'parallel', name, tasks };
  }
  return { kind: 'task', name, task: taskView(stack, name, state) };
}

/** The RESULT_KEY value of every task that reports a result, to the step's name: who writes which key. */
function resultWriters(states: States): Map<string, string> {
  const writers = new Map<string, string>();
  for (const [name, state] of Object.entries(states)) {
    const task = guardedTask(state) ?? state;
    const parameters = isObject(task.Parameters) && isObject(task.Parameters.Overrides) ? task.Parameters.Overrides : {};
    for (const variable of blocksOf(parameters.ContainerOverrides).flatMap((container) => blocksOf(container.Environment))) {
      if (variable.Name === 'RESULT_KEY') writers.set(String(variable['Value.$'] ?? variable.Value), name);
    }
  }
  return writers;
}

/** Every workflow of a synthesized stack (its parsed `cdk.tf.json`), one per state machine. */
export function workflowsOf(stack: unknown): WorkflowView[] {
  return resourcesOf(stack, 'aws_sfn_state_machine').flatMap((machine) => {
    const definition = parseJsonAttribute(machine.attributes.definition);
    if (!isObject(definition) || typeof definition.StartAt !== 'string') return [];
    const states = statesOf(definition);
    const start = definition.StartAt;
    const writers = resultWriters(states);
    const order: string[] = [];
    const next: Record<string, Target[]> = {};
    const onFailure: Record<string, Target[]> = {};
    const startTargets = reach(states, [start], false);
    const queue = startTargets.flatMap((target) => ('step' in target ? [target.step] : []));
    while (queue.length > 0) {
      const name = queue.shift() as string;
      if (order.includes(name)) continue;
      order.push(name);
      const state = states[name];
      next[name] = state.End === true ? [{ end: 'succeeded' }] : reach(states, successors(state), true);
      const catchers = blocksOf(state.Catch).flatMap((catcher) => (stringOf(catcher.Next) ? [String(catcher.Next)] : []));
      onFailure[name] = [...(catchers.length > 0 ? reach(states, catchers, true) : []), ...(coversAllErrors(state) ? [] : [{ end: 'failed' as const }])];
      queue.push(...[...next[name], ...onFailure[name]].flatMap((target) => ('step' in target ? [target.step] : [])));
    }
    const steps = order.map((name) => stepView(stack, name, states[name], writers));
    const workflowName = steps.flatMap(tasksOf).map((task) => workflowTag(stack, states, task)).find((tag) => tag !== undefined);
    return [
      {
        name: workflowName ?? stringOf(machine.attributes.name) ?? machine.name,
        stateMachine: stringOf(machine.attributes.name) ?? machine.name,
        timeoutSeconds: numberOf(definition.TimeoutSeconds),
        steps,
        start: startTargets,
        checksRunningExecutions: passed(states, [start]).some((name) => LIST_EXECUTIONS.test(stringOf(states[name].Resource) ?? '')),
        next,
        onFailure,
        alerts: alertsOf(stack, machine, states, start),
        schedules: schedulesOf(stack, machine),
      },
    ];
  });
}

/** Whether a state's Catch takes every error (`States.ALL`): then a failure never fails the execution there. */
function coversAllErrors(state: JsonObject): boolean {
  return blocksOf(state.Catch).some((catcher) => Array.isArray(catcher.ErrorEquals) && catcher.ErrorEquals.includes('States.ALL'));
}

function tasksOf(step: StepView): readonly TaskView[] {
  return step.kind === 'parallel' ? step.tasks : [step.task];
}

/** The `Workflow` tag of the task definition a task runs, if it has one. */
function workflowTag(stack: unknown, states: States, task: TaskView): string | undefined {
  const all = allStates(states);
  const state = all[task.name];
  if (!state) return undefined;
  const runs = guardedTask(state) ?? (state.Type === 'Map' ? Object.values(statesOf(state.ItemProcessor ?? state.Iterator)).find(isRunTask) : state);
  const tags = runs ? taskDefinitionOf(stack, runs)?.attributes.tags : undefined;
  return isObject(tags) ? stringOf(tags.Workflow) : undefined;
}
