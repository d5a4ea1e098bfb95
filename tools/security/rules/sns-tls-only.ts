import { actionMatches, deniesInsecureTransport, resourcePoliciesOf, where } from '../policy-documents';
import { finder, isUnreadable, resourcesOf, type SecurityRule } from '../model';

const ID = 'AwsSolutions-SNS3';

/**
 * Every SNS topic has a topic policy that denies publishing without TLS: a `Deny` of `sns:Publish` (or an action
 * pattern covering it) to principal `*` when `aws:SecureTransport` is false ("Amazon SNS security best practices",
 * Amazon SNS Developer Guide: enforce encryption of data in transit). checkov has no check for this; cdk-nag's
 * AwsSolutions-SNS3 (SNSTopicSSLPublishOnly) is the same predicate, and its id names the rule here. cdk-nag
 * exempts a topic with a KMS key; this rule does not.
 */
export const snsTlsOnly: SecurityRule = {
  id: ID,
  title: 'SNS topic policies deny publishing without TLS',
  resourceTypes: ['aws_sns_topic'],
  check(stack) {
    const finding = finder(ID);
    const publish = (action: string) => actionMatches(action, 'sns:Publish');
    return resourcesOf(stack, 'aws_sns_topic').flatMap((topic) => {
      const policies = resourcePoliciesOf(stack, topic.address, { type: 'aws_sns_topic_policy', attribute: 'arn' });
      if (policies.length === 0) return [finding(topic.address, 'no topic policy (aws_sns_topic_policy or policy) denies publishing without TLS')];
      const unreadable = policies.flatMap((policy) => (isUnreadable(policy.statements) ? [finding(policy.address, `${where(policy)}: ${policy.statements.problem}`)] : []));
      if (unreadable.length > 0) return unreadable;
      const denies = policies.some((policy) => !isUnreadable(policy.statements) && policy.statements.some((statement) => deniesInsecureTransport(statement, publish)));
      return denies ? [] : [finding(topic.address, 'its topic policy has no statement denying sns:Publish to principal "*" when aws:SecureTransport is "false"')];
    });
  },
};
