import { snsKmsEncryption } from '../../../../tools/security/rules/sns-kms-encryption';
import { check, oneFinding, snsTopic, stackWith } from '../helpers';

describe('CKV_AWS_26 SNS topic encrypted with a customer-managed key', () => {
  it('passes a topic encrypted with the stack key', () => {
    expect(check(snsKmsEncryption, stackWith({ aws_sns_topic: { Topic: snsTopic() } }))).toEqual([]);
  });

  it.each([
    ['no key', null, /no KMS key is set/],
    ['the AWS managed key', 'alias/aws/sns', /"alias\/aws\/sns" is not a KMS key or alias ARN/],
    ['a key this stack does not declare', '${aws_kms_key.Other.arn}', /refers to aws_kms_key\.Other, which this stack does not declare/],
  ])('flags a topic with %s', (_, key, message) => {
    const stack = stackWith({ aws_sns_topic: { Topic: snsTopic({ kms_master_key_id: key }) } });
    expect(check(snsKmsEncryption, stack)).toEqual(oneFinding(snsKmsEncryption, 'aws_sns_topic.Topic', message));
  });
});
