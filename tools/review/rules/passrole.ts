import { code, type Flag, type ReviewRule } from '../flag';
import { formatPath } from '../model';
import { grants, type Statement } from '../policy';
import { policyAttributes, type PolicySide } from './policies';

const PASS_ROLE = 'iam:PassRole';

/** The roles a policy lets its holder pass; `*` means any role. */
function passableRoles(side: PolicySide): string[] {
  if (side.kind !== 'statements') return [];
  return [...new Set(side.statements.filter((statement: Statement) => grants(statement, PASS_ROLE)).flatMap((statement) => statement.resources))];
}

function passedToServices(side: PolicySide): string[] {
  if (side.kind !== 'statements') return [];
  const services = side.statements
    .filter((statement) => grants(statement, PASS_ROLE))
    .flatMap((statement) => JSON.stringify(statement.condition ?? {}).match(/"iam:PassedToService":(\[[^\]]*\]|"[^"]*")/gi) ?? [])
    .map((match) => match.replace(/^"iam:PassedToService":/i, ''));
  return [...new Set(services)];
}

/**
 * iam:PassRole lets the holder hand a role to a service, which then acts with that role's permissions: the
 * usual path to privilege escalation. Every change that grants, widens, narrows or removes it is flagged,
 * with the roles before and after.
 */
export const passRoleRule: ReviewRule = {
  kind: 'passrole',
  check(change): Flag[] {
    if (change.action === 'no-op' || change.action === 'read') return [];
    return policyAttributes(change).flatMap((policy): Flag[] => {
      const before = passableRoles(policy.before);
      const after = passableRoles(policy.after);
      if (before.length === 0 && after.length === 0) return [];
      const unknownAfter = policy.after.kind === 'unknown';
      const added = unknownAfter ? [] : after.filter((role) => !before.includes(role));
      const removed = unknownAfter ? [] : before.filter((role) => !after.includes(role));
      if (added.length === 0 && removed.length === 0 && !unknownAfter && change.action !== 'delete') {
        const servicesBefore = passedToServices(policy.before).join();
        if (servicesBefore === passedToServices(policy.after).join()) return [];
      }
      const details: string[] = [];
      if (after.includes('*')) details.push('**any role** can be passed (`Resource: "*"`)');
      if (added.length > 0) details.push(`roles added: ${added.map(code).join(', ')}`);
      if (removed.length > 0) details.push(`roles removed: ${removed.map(code).join(', ')}`);
      if (unknownAfter) details.push(`passable roles before: ${before.map(code).join(', ')}`, 'the new policy is known only after apply: read it in the synthesized configuration');
      else if (change.action !== 'delete') {
        details.push(`passable roles after: ${after.map(code).join(', ') || 'none'}`);
        const services = passedToServices(policy.after);
        details.push(services.length > 0 ? `only to: ${services.map(code).join(', ')}` : '**no iam:PassedToService condition**: the roles can be passed to any service');
      }
      const where = formatPath(policy.path);
      return [{ kind: 'passrole', address: change.address, title: `**iam:PassRole** in ${code(change.address)} (${where})`, details }];
    });
  },
};
