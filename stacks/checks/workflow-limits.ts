/**
 * A workflow's state machine against the Step Functions and ECS limits, before anything is synthesized. The
 * definition is the one buildDefinition makes for the Workflow construct, with what only Terraform or the
 * running execution knows (ARNs and IDs, the execution's name) at the longest it can be, so that a workflow
 * that passes applies, and every step can start whatever the execution is called.
 */
import {
  allStates,
  buildDefinition,
  EXECUTION_ARN_VALUE,
  EXECUTION_INPUT_VALUE,
  ITEM_VALUE,
  itemStateName,
  keepResultStateName,
  PARENT_EXECUTION_ARN_VALUE,
  PARENT_EXECUTION_INPUT_VALUE,
  readResultStateName,
  resultKey,
  resultKeyValue,
  spotStateNames,
  STEP_RESULTS_VALUE,
  type EnvironmentValue,
  type State,
  type StateMachineDefinition,
  type TaskTarget,
} from '../builders/asl';
import { overridesLength, overridesLengthProblem, type EnvironmentOverride } from '../aws/ecs';
import { definitionSizeProblem, executionInputProblem, stateNameProblem, STATES_NAME_MAX } from '../aws/states';
import type { Environment, Workflow } from '../config/types';
import { arn, clusterName, CONTAINER_NAME, namingFor, resultsBucketName, taskNames, workflowTaskName, type Naming } from '../builders/names';
import { assignsPublicIp, networkOf } from '../config/network-mode';
import { isForEach, isParallel, readsBackResult, reportsResult, tasksOf, tasksOfStep } from '../config/steps';

/** A problem at a field of the workflow (path relative to it). */
export interface LimitProblem {
  readonly path: readonly PropertyKey[];
  readonly value: unknown;
  readonly message: string;
}

/** Subnet and security group IDs: `subnet-` / `sg-` and 17 hexadecimal digits. */
const SUBNET_ID = `subnet-${'f'.repeat(17)}`;
const SECURITY_GROUP_ID = `sg-${'f'.repeat(17)}`;

/** Every limit problem of one workflow of an environment. */
export function workflowLimitProblems(env: Environment, workflow: Workflow): LimitProblem[] {
  const definition = buildDefinition(definitionProps(env, workflow));
  const paths = statePaths(workflow);
  const problems: LimitProblem[] = [];
  for (const [name] of allStates(definition)) {
    const problem = stateNameProblem(name);
    if (problem) problems.push({ path: paths.get(name) ?? ['name'], value: name, message: problem });
  }
  const size = definitionSizeProblem(JSON.stringify(definition));
  if (size) problems.push({ path: ['steps'], value: `${workflow.steps.length} steps`, message: `makes a definition too large: ${size}` });
  problems.push(...overridesProblems(definition, (step) => runTimeValues(env, workflow, step), paths, workflow));
  if (workflow.schedule) {
    const input = executionInputProblem(JSON.stringify(workflow.schedule.input));
    if (input) problems.push({ path: ['schedule', 'input'], value: workflow.schedule.input, message: input });
  }
  return problems;
}

/** What the Workflow construct gives buildDefinition, with Terraform's values at their longest. */
export function definitionProps(env: Environment, workflow: Workflow) {
  const naming = namingFor(env);
  const network = networkOf(env);
  // Absent (not yet defaulted) when validation runs on an environment with another field wrong.
  const zones: readonly string[] = Array.isArray(env.availabilityZones) ? env.availabilityZones : [];
  const target = (taskName: string, settings: Pick<TaskTarget, 'capacity' | 'timeoutSeconds' | 'retry'>): TaskTarget => ({
    taskDefinitionFamily: taskNames(naming, taskName).family,
    containerName: CONTAINER_NAME,
    capacity: settings.capacity,
    timeoutSeconds: settings.timeoutSeconds,
    retry: settings.retry,
  });
  return {
    workflow,
    clusterArn: arn(naming, 'ecs', `cluster/${clusterName(naming)}`),
    subnetIds: network.mode === 'existing' ? network.subnetIds : zones.map(() => SUBNET_ID),
    securityGroupIds: network.mode === 'existing' && network.securityGroupIds ? network.securityGroupIds : [SECURITY_GROUP_ID],
    assignPublicIp: assignsPublicIp(network),
    region: naming.region,
    targets: Object.fromEntries(tasksOf(workflow).map((task) => [task.name, target(workflowTaskName(workflow.name, task.name), task)])),
    resultsBucket: resultsBucketName(naming),
  };
}

/**
 * The longest value each run-time path of the definition can take in the states of one step. The execution
 * input is the schedule's (an execution started by hand brings its own; README says how much room a step leaves
 * it); the results are those of the earlier steps whose result is read back, each at its `resultMaxChars`; a
 * fan-out's item is as long as the input or the result it comes from; a result's S3 key has the longest state
 * machine and execution names.
 */
