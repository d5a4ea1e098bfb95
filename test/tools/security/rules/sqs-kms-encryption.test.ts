import { sqsKmsEncryption } from '../../../../tools/security/rules/sqs-kms-encryption';
import { check, oneFinding, sqsQueue, stackWith } from '../helpers';

describe('CKV_AWS_27/CKV2_AWS_73 SQS queue encrypted with a customer-managed key', () => {
  it('passes a queue encrypted with the stack key', () => {
    expect(check(sqsKmsEncryption, stackWith({ aws_sqs_queue: { Queue: sqsQueue() } }))).toEqual([]);
  });

  it('passes a queue encrypted with a key ARN it is given', () => {
    const queue = sqsQueue({ kms_master_key_id: 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    expect(check(sqsKmsEncryption, stackWith({ aws_sqs_queue: { Queue: queue } }))).toEqual([]);
  });

  it.each([
    // SSE-SQS passes checkov's CKV_AWS_27 and CKV2_AWS_73 alike; it is no customer key.
    ['SSE-SQS alone', { kms_master_key_id: null, sqs_managed_sse_enabled: true }, /no KMS key is set \(sqs_managed_sse_enabled is SSE-SQS/],
    ['no encryption at all', { kms_master_key_id: null }, /no KMS key is set/],
    ['the AWS managed key', { kms_master_key_id: 'alias/aws/sqs' }, /"alias\/aws\/sqs" is not a KMS key or alias ARN/],
    ['a reference to something that is not a key', { kms_master_key_id: '${aws_iam_role.Role.arn}' }, /does not refer to a KMS key/],
  ])('flags a queue with %s', (_, extra, message) => {
    const stack = stackWith({ aws_sqs_queue: { Queue: sqsQueue(extra) } });
    expect(check(sqsKmsEncryption, stack)).toEqual(oneFinding(sqsKmsEncryption, 'aws_sqs_queue.Queue', message));
  });
});
