/** AWS Secrets Manager limits and contracts. */
import type { AwsRule } from './rule';

/** Shortest recovery window of a deleted secret, in days (the longest is 30). */
export const SECRET_RECOVERY_WINDOW_MIN_DAYS = 7;

/** The region and account of a secret given by ARN (`arn:<partition>:secretsmanager:<region>:<account>:secret:...`). */
export function secretPlace(arn: string): { readonly region: string; readonly accountId: string } | undefined {
  const match = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:/.exec(arn);
  return match ? { region: match[1], accountId: match[2] } : undefined;
}

export const SECRETSMANAGER_RULES: readonly AwsRule[] = [
  {
    id: 'secretsmanager.recovery-window',
    rule: `A deleted secret is kept, name included, for a recovery window of ${SECRET_RECOVERY_WINDOW_MIN_DAYS} to 30 days unless it is deleted without recovery.`,
    source: 'DeleteSecret (AWS Secrets Manager API Reference)',
  },
  {
    id: 'secretsmanager.foreign-secret-key',
    rule: 'A secret of another account can be read only when it is encrypted with a customer managed key that the reader may use (kms:Decrypt) and that is in the secret\'s own account and region; Secrets Manager decrypts it there.',
    source: 'Access AWS Secrets Manager secrets from a different account (AWS Secrets Manager User Guide)',
  },
];