export function runTimeValues(env: Environment, workflow: Workflow, stepIndex = workflow.steps.length): Readonly<Record<string, string>> {
  const input = JSON.stringify(workflow.schedule?.input ?? {});
  const earlier = workflow.steps.slice(0, stepIndex).filter((step) => readsBackResult(workflow, step)).flatMap(tasksOfStep);
  const step = workflow.steps[stepIndex];
  const source = step && isForEach(step) && step.forEach.itemsFromStep ? tasksOf(workflow).find((task) => task.name === step.forEach.itemsFromStep) : undefined;
  return {
    [EXECUTION_ARN_VALUE]: longestExecutionArn(namingFor(env)),
    [EXECUTION_INPUT_VALUE]: input,
    // A Distributed fan-out's item gets the workflow's own execution ARN and input (stacks/builders/asl.ts), not its child's.
    [PARENT_EXECUTION_ARN_VALUE]: longestExecutionArn(namingFor(env)),
    [PARENT_EXECUTION_INPUT_VALUE]: input,
    ...Object.fromEntries(tasksOf(workflow).filter((task) => task.reportsResult).map((step) => [resultKeyValue(step.name), `${'m'.repeat(STATES_NAME_MAX)}/${'e'.repeat(STATES_NAME_MAX)}/${resultKey(step.name)}.json`])),
    [STEP_RESULTS_VALUE]: `{${earlier.map((task) => `"${resultKey(task.name)}":${'r'.repeat(task.resultMaxChars)}`).join(',')}}`,
    [ITEM_VALUE]: source ? 'i'.repeat(source.resultMaxChars) : input,
  };
}

/** An execution ARN with the longest state machine and execution names Step Functions accepts. */
export function longestExecutionArn(naming: Naming): string {
  return arn(naming, 'states', `execution:${'m'.repeat(STATES_NAME_MAX)}:${'e'.repeat(STATES_NAME_MAX)}`);
}

/** The configuration field each state comes from: its step or task name; others belong to the workflow. */
function statePaths(workflow: Workflow): Map<string, PropertyKey[]> {
  const paths = new Map<string, PropertyKey[]>();
  workflow.steps.forEach((step, s) => {
    paths.set(step.name, ['steps', s, 'name']);
    paths.set(spotStateNames(step.name).run, ['steps', s, 'name']);
    if (isParallel(step)) {
      step.parallel.forEach((task, p) => {
        paths.set(task.name, ['steps', s, 'parallel', p, 'name']);
        paths.set(spotStateNames(task.name).run, ['steps', s, 'parallel', p, 'name']);
      });
    }
    if (isForEach(step)) paths.set(itemStateName(step.name), ['steps', s, 'name']);
    if (reportsResult(step)) for (const name of [readResultStateName(step.name), keepResultStateName(step.name)]) paths.set(name, ['steps', s, 'name']);
  });
  return paths;
}

interface ContainerOverrideParameters {
  readonly Name: string;
  readonly Environment?: readonly EnvironmentValue[];
}

/** The container overrides of a Task state at their longest, or undefined for a state that has none. */
export function longestOverrides(state: State, values: Readonly<Record<string, string>>): number | undefined {
  const parameters = state.Parameters as { Overrides?: { ContainerOverrides?: ContainerOverrideParameters[] } } | undefined;
  const containers = parameters?.Overrides?.ContainerOverrides;
  if (state.Type !== 'Task' || !containers) return undefined;
  return overridesLength(
    containers.map((container) => ({
      name: container.Name,
      environment: (container.Environment ?? []).map((entry): EnvironmentOverride => ({ name: entry.Name, value: valueOf(entry, values) })),
    })),
  );
}

function valueOf(entry: EnvironmentValue, values: Readonly<Record<string, string>>): string {
  if (entry.Value !== undefined) return entry.Value;
  const path = entry['Value.$'] ?? '';
  const value = values[path];
  // A new run-time value must say how long it can be, or its overrides could not be checked.
  if (value === undefined) throw new Error(`no longest value is known for the run-time value ${path} of ${entry.Name}`);
  return value;
}

/** Every Task state's overrides must fit, with the run-time values of the step it belongs to. */
function overridesProblems(
  definition: StateMachineDefinition,
  valuesOf: (stepIndex: number) => Readonly<Record<string, string>>,
  paths: Map<string, PropertyKey[]>,
  workflow: Workflow,
): LimitProblem[] {
  const problems: LimitProblem[] = [];
  for (const [name, state] of allStates(definition)) {
    const path = paths.get(name) ?? ['name'];
    const stepIndex = typeof path[1] === 'number' ? path[1] : workflow.steps.length;
    const length = longestOverrides(state, valuesOf(stepIndex));
    const problem = length === undefined ? undefined : overridesLengthProblem(length);
    if (!problem) continue;
    const step = workflow.steps[stepIndex];
    const task = step ? tasksOfStep(step).find((candidate) => [candidate.name, itemStateName(candidate.name), spotStateNames(candidate.name).run].includes(name)) : undefined;
    const hints = [
      ...(task?.passExecutionInput ? ['with the schedule input as EXECUTION_INPUT: pass a smaller input, or set passExecutionInput to false'] : []),
      ...(valuesOf(stepIndex)[STEP_RESULTS_VALUE] !== '{}' ? ['with the results of earlier steps at their resultMaxChars in STEP_RESULTS: lower resultMaxChars'] : []),
    ];
    problems.push({ path, value: name, message: `state ${name}: ${problem}${hints.length > 0 ? ` ${hints.join('; ')}` : ''}` });
  }
  return problems;
}
