/** A problem one of the checks of the rendered stacks finds, at a field of the configuration. */
export interface CheckProblem {
  /** The field, as a path from the list of environments. */
  readonly path: readonly PropertyKey[];
  /** What to show as the field's value. @default - the field's value in the configuration */
  readonly value?: unknown;
  readonly message: string;
}
