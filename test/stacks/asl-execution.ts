// Shared by the tests that execute real definitions with aws-local-stepfunctions: what a local ECS handler
// sees and throws.

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
