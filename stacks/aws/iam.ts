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
];
