/** IAM limits and contracts. */
import type { AwsRule } from './rule';

/** Longest IAM role name. */
export const IAM_ROLE_NAME_MAX = 64;

/** Most characters the inline policies of one role may total, white space not counted. */
export const ROLE_INLINE_POLICIES_MAX = 10_240;

/** The characters IAM counts of a policy document against its size quotas: its JSON without white space. */
export function policySize(document: unknown): number {
  return JSON.stringify(document).replace(/\s/g, '').length;
}

/** A role path: `/`, or `/` + printable ASCII + `/`, at most 512 characters (rule iam.role-path). */
export const ROLE_PATH = /^\/([\x21-\x7E]{0,510}\/)?$/;
/** A managed policy: AWS's own (`iam::aws:policy/...`) or an account's (`iam::<12 digits>:policy/...`) (rule iam.policy-arn). */
export const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/([\x21-\x7E]+\/)?[\w+=,.@-]{1,128}$/;
/** Managed policies one role may have attached, once the quota is raised; 10 by default (rule iam.managed-policies-per-role). */
export const MANAGED_POLICIES_PER_ROLE_MAX = 20;
export const MANAGED_POLICIES_PER_ROLE_DEFAULT = 10;

export const IAM_RULES: readonly AwsRule[] = [
  {
    id: 'iam.role-name-length',
    rule: `A role name is at most ${IAM_ROLE_NAME_MAX} characters.`,
    source: 'IAM and AWS STS quotas (IAM User Guide)',
  },
  {
    id: 'iam.inline-policy-size',
    rule: `The inline policies of a role total at most ${ROLE_INLINE_POLICIES_MAX.toLocaleString('en-US')} characters; white space is not counted.`,
    source: 'IAM and AWS STS quotas (IAM User Guide)',
  },
  {
    id: 'iam.role-path',
    rule: 'A role path is `/` or starts and ends with `/`, with printable ASCII characters (U+0021 to U+007E) between, at most 512 characters; it becomes part of the role ARN (`role/<path><name>`), not of its name.',
    source: 'CreateRole (AWS Identity and Access Management API Reference)',
  },
  {
    id: 'iam.permissions-boundary',
    rule: 'A permissions boundary is a managed policy set on a role: the role may do only what both its own policies and the boundary allow.',
    source: 'Permissions boundaries for IAM entities (IAM User Guide)',
  },
  {
    id: 'iam.policy-arn',
    rule: 'A managed policy ARN is `arn:<partition>:iam::aws:policy/<path><name>` for an AWS managed policy or `arn:<partition>:iam::<account>:policy/<path><name>` for a customer managed one.',
    source: 'IAM identifiers (IAM User Guide)',
  },
  {
    id: 'iam.managed-policies-per-role',
    rule: `A role has at most ${MANAGED_POLICIES_PER_ROLE_DEFAULT} managed policies attached by default, ${MANAGED_POLICIES_PER_ROLE_MAX} once the quota is raised.`,
    source: 'IAM and AWS STS quotas (IAM User Guide)',
  },
];
