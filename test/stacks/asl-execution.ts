// Shared by the tests that execute real definitions with aws-local-stepfunctions: the local state machine of a
// definition, and what a local ECS handler sees and throws.
import { StateMachine, type StateMachineDefinition as LocalDefinition } from 'aws-local-stepfunctions';

const machines = new Map<string, StateMachine>();

/**
 * The local state machine of a definition (the JSON Step Functions would receive), validated with ARN and path
 * checks. The runner validates a definition when the machine is made, with asl-validator, which compiles its JSON
 * schemas anew on every call (some 70 ms); runs take their handlers and context per run, so the machine of a
 * definition already validated in this file is reused: each distinct definition is still validated once.
 */
export function localStateMachine(definition: unknown): StateMachine {
  const json = JSON.stringify(definition);
  let machine = machines.get(json);
  if (!machine) {
    machine = new StateMachine(JSON.parse(json) as LocalDefinition, { validationOptions: { checkArn: true, checkPaths: true } });
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
