import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { alarmTopicPolicy } from '../builders/iam';
import { alarmTopicName, arn, type Naming } from '../builders/names';
import { jsonAttribute } from './json-attribute';

export interface AlarmTopicProps {
  readonly naming: Naming;
  /** The environment's KMS key, which encrypts the topic. */
  readonly kmsKeyArn: string;
  /** Addresses that get every alarm by e-mail (each confirms its subscription once). @default - none */
  readonly emails?: readonly string[];
}

/**
 * The environment's second alert channel: one SNS topic, encrypted with the environment's key, that only this
 * account's alarms and this environment's EventBridge rules may publish to (over TLS), with optional e-mail
 * subscriptions. It needs neither Slack nor the notifier.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const { naming } = props;
    const name = alarmTopicName(naming);
    this.topic = new SnsTopic(this, 'Topic', { name, displayName: `${naming.prefix} alarms`, kmsMasterKeyId: props.kmsKeyArn });
    new SnsTopicPolicy(this, 'Policy', {
      arn: this.topic.arn,
      policy: jsonAttribute(this,
        alarmTopicPolicy({
          topicArn: arn(naming, 'sns', name),
          accountId: naming.accountId,
          alarmArnPattern: arn(naming, 'cloudwatch', `alarm:${naming.prefix}-*`),
          ruleArnPattern: arn(naming, 'events', `rule/${naming.prefix}-*`),
        }),
      ),
    });
    // Named by the address, so that removing one address leaves the others' subscriptions alone.
    for (const endpoint of props.emails ?? []) new SnsTopicSubscription(this, `Email-${endpoint}`, { topicArn: this.topic.arn, protocol: 'email', endpoint });
  }
}
