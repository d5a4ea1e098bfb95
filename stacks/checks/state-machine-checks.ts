/**
 * Every rendered state machine against the Step Functions and ECS limits: state names, the definition's size with
 * every reference at its longest, and the container overrides of every Task state with the values only the running
 * execution knows at their longest (the execution's ARN, its input, the results of earlier steps, a fan-out's
 * item); and every schedule's input against the execution input quota. Everything is read from the rendered
 * definition and schedule, never rebuilt from the configuration.
 */
import {
  EXECUTION_ARN_VALUE,
  EXECUTION_INPUT_VALUE,
  ITEM_VALUE,
  PARENT_EXECUTION_ARN_VALUE,
  PARENT_EXECUTION_INPUT_VALUE,
  resultKey,
  STEP_RESULTS_VALUE,
  type EnvironmentValue,
} from '../builders/asl';
import { overridesLength, overridesLengthProblem } from '../aws/ecs';
import { SDK_GET_OBJECT } from '../aws/s3';
import { definitionSizeProblem, executionInputProblem, stateNameProblem, STATES_NAME_MAX } from '../aws/states';
import type { CheckProblem } from './problem';
import { longestValue, referencesIn } from './references';
import { placementOf, resourceOf, resourcesOfType, stringAttribute, type RenderedResource, type RenderedStack } from './rendered';
import type { Source } from './sources';

type Json = unknown;
type StateRecord = Readonly<Record<string, Json>>;

/** The longest state machine name and execution name (rule states.name-length). */
const LONGEST_STATE_MACHINE_NAME = 'm'.repeat(STATES_NAME_MAX);
const LONGEST_EXECUTION_NAME = 'e'.repeat(STATES_NAME_MAX);

/** An execution ARN with the longest state machine and execution names Step Functions accepts. */
export function longestExecutionArn(stack: RenderedStack): string {
  const { partition, region, account } = placementOf(stack);
  return `arn:${partition}:states:${region}:${account}:execution:${LONGEST_STATE_MACHINE_NAME}:${LONGEST_EXECUTION_NAME}`;
}

/** One state of a definition, where it sits. */
interface PlacedState {
  readonly name: string;
  readonly state: StateRecord;
  /** The top-level state it is in (itself at the top level). */
  readonly top: string;
  /** The Map state whose items it runs for, if any. */
  readonly map?: StateRecord;
}

const isRecord = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const statesOf = (value: unknown): Record<string, StateRecord> => (isRecord(value) && isRecord(value.States) ? (value.States as Record<string, StateRecord>) : {});

/** The states of a Parallel state's branches or a Map state's item processor. */
function nestedOf(state: StateRecord): Record<string, StateRecord>[] {
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) return state.Branches.map(statesOf);
  if (state.Type === 'Map') return [statesOf(state.ItemProcessor ?? state.Iterator)];
  return [];
}

/** The names a state may go on to. */
function nextOf(state: StateRecord): string[] {
  const choices = Array.isArray(state.Choices) ? state.Choices.filter(isRecord).map((choice) => choice.Next) : [];
  return [state.Next, state.Default, ...choices].filter((next): next is string => typeof next === 'string');
}

/** The top-level states in the order an execution reaches them (breadth first from StartAt), then any unreached. */
function executionOrder(definition: Record<string, Json>): string[] {
  const states = statesOf(definition);
  const order: string[] = [];
  const queue = typeof definition.StartAt === 'string' ? [definition.StartAt] : [];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (order.includes(name) || !states[name]) continue;
    order.push(name);
    queue.push(...nextOf(states[name]));
  }
  return [...order, ...Object.keys(states).filter((name) => !order.includes(name))];
}

/** Every state, nested ones included, top-level ones in execution order. */
function placedStates(definition: Record<string, Json>): PlacedState[] {
  const states = statesOf(definition);
  const nested = (top: string, state: StateRecord, map: StateRecord | undefined): PlacedState[] =>
    nestedOf(state).flatMap((inner) =>
      Object.entries(inner).flatMap(([name, child]) => {
        const within = state.Type === 'Map' ? state : map;
        return [{ name, state: child, top, ...(within ? { map: within } : {}) }, ...nested(top, child, within)];
      }),
    );
  return executionOrder(definition).flatMap((name) => [{ name, state: states[name], top: name }, ...nested(name, states[name], undefined)]);
}

