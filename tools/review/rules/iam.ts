import { code, type Flag, type ReviewRule } from '../flag';
import { changedAttributes, formatPath, stringAttribute, type ResourceChange } from '../model';
import { compareStatements } from '../policy';
import { policyAttributes } from './policies';

const VERBS: Record<string, string> = { create: 'created', update: 'updated', replace: 'replaced', delete: 'destroyed', forget: 'removed from state' };

/**
 * Every change of an IAM resource (`aws_iam_*`: roles, policies, attachments, users, ...), and every change
 * to a resource policy (`policy` of a KMS key, ECR repository, queue, ...), with the statements that differ.
 */
export const iamRule: ReviewRule = {
  kind: 'iam',
  check(change): Flag[] {
    const verb = VERBS[change.action];
    if (!verb) return [];
    const isIam = change.type.startsWith('aws_iam_');
    const policies = policyAttributes(change);
    if (!isIam && (change.action !== 'update' && change.action !== 'replace' || !changedAttributes(change).includes('policy'))) return [];
    const name = stringAttribute(change, 'after', ['name']) ?? stringAttribute(change, 'before', ['name']);
    const what = isIam ? change.type.replace(/^aws_iam_/, '').replace(/_/g, ' ') : `resource policy of ${change.type}`;
    const details = [...attributeLines(change), ...policies.flatMap((policy) => statementLines(formatPath(policy.path), policy))];
    return [{ kind: 'iam', address: change.address, title: `**IAM** ${what} ${verb}: ${code(change.address)}${name ? ` (${code(name)})` : ''}`, details }];
  },
};

function attributeLines(change: ResourceChange): string[] {
  if (change.action !== 'update' && change.action !== 'replace') return [];
  const changed = changedAttributes(change);
  return changed.length > 0 ? [`changed: ${changed.map(code).join(', ')}`] : [];
}

function statementLines(where: string, policy: ReturnType<typeof policyAttributes>[number]): string[] {
  const { before, after } = policy;
  if (after.kind === 'unknown') return [`${code(where)} is known only after apply`];
  if (after.kind === 'sensitive' || before.kind === 'sensitive') return [`${code(where)} is sensitive`];
  if (after.kind === 'unreadable') return [`${code(where)} is not a readable policy document`];
  if (after.kind !== 'statements') return [];
  if (before.kind !== 'statements') return after.statements.length > 0 ? [`${code(where)}: ${after.statements.length} statement(s), ${after.statements.map((s) => code(s.id)).join(', ')}`] : [];
  return compareStatements(before.statements, after.statements).map((line) => `${code(where)} ${line}`);
}
