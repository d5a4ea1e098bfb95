/** CloudWatch Logs limits and contracts. */
import type { AwsRule } from './rule';

/** The only retention periods a log group accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const LOGS_RULES: readonly AwsRule[] = [
  {
    id: 'logs.retention-days',
    rule: `A log group's retention is one of ${LOG_RETENTION_DAYS.join(', ')} days.`,
    source: 'PutRetentionPolicy (Amazon CloudWatch Logs API Reference)',
  },
];