interface ContainerOverride {
  readonly Name: string;
  readonly Environment?: readonly EnvironmentValue[];
}

function containerOverridesOf(state: StateRecord): readonly ContainerOverride[] | undefined {
  const parameters = state.Parameters as { Overrides?: { ContainerOverrides?: ContainerOverride[] } } | undefined;
  return state.Type === 'Task' ? parameters?.Overrides?.ContainerOverrides : undefined;
}

function environmentOf(state: StateRecord): EnvironmentValue[] {
  return (containerOverridesOf(state) ?? []).flatMap((container) => container.Environment ?? []);
}

/** The rendered resource the state runs a task of (its `TaskDefinition` reference), if any. */
function taskDefinitionOf(stack: RenderedStack, state: StateRecord): RenderedResource | undefined {
  const parameters = state.Parameters as { TaskDefinition?: unknown } | undefined;
  if (state.Type !== 'Task' || typeof parameters?.TaskDefinition !== 'string') return undefined;
  const [reference] = referencesIn(parameters.TaskDefinition);
  const [type, key] = reference?.split('.') ?? [];
  return type === 'aws_ecs_task_definition' ? resourceOf(stack, type, key) : undefined;
}

/** One state machine as the checks read it. */
interface Machine {
  readonly stack: RenderedStack;
  readonly resource: RenderedResource;
  readonly states: readonly PlacedState[];
}

/**
 * The configuration field of each state: the step (or task of a parallel group) whose task it runs; a Parallel or
 * Map state, its step; any other state, the state before it; else the workflow.
 */
function statePaths(machine: Machine): Map<string, readonly PropertyKey[]> {
  const paths = new Map<string, readonly PropertyKey[]>();
  const { stack, states, resource } = machine;
  for (const placed of states) {
    const task = taskDefinitionOf(stack, placed.state);
    if (task) paths.set(placed.name, task.source.path);
  }
  const stepOf = (path: readonly PropertyKey[]) => {
    const at = path.lastIndexOf('parallel');
    return at >= 0 ? [...path.slice(0, at), 'name'] : path;
  };
  for (const placed of states) {
    if (paths.has(placed.name) || nestedOf(placed.state).length === 0) continue;
    const inner = states.find((candidate) => candidate.top === placed.top && candidate.name !== placed.name && paths.has(candidate.name));
    if (inner) paths.set(placed.name, stepOf(paths.get(inner.name) ?? []));
  }
  const previous = new Map<string, string>();
  for (const placed of states) for (const next of nextOf(placed.state)) if (!previous.has(next)) previous.set(next, placed.name);
  const pathOf = (name: string, seen: Set<string>): readonly PropertyKey[] => {
    const known = paths.get(name);
    if (known) return known;
    const before = previous.get(name);
    if (before === undefined || seen.has(before)) return resource.source.path;
    return pathOf(before, seen.add(name));
  };
  return new Map(states.map((placed) => [placed.name, pathOf(placed.name, new Set())]));
}

/** The input of the executions the stack's schedules start, by state machine resource key: the longest. */
function scheduleInputs(stack: RenderedStack): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const schedule of resourcesOfType(stack, 'aws_scheduler_schedule')) {
    const target = targetOf(schedule);
    const [reference] = referencesIn(typeof target?.arn === 'string' ? target.arn : '');
    const [type, key] = reference?.split('.') ?? [];
    if (type !== 'aws_sfn_state_machine' || typeof target?.input !== 'string') continue;
    const input = longestValue(stack, target.input);
    if (input.length > (inputs.get(key)?.length ?? -1)) inputs.set(key, input);
  }
  return inputs;
}

function targetOf(schedule: RenderedResource): Record<string, Json> | undefined {
  const target = Array.isArray(schedule.body.target) ? schedule.body.target[0] : schedule.body.target;
  return isRecord(target) ? target : undefined;
}

/** What the run-time values of one state are at their longest. */
interface RunTime {
  readonly executionArn: string;
  readonly input: string;
  readonly results: string;
  readonly item: string;
}

const FORMAT = /^States\.Format\('([^']*)'((?:, *\$\$\.[A-Za-z.]+)*)\)$/;

