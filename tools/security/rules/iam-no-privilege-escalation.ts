import { finder, isUnreadable, type Finding, type SecurityRule, type StackJson } from '../model';
import { conditionValues, grants, hasWildcard, policyDocumentsOf, where, type Statement } from '../policy-documents';

const ID = 'CKV_AWS_286';

const PASS_ROLE = 'iam:PassRole';

/** Actions that let a principal give itself (or a user it controls) more permissions. */
export const ESCALATION_ACTIONS: readonly string[] = [
  'iam:AddUserToGroup',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreatePolicyVersion',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:PutGroupPolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:PutUserPermissionsBoundary',
  'iam:PutUserPolicy',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateLoginProfile',
  'sts:AssumeRole',
];

function passRoleProblems(statement: Statement): string[] {
  if (!grants(statement, PASS_ROLE)) return [];
  const problems: string[] = [];
  if (statement.notResources.length > 0) problems.push('iam:PassRole with NotResource: every other role can be passed');
  const broad = statement.resources.filter(hasWildcard);
  if (broad.length > 0) problems.push(`iam:PassRole on ${broad.map((resource) => JSON.stringify(resource)).join(', ')}: name each role that may be passed`);
  const services = conditionValues(statement, 'iam:PassedToService');
  const values = services.flatMap((condition) => condition.values);
  if (values.length === 0) problems.push('iam:PassRole without an iam:PassedToService condition: the roles can be passed to any service');
  else if (values.some((value) => value.includes('*') || value.includes('?'))) problems.push(`iam:PassedToService ${JSON.stringify(values)} is a wildcard: name the service`);
  return problems;
}

function escalationProblems(statement: Statement): string[] {
  const granted = ESCALATION_ACTIONS.filter((action) => grants(statement, action));
  if (granted.length === 0) return [];
  // Assuming a named role is how cross-role access works; assuming any role is an escalation path.
  if (granted.length === 1 && granted[0] === 'sts:AssumeRole' && statement.resources.length > 0 && !statement.resources.some(hasWildcard)) return [];
  return [`grants ${granted.join(', ')}: a path to privilege escalation`];
}

/**
 * No identity or resource policy opens a privilege-escalation path: iam:PassRole only on named roles and only
 * to a named service (`iam:PassedToService`), and none of the actions that let a principal widen its own
 * permissions ({@link ESCALATION_ACTIONS}).
 */
export const iamNoPrivilegeEscalation: SecurityRule = {
  id: ID,
  title: 'IAM policies open no privilege-escalation path (iam:PassRole scoped to named roles and a named service)',
  resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role'],
  check(stack: StackJson): Finding[] {
    const finding = finder(ID);
    return policyDocumentsOf(stack)
      .filter((policy) => policy.kind === 'identity' || policy.kind === 'resource')
      .flatMap((policy) => {
        if (isUnreadable(policy.statements)) return [finding(policy.address, `${where(policy)}: ${policy.statements.problem}`)];
        return policy.statements.flatMap((statement) =>
          [...passRoleProblems(statement), ...escalationProblems(statement)].map((problem) => finding(policy.address, `${where(policy, statement)}: ${problem}`)),
        );
      });
  },
};
