// Shared by the tests that execute real definitions with aws-local-stepfunctions: the local state machine of a
// definition, and what a local ECS handler sees and throws.
import aslValidator from 'asl-validator';
import { StateMachine, type StateMachineDefinition as LocalDefinition } from 'aws-local-stepfunctions';
import { allStates, type StateMachineDefinition } from '../../../stacks/builders/asl';
import { listExecutionsOutput, type RunningExecution } from '../../../stacks/aws/states';

const verdicts = new Map<string, string>();
const machines = new Map<string, StateMachine>();

/**
 * asl-validator's errors for a definition, with ARN and path checks: '' when it accepts it. asl-validator
 * compiles its JSON schemas anew on every call (about a tenth of a second), so each distinct definition is
 * validated once per test file, here for every test that executes or validates one.
 */
export function aslErrors(definition: unknown): string {
  const json = JSON.stringify(definition);
  let errors = verdicts.get(json);
  if (errors === undefined) {
    // On a copy: asl-validator writes each state's QueryLanguage into the definition it is given.
    const result = aslValidator(JSON.parse(json), { checkArn: true, checkPaths: true });
    errors = result.isValid ? '' : result.errorsText();
    verdicts.set(json, errors);
  }
  return errors;
}

/**
 * The local state machine of a definition (the JSON Step Functions would receive), once asl-validator accepts
 * the definition ({@link aslErrors}). The runner would validate it once more, with its own older copy of
 * asl-validator (3.16; the project pins 4.0): it is told not to. Runs take their handlers and context per run,
 * so the machine of a definition is made once per test file too.
 */
export function localStateMachine(definition: unknown): StateMachine {
  const json = JSON.stringify(definition);
  let machine = machines.get(json);
  if (!machine) {
    const errors = aslErrors(definition);
    if (errors !== '') throw new Error(`asl-validator rejects the definition: ${errors}`);
    machine = new StateMachine(JSON.parse(json) as LocalDefinition, { validationOptions: { noValidate: true } });
    machines.set(json, machine);
  }
  return machine;
}

/** An error as the ECS integration raises it (its name is the Step Functions error name). */
export class EcsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** One ECS task started by an execution: its state and the environment its container got. */
export interface Call {
  readonly state: string;
  readonly environment: Record<string, string>;
}

/** The container environment a RunTask state passes in its overrides. */
export function environmentOf(parameters: unknown): Record<string, string> {
  const overrides = (parameters as { Overrides: { ContainerOverrides: { Environment: { Name: string; Value: string }[] }[] } }).Overrides;
  return Object.fromEntries(overrides.ContainerOverrides[0].Environment.map((value) => [value.Name, value.Value]));
}

/** What a local task handler answers: any JSON value, as the runner takes it. */
export type LocalAnswer = Parameters<StateMachine['run']>[0];
/** A local handler of one Task state. */
export type LocalHandler = (parameters: unknown) => Promise<LocalAnswer>;

/** Every Task state of a definition, nested ones (parallel branches, fan-out items, Spot guards) included. */
export function taskStateNames(definition: unknown): string[] {
  return allStates(definition as Pick<StateMachineDefinition, 'States'>)
    .filter(([, state]) => state.Type === 'Task')
    .map(([name]) => name);
}

/**
 * The overlap check's ListExecutions, answered as AWS documents it (stacks/aws/states.ts): these executions are
 * RUNNING, and the answer lists them newest first, at most the `MaxResults` asked for.
 */
export function listRunningHandler(running: readonly RunningExecution[]): LocalHandler {
  return async (parameters) => {
    const { Executions } = listExecutionsOutput(running, (parameters as { MaxResults: number }).MaxResults);
    return { Executions: Executions.map((execution) => ({ ...execution })) };
  };
}