/** The longest value of a run-time path of a container override (`Value.$`). */
function runTimeValue(path: string, values: RunTime, variable: string): string {
  switch (path) {
    case EXECUTION_ARN_VALUE:
    case PARENT_EXECUTION_ARN_VALUE:
      return values.executionArn;
    case EXECUTION_INPUT_VALUE:
    case PARENT_EXECUTION_INPUT_VALUE:
      return values.input;
    case STEP_RESULTS_VALUE:
      return values.results;
    case ITEM_VALUE:
      return values.item;
  }
  const format = FORMAT.exec(path);
  if (format) {
    const args = format[2].split(',').map((arg) => arg.trim()).filter(Boolean);
    const longest: Readonly<Record<string, string>> = { '$$.StateMachine.Name': LONGEST_STATE_MACHINE_NAME, '$$.Execution.Name': LONGEST_EXECUTION_NAME };
    if (args.every((arg) => longest[arg] !== undefined)) return format[1].split('{}').reduce((text, part, index) => text + (index > 0 ? longest[args[index - 1]] : '') + part, '');
  }
  // A new run-time value must say how long it can be, or its overrides could not be checked.
  throw new Error(`no longest value is known for the run-time value ${path} of ${variable}`);
}

/**
 * The longest result of each step that reports one, by result key: the `RESULT_MAX_CHARS` its state tells its
 * container, or, for a result the state machine does not read back, the declared `resultMaxChars`.
 */
function resultBounds(machine: Machine): (key: string) => number {
  const rendered = new Map<string, number>();
  for (const placed of machine.states) {
    const max = environmentOf(placed.state).find((entry) => entry.Name === 'RESULT_MAX_CHARS')?.Value;
    if (max !== undefined) rendered.set(resultKey(placed.name), Number(max));
  }
  const declared = machine.resource.source.resultMaxChars ?? {};
  return (key) => {
    const bound = rendered.get(key) ?? declared[key];
    if (bound === undefined) throw new Error(`no longest value is known for the result ${key} of state machine ${machine.resource.key}`);
    return bound;
  };
}

/** The result a state reads back from S3 into the execution state, by its key, if it is such a state. */
function resultReadBy(state: StateRecord): string | undefined {
  if (state.Type !== 'Task' || state.Resource !== SDK_GET_OBJECT || !isRecord(state.ResultSelector)) return undefined;
  const [key] = Object.keys(state.ResultSelector);
  return key?.endsWith('.$') ? key.slice(0, -2) : undefined;
}

/** The longest item of a Map state: from a result (in the execution state or read from S3), or from the input. */
function longestItem(machine: Machine, map: StateRecord | undefined, input: string, boundOf: (key: string) => number): string {
  if (!map) return input;
  const reader = isRecord(map.ItemReader) && isRecord(map.ItemReader.Parameters) ? map.ItemReader.Parameters['Key.$'] : undefined;
  if (typeof reader === 'string') {
    const writer = machine.states.find((placed) => environmentOf(placed.state).some((entry) => entry.Name === 'RESULT_KEY' && entry['Value.$'] === reader));
    if (!writer) throw new Error(`no state writes the result a Map state of ${machine.resource.key} reads from ${reader}`);
    return 'i'.repeat(boundOf(resultKey(writer.name)));
  }
  const itemsPath = typeof map.ItemsPath === 'string' ? map.ItemsPath : '$';
  const fromResult = /^\$\.results\.([A-Za-z0-9_]+)/.exec(itemsPath);
  return fromResult ? 'i'.repeat(boundOf(fromResult[1])) : input;
}

/** A Task state's container overrides at their longest, with the run-time values they were measured with. */
interface MeasuredOverrides {
  readonly placed: PlacedState;
  readonly length: number;
  readonly values: RunTime;
}

/** The container overrides of every Task state at their longest, with the run-time values of where it runs. */
function measureOverrides(machine: Machine, input: string): MeasuredOverrides[] {
  const boundOf = resultBounds(machine);
  const executionArn = longestExecutionArn(machine.stack);
  const read: string[] = [];
  const resultsBefore = new Map<string, string>();
  for (const placed of machine.states) {
    if (placed.top !== placed.name) continue;
    resultsBefore.set(placed.name, `{${read.map((key) => `"${key}":${'r'.repeat(boundOf(key))}`).join(',')}}`);
    const key = resultReadBy(placed.state);
    if (key !== undefined) read.push(key);
  }
  return machine.states.flatMap((placed): MeasuredOverrides[] => {
    const containers = containerOverridesOf(placed.state);
    if (!containers) return [];
    const values: RunTime = { executionArn, input, results: resultsBefore.get(placed.top) ?? '{}', item: longestItem(machine, placed.map, input, boundOf) };
    const length = overridesLength(
      containers.map((container) => ({
        name: container.Name,
        environment: (container.Environment ?? []).map((entry) => ({
          name: entry.Name,
          value: entry.Value !== undefined ? longestValue(machine.stack, entry.Value) : runTimeValue(entry['Value.$'] ?? '', values, entry.Name),
        })),
      })),
    );
    return [{ placed, length, values }];
  });
}

