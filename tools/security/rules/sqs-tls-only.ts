import { finder, isUnreadable, resourcesOf, type SecurityRule } from '../model';
import { deniesInsecureTransport, resourcePoliciesOf, where } from '../policy-documents';

const ID = 'AwsSolutions-SQS4';

/**
 * Every SQS queue has a queue policy that denies requests without TLS: a `Deny` of `sqs:*` (or `*`) to principal
 * `*` when `aws:SecureTransport` is false ("Amazon SQS security best practices", Amazon SQS Developer Guide:
 * enforce encryption of data in transit). checkov has no check for this; cdk-nag's AwsSolutions-SQS4
 * (SQSQueueSSLRequestsOnly) is the same predicate, and its id names the rule here.
 */
export const sqsTlsOnly: SecurityRule = {
  id: ID,
  title: 'SQS queue policies deny requests without TLS',
  resourceTypes: ['aws_sqs_queue'],
  check(stack) {
    const finding = finder(ID);
    const everySqsAction = (action: string) => action === '*' || action.toLowerCase() === 'sqs:*';
    return resourcesOf(stack, 'aws_sqs_queue').flatMap((queue) => {
      const policies = resourcePoliciesOf(stack, queue.address, { type: 'aws_sqs_queue_policy', attribute: 'queue_url' });
      if (policies.length === 0) return [finding(queue.address, 'no queue policy (aws_sqs_queue_policy or policy) denies requests without TLS')];
      const unreadable = policies.flatMap((policy) => (isUnreadable(policy.statements) ? [finding(policy.address, `${where(policy)}: ${policy.statements.problem}`)] : []));
      if (unreadable.length > 0) return unreadable;
      const denies = policies.some((policy) => !isUnreadable(policy.statements) && policy.statements.some((statement) => deniesInsecureTransport(statement, everySqsAction)));
      return denies ? [] : [finding(queue.address, 'its queue policy has no statement denying sqs:* to principal "*" when aws:SecureTransport is "false"')];
    });
  },
};
