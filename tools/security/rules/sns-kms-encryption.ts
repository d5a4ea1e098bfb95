import { finder, kmsKeyProblem, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_26';

/**
 * Every SNS topic is encrypted with a customer managed KMS key: `kms_master_key_id` names a key this stack creates
 * or a key ARN it is given. checkov's CKV_AWS_26 (SNSTopicEncryption.py) passes any value; the AWS managed key
 * `alias/aws/sns` is a finding here: its key policy cannot be changed, so AWS services such as CloudWatch alarms
 * and EventBridge cannot publish to a topic it encrypts ("Data encryption" and "Enabling compatibility between
 * event sources from AWS services and encrypted topics", Amazon SNS Developer Guide).
 */
export const snsKmsEncryption: SecurityRule = {
  id: ID,
  title: 'SNS topics are encrypted with a customer-managed KMS key',
  resourceTypes: ['aws_sns_topic'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_sns_topic').flatMap((topic) => {
      const problem = kmsKeyProblem(stack, topic.attributes.kms_master_key_id);
      return problem ? [finding(topic.address, `kms_master_key_id: ${problem}; expected a key created in this stack or a key ARN`)] : [];
    });
  },
};