function overridesProblems(machine: Machine, paths: Map<string, readonly PropertyKey[]>, input: string): CheckProblem[] {
  return measureOverrides(machine, input).flatMap(({ placed, length, values }): CheckProblem[] => {
    const problem = overridesLengthProblem(length);
    if (!problem) return [];
    const environment = environmentOf(placed.state);
    const hints = [
      ...(environment.some((entry) => entry.Name === 'EXECUTION_INPUT') ? ['with the schedule input as EXECUTION_INPUT: pass a smaller input, or set passExecutionInput to false'] : []),
      ...(environment.some((entry) => entry.Name === 'STEP_RESULTS') && values.results !== '{}' ? ['with the results of earlier steps at their resultMaxChars in STEP_RESULTS: lower resultMaxChars'] : []),
    ];
    return [{ path: paths.get(placed.name) ?? machine.resource.source.path, value: placed.name, message: `state ${placed.name}: ${problem}${hints.length > 0 ? ` ${hints.join('; ')}` : ''}` }];
  });
}

/** Where a too large definition is reported: the workflow's steps. */
function contentOf(source: Source) {
  return source.content ?? { path: source.path };
}

/** Every limit problem of the state machines and schedules of the rendered stacks. */
export function stateMachineProblems(stacks: readonly RenderedStack[]): CheckProblem[] {
  return stacks.flatMap((stack) => {
    const inputs = scheduleInputs(stack);
    const problems: CheckProblem[] = [];
    for (const resource of resourcesOfType(stack, 'aws_sfn_state_machine')) {
      const text = stringAttribute(resource.body, 'definition');
      if (text === undefined) continue;
      const definition = JSON.parse(text) as Record<string, Json>;
      const machine: Machine = { stack, resource, states: placedStates(definition) };
      const paths = statePaths(machine);
      for (const placed of machine.states) {
        const problem = stateNameProblem(placed.name);
        if (problem) problems.push({ path: paths.get(placed.name) ?? resource.source.path, value: placed.name, message: problem });
      }
      const size = definitionSizeProblem(longestValue(stack, text));
      if (size) {
        const content = contentOf(resource.source);
        problems.push({ path: content.path, ...('value' in content ? { value: content.value } : {}), message: `makes a definition too large: ${size}` });
      }
      problems.push(...overridesProblems(machine, paths, inputs.get(resource.key) ?? '{}'));
    }
    for (const schedule of resourcesOfType(stack, 'aws_scheduler_schedule')) {
      const input = targetOf(schedule)?.input;
      if (typeof input !== 'string') continue;
      const problem = executionInputProblem(longestValue(stack, input));
      if (!problem) continue;
      const content = contentOf(schedule.source);
      problems.push({ path: content.path, value: 'value' in content ? content.value : JSON.parse(input), message: problem });
    }
    return problems;
  });
}

/**
 * The container overrides of each Task state of one rendered state machine at their longest, by state name, as the
 * check measures them (the input of the schedule that starts it, or `{}`).
 */
export function longestOverrides(stack: RenderedStack, stateMachineKey: string): Map<string, number> {
  const resource = resourceOf(stack, 'aws_sfn_state_machine', stateMachineKey);
  const text = resource && stringAttribute(resource.body, 'definition');
  if (!resource || text === undefined) throw new Error(`no state machine ${stateMachineKey} in stack ${stack.name}`);
  const machine: Machine = { stack, resource, states: placedStates(JSON.parse(text) as Record<string, Json>) };
  return new Map(measureOverrides(machine, scheduleInputs(stack).get(stateMachineKey) ?? '{}').map((measured) => [measured.placed.name, measured.length]));
}
