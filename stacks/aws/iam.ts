/** IAM limits and contracts. */
import type { AwsRule } from './rule';

/** Longest IAM role name. */
export const IAM_ROLE_NAME_MAX = 64;

export const IAM_RULES: readonly AwsRule[] = [
  {
    id: 'iam.role-name-length',
    rule: `A role name is at most ${IAM_ROLE_NAME_MAX} characters.`,
    source: 'IAM and AWS STS quotas (IAM User Guide)',
  },
];
