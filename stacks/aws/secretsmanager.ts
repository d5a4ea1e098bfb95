/** AWS Secrets Manager limits and contracts. */
import type { AwsRule } from './rule';

/** Shortest recovery window of a deleted secret, in days (the longest is 30). */
export const SECRET_RECOVERY_WINDOW_MIN_DAYS = 7;

export const SECRETSMANAGER_RULES: readonly AwsRule[] = [
  {
    id: 'secretsmanager.recovery-window',
    rule: `A deleted secret is kept, name included, for a recovery window of ${SECRET_RECOVERY_WINDOW_MIN_DAYS} to 30 days unless it is deleted without recovery.`,
    source: 'DeleteSecret (AWS Secrets Manager API Reference)',
  },
];
