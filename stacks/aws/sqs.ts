/** Amazon SQS contracts the dead-letter queues rely on. */
import type { AwsRule } from './rule';

export const SQS_RULES: readonly AwsRule[] = [
  {
    id: 'sqs.customer-managed-key',
    rule:
      'A queue encrypted with a customer managed KMS key (kms_master_key_id) needs every producer and consumer allowed to use the key, in the key policy or in an IAM policy of the principal (the key policy letting the account use IAM): a producer needs kms:GenerateDataKey and kms:Decrypt; SQS calls KMS on the caller\'s behalf. SSE-SQS (sqs_managed_sse_enabled) uses a key SQS owns, not the customer\'s.',
    source: 'Amazon SQS Key management and Encryption at rest in Amazon SQS (Amazon SQS Developer Guide)',
  },
  {
    id: 'sqs.tls-only',
    rule: 'A queue policy statement that denies sqs:* to every principal when aws:SecureTransport is false refuses every request not made over HTTPS.',
    source: 'Amazon SQS security best practices (Amazon SQS Developer Guide)',
  },
];
