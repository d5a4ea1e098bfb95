import { finder, isTrue, kmsKeyProblem, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_27/CKV2_AWS_73';

/**
 * Every SQS queue is encrypted with a customer managed KMS key: `kms_master_key_id` names a key this stack
 * creates or a key ARN it is given. Stricter than the two checkov checks it follows: CKV_AWS_27
 * (SQSQueueEncryption.py) passes a queue with `sqs_managed_sse_enabled` (SSE-SQS, a key SQS owns) or any
 * `kms_master_key_id`, and CKV2_AWS_73 (graph check SQSEncryptionCMK.yaml) fails only the AWS managed key
 * `alias/aws/sqs` and passes a queue with no key at all. Here SSE-SQS and `alias/aws/sqs` are findings: only a
 * customer managed key lets the key policy decide who reads the messages ("Encryption at rest in Amazon SQS" and
 * "Amazon SQS Key management", Amazon SQS Developer Guide).
 */
export const sqsKmsEncryption: SecurityRule = {
  id: ID,
  title: 'SQS queues are encrypted with a customer-managed KMS key',
  resourceTypes: ['aws_sqs_queue'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_sqs_queue').flatMap((queue) => {
      const key = queue.attributes.kms_master_key_id;
      const problem = kmsKeyProblem(stack, key);
      if (!problem) return [];
      const sseSqs = isTrue(queue.attributes.sqs_managed_sse_enabled) ? ' (sqs_managed_sse_enabled is SSE-SQS, a key SQS owns, not a customer managed key)' : '';
      return [finding(queue.address, `kms_master_key_id: ${problem}${sseSqs}; expected a key created in this stack or a key ARN`)];
    });
  },
};
