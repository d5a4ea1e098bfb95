/**
 * Every AWS limit and contract check of the rendered stacks, over all stacks of the app at once (names clash across
 * stacks that share an account or region). Pure: the stacks come rendered, with the source of each resource.
 */
import { inlinePolicyProblems } from './inline-policy-checks';
import { physicalNameProblems } from './physical-name-checks';
import type { CheckProblem } from './problem';
import type { RenderedStack } from './rendered';
import { stateMachineProblems } from './state-machine-checks';

export type { CheckProblem } from './problem';
export type { RenderedStack, TerraformJson } from './rendered';

/** Every problem of the rendered stacks; `formatPath` writes a configuration path as an error shows it. */
export function renderedStackProblems(stacks: readonly RenderedStack[], formatPath: (path: readonly PropertyKey[]) => string): CheckProblem[] {
  return [...physicalNameProblems(stacks, formatPath), ...inlinePolicyProblems(stacks), ...stateMachineProblems(stacks)];
}
