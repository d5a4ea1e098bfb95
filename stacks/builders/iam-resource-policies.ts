/**
 * Resource policies: who may send to a dead-letter queue or publish to the alarm topic, who may use the KMS key,
 * and the refusal of every request not made over TLS.
 */
import { policy, type PolicyDocument, type PolicyStatement } from './iam-document';

/**
 * Refuse every request to `resources` that is not made over TLS: a `Deny` of every action of the service to any
 * principal when `aws:SecureTransport` is false. For resource policies: an SQS queue policy (`"sqs"`, rule
 * sqs.tls-only), an SNS topic policy (`"sns"`, "Amazon SNS security best practices", Amazon SNS Developer Guide).
 */
export function denyInsecureTransport(service: 'sqs' | 'sns', resources: readonly string[]): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: [`${service}:*`],
    Resource: [...resources],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Queue policy of a dead-letter queue: EventBridge may send to it for its own rules only (rule events.dead-letter-queue), over TLS only. */
export function deadLetterQueuePolicy(queueArn: string, ruleArn: string | readonly string[]): PolicyDocument {
  return policy(
    {
      Sid: 'EventBridgeDeadLettersOfOwnRule',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['sqs:SendMessage'],
      Resource: [queueArn],
      Condition: { ArnEquals: { 'aws:SourceArn': typeof ruleArn === 'string' ? ruleArn : [...ruleArn] } },
    },
    denyInsecureTransport('sqs', [queueArn]),
  );
}

/**
 * Queue policy of a schedule's dead-letter queue: requests over TLS only. It grants nothing: Scheduler sends with
 * the schedule's own role, in the queue's account, whose identity policy allows the send (rule scheduler.dead-letter-queue).
 */
export function scheduleDeadLetterQueuePolicy(queueArn: string): PolicyDocument {
  return policy(denyInsecureTransport('sqs', [queueArn]));
}

export interface AlarmTopicPolicyProps {
  readonly topicArn: string;
  readonly accountId: string;
  /** `arn:...:cloudwatch:<region>:<account>:alarm:<prefix>-*`: the environment's alarms. */
  readonly alarmArnPattern: string;
  /** `arn:...:events:<region>:<account>:rule/<prefix>-*`: the environment's EventBridge rules. */
  readonly ruleArnPattern: string;
}

/**
 * The alarm topic's policy: only this account's alarms and EventBridge rules of this environment may publish,
 * each service with the source conditions it documents (rule sns.service-publishers); nothing without TLS.
 */
export function alarmTopicPolicy(props: AlarmTopicPolicyProps): PolicyDocument {
  const publisher = (Sid: string, service: string, sourceArn: string): PolicyStatement => ({
    Sid,
    Effect: 'Allow',
    Principal: { Service: service },
    Action: ['sns:Publish'],
    Resource: [props.topicArn],
    Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': sourceArn } },
  });
  return policy(
    publisher('OwnAlarmsPublish', 'cloudwatch.amazonaws.com', props.alarmArnPattern),
    publisher('OwnRulesPublish', 'events.amazonaws.com', props.ruleArnPattern),
    denyInsecureTransport('sns', [props.topicArn]),
  );
}

export interface KeyPolicyProps {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * Key policy of the environment's KMS key: the account administers it through IAM, and CloudWatch Logs
 * may use it only for log groups of this account and region.
 */
export function kmsKeyPolicy(props: KeyPolicyProps): PolicyDocument {
  const account = `arn:${props.partition}:iam::${props.accountId}:root`;
  return policy(
    { Sid: 'AccountAdministersThroughIam', Effect: 'Allow', Principal: { AWS: account }, Action: ['kms:*'], Resource: ['*'] },
    {
      Sid: 'CloudWatchLogsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: `logs.${props.region}.amazonaws.com` },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: ['*'],
      Condition: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${props.partition}:logs:${props.region}:${props.accountId}:log-group:*` },
      },
    },
    {
      // The encrypted alarm topic: an alarm of this account publishes to it (rule sns.service-publishers).
      Sid: 'CloudWatchAlarmsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: ['*'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': props.accountId },
        ArnLike: { 'aws:SourceArn': `arn:${props.partition}:cloudwatch:${props.region}:${props.accountId}:alarm:*` },
      },
    },
    {
      // An encrypted dead-letter queue, and the encrypted alarm topic: EventBridge encrypts what it sends to them
      // (rules events.dead-letter-queue, sns.service-publishers).
      Sid: 'EventBridgeDeadLettersOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: ['*'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': props.accountId },
        ArnLike: { 'aws:SourceArn': `arn:${props.partition}:events:${props.region}:${props.accountId}:rule/*` },
      },
    },
  );
}

/** Bucket policy of the results bucket: refuse every request not made over TLS (rule s3.tls-only). */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return policy({
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: ['s3:*'],
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });
}
