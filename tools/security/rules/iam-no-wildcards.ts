import { allowedAccountIds, finder, isUnreadable, type Finding, type SecurityRule, type StackJson } from '../model';
import { policyDocumentsOf, where, type PolicyDocumentAt, type Statement } from '../policy-documents';

const ID = 'CKV_AWS_355/CKV_AWS_63';

/**
 * Actions that have no resource-level permissions: AWS accepts only `Resource: "*"` for them. This list is
 * the rule's own (a second opinion on the one the stacks use): anything else with `"*"` is a finding.
 */
export const UNSCOPABLE_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

const UNSCOPABLE = new Set(UNSCOPABLE_ACTIONS.map((action) => action.toLowerCase()));

/** `*`, `service:*`, or a wildcard in the service part: every action of one or all services. */
function isServiceWildcard(action: string): boolean {
  const [service, name] = action.split(':');
  return action === '*' || name === undefined || /[*?]/.test(service) || name === '*';
}

/** `arn:<partition>:iam::<account>:root` (or the bare account ID) of an account the stack deploys to. */
function isOwnAccountRoot(principal: string, accounts: readonly string[]): boolean {
  const match = /^(?:arn:aws[a-z-]*:iam::(\d{12}):root|(\d{12}))$/.exec(principal);
  const account = match?.[1] ?? match?.[2];
  return account !== undefined && (accounts.length === 0 || accounts.includes(account));
}

function check(policy: PolicyDocumentAt, statement: Statement, accounts: readonly string[]): string[] {
  if (statement.effect !== 'Allow') return [];
  const problems: string[] = [];
  if (statement.notActions.length > 0) problems.push(`NotAction ${JSON.stringify(statement.notActions)} in an Allow statement allows every other action`);
  for (const action of statement.actions.filter(isServiceWildcard)) {
    // A key policy lets the account administer the key through IAM with `kms:*`: the documented default,
    // and the only way the key stays manageable. Any other principal, or any other service, is a finding.
    const keyAdministration = policy.kind === 'key' && action.toLowerCase() === 'kms:*' && statement.principals.length > 0 && statement.principals.every((principal) => isOwnAccountRoot(principal, accounts));
    if (!keyAdministration) problems.push(`action ${JSON.stringify(action)} allows every action${action === '*' ? '' : ` of ${action.split(':')[0]}`}`);
  }
  if (policy.kind === 'identity') {
    if (statement.notResources.length > 0) problems.push(`NotResource ${JSON.stringify(statement.notResources)} in an Allow statement allows every other resource`);
    if (statement.resources.includes('*')) {
      const scopable = statement.actions.filter((action) => !UNSCOPABLE.has(action.toLowerCase()));
      if (scopable.length > 0) problems.push(`Resource "*" for ${scopable.join(', ')}, which can be scoped to the resources they concern`);
    }
  } else {
    const anyone = statement.principals.includes('*');
    const conditioned = Object.keys(statement.conditions).length > 0;
    if (anyone && !conditioned) problems.push('Principal "*" without a condition lets anyone use this policy');
    if (statement.hasNotPrincipal) problems.push('NotPrincipal in an Allow statement allows every other principal');
  }
  return problems;
}

/**
 * No policy allows every action (`*`, `service:*`, NotAction) and no identity policy allows `Resource: "*"`
 * except for actions AWS cannot scope ({@link UNSCOPABLE_ACTIONS}). Key policies are judged differently:
 * their `Resource: "*"` means the key itself, and `kms:*` is allowed only to the stack's own account root.
 * Trust, key and resource policies may not name `Principal: "*"` without a condition.
 */
export const iamNoWildcards: SecurityRule = {
  id: ID,
  title: 'IAM policies allow no wildcard actions, and no wildcard resources where a resource can be named',
  resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'aws_kms_key'],
  check(stack: StackJson): Finding[] {
    const finding = finder(ID);
    const accounts = allowedAccountIds(stack);
    return policyDocumentsOf(stack).flatMap((policy) => {
      if (isUnreadable(policy.statements)) return [finding(policy.address, `${where(policy)}: ${policy.statements.problem}`)];
      return policy.statements.flatMap((statement) => check(policy, statement, accounts).map((problem) => finding(policy.address, `${where(policy, statement)}: ${problem}`)));
    });
  },
};
