/**
 * The inline policies of every rendered IAM role against the IAM quota on their total size (rule
 * iam.inline-policy-size). `terraform plan` shows them as "known after apply" wherever they name another
 * resource, and IAM refuses at apply a role whose inline policies are too large: they are measured here with every
 * reference at its longest (stacks/checks/references.ts), so that a configuration that synthesizes also applies.
 */
import { policySize, ROLE_INLINE_POLICIES_MAX } from '../aws/iam';
import type { CheckProblem } from './problem';
import { longestValue, referencesIn } from './references';
import { resourcesOfType, stringAttribute, type RenderedResource, type RenderedStack } from './rendered';

/** One role with its inline policies, each at its longest. */
export interface RolePolicies {
  readonly role: RenderedResource;
  /** Its name, at its longest. */
  readonly name: string;
  readonly documents: readonly unknown[];
}

/** The role a policy's `role` attribute names: a reference to a rendered role, or a role's name. */
function roleOf(roles: ReadonlyMap<string, RenderedResource>, names: ReadonlyMap<string, RenderedResource>, role: string): RenderedResource | undefined {
  const [reference] = referencesIn(role);
  if (reference === undefined) return names.get(role);
  const [type, key] = reference.split('.');
  return type === 'aws_iam_role' ? roles.get(key) : undefined;
}

/** Every role of the stack with its inline policies (`aws_iam_role_policy` and the role's own `inline_policy` blocks). */
export function rolePolicies(stack: RenderedStack): RolePolicies[] {
  const roles = resourcesOfType(stack, 'aws_iam_role');
  const byKey = new Map(roles.map((role) => [role.key, role]));
  const byName = new Map(roles.map((role) => [longestValue(stack, stringAttribute(role.body, 'name') ?? ''), role]));
  const documents = new Map<RenderedResource, unknown[]>(roles.map((role) => [role, []]));
  const parse = (policy: string): unknown => JSON.parse(longestValue(stack, policy));
  for (const role of roles) {
    const inline = Array.isArray(role.body.inline_policy) ? (role.body.inline_policy as Record<string, unknown>[]) : [];
    for (const block of inline) if (typeof block.policy === 'string') documents.get(role)?.push(parse(block.policy));
  }
  for (const policy of resourcesOfType(stack, 'aws_iam_role_policy')) {
    const document = stringAttribute(policy.body, 'policy');
    const role = roleOf(byKey, byName, stringAttribute(policy.body, 'role') ?? '');
    // A policy of a role the stack does not create is not measured: its other policies are not known here.
    if (document !== undefined && role) documents.get(role)?.push(parse(document));
  }
  return roles.map((role) => ({ role, name: longestValue(stack, stringAttribute(role.body, 'name') ?? role.key), documents: documents.get(role) ?? [] }));
}

/** Every role whose inline policies, at their longest, total more than IAM accepts. */
export function inlinePolicyProblems(stacks: readonly RenderedStack[]): CheckProblem[] {
  return stacks.flatMap((stack) =>
    rolePolicies(stack).flatMap((found): CheckProblem[] => {
      const size = found.documents.reduce<number>((total, document) => total + policySize(document), 0);
      if (size <= ROLE_INLINE_POLICIES_MAX) return [];
      const { source } = found.role;
      const content = source.content ?? { path: source.path, remedy: 'shorten the task, workflow, project or environment name' };
      return [
        {
          path: content.path,
          ...('value' in content ? { value: content.value } : {}),
          message:
            `${content.owner ?? source.label} gives IAM role "${found.name}" inline policies of up to ${size.toLocaleString('en-US')} characters (white space not counted, ` +
            `ARNs known only after apply at their longest), over the ${ROLE_INLINE_POLICIES_MAX.toLocaleString('en-US')} IAM accepts (rule iam.inline-policy-size): ${content.remedy}`,
        },
      ];
    }),
  );
}
