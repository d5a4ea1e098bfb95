/**
 * Amazon CloudWatch metrics the environment's alarms watch, the Amazon SNS contracts of the topic they publish to,
 * and the ECS task state change event the notifier's failures are caught from; each with the AWS page it comes
 * from.
 */
import type { AwsRule } from './rule';

/** A CloudWatch metric: namespace, name, and the dimension that names the resource. */
export interface MetricId {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimension: string;
}

/** Step Functions execution metrics, per state machine (rule cloudwatch.states-execution-metrics). */
export const STATES_EXECUTION_METRICS = {
  failed: { namespace: 'AWS/States', metricName: 'ExecutionsFailed', dimension: 'StateMachineArn' },
  timedOut: { namespace: 'AWS/States', metricName: 'ExecutionsTimedOut', dimension: 'StateMachineArn' },
  aborted: { namespace: 'AWS/States', metricName: 'ExecutionsAborted', dimension: 'StateMachineArn' },
} as const satisfies Record<string, MetricId>;

/** Messages waiting in an SQS queue (rule cloudwatch.sqs-visible-messages). */
export const SQS_VISIBLE_MESSAGES: MetricId = { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimension: 'QueueName' };

/** EventBridge Scheduler's failures, per schedule group (rule cloudwatch.scheduler-metrics). */
export const SCHEDULER_FAILURE_METRICS = {
  dropped: { namespace: 'AWS/Scheduler', metricName: 'InvocationDroppedCount', dimension: 'ScheduleGroup' },
  targetErrors: { namespace: 'AWS/Scheduler', metricName: 'TargetErrorCount', dimension: 'ScheduleGroup' },
  deadLetterFailed: { namespace: 'AWS/Scheduler', metricName: 'InvocationsFailedToBeSentToDeadLetterCount', dimension: 'ScheduleGroup' },
} as const satisfies Record<string, MetricId>;

/** The service principals that publish to an SNS topic for an alarm and for an EventBridge rule (rule sns.service-publishers). */
export const CLOUDWATCH_PRINCIPAL = 'cloudwatch.amazonaws.com';
export const EVENTS_PRINCIPAL = 'events.amazonaws.com';

/** The ECS event a task's stop is told with (rule events.ecs-task-state-change). */
export const ECS_EVENT_SOURCE = 'aws.ecs';
export const ECS_TASK_STATE_CHANGE = 'ECS Task State Change';

export const CLOUDWATCH_RULES: readonly AwsRule[] = [
  {
    id: 'cloudwatch.states-execution-metrics',
    rule: 'Step Functions publishes ExecutionsFailed, ExecutionsTimedOut and ExecutionsAborted in the AWS/States namespace with the dimension StateMachineArn; unlike its status change events, these metrics do not depend on EventBridge delivery.',
    source: 'Monitoring Step Functions metrics using Amazon CloudWatch (Step Functions Developer Guide)',
  },
  {
    id: 'cloudwatch.sqs-visible-messages',
    rule: 'SQS publishes ApproximateNumberOfMessagesVisible in the AWS/SQS namespace with the dimension QueueName, every five minutes for an active queue; an alarm on it above 0 is AWS\'s advice for a dead-letter queue.',
    source: 'Available CloudWatch metrics for Amazon SQS (Amazon SQS Developer Guide); Using dead-letter queues to process undelivered events (Amazon EventBridge User Guide)',
  },
  {
    id: 'cloudwatch.scheduler-metrics',
    rule: 'EventBridge Scheduler publishes InvocationDroppedCount (retries exhausted), TargetErrorCount and InvocationsFailedToBeSentToDeadLetterCount in the AWS/Scheduler namespace with the dimension ScheduleGroup.',
    source: 'Monitoring Amazon EventBridge Scheduler with Amazon CloudWatch (EventBridge Scheduler User Guide)',
  },
  {
    id: 'sns.service-publishers',
    rule: 'A CloudWatch alarm publishes to an SNS topic as cloudwatch.amazonaws.com with aws:SourceArn the alarm ARN; an EventBridge rule as events.amazonaws.com with aws:SourceArn the rule ARN; both with aws:SourceAccount; the topic policy must allow them, and an encrypted topic\'s key policy must let them kms:GenerateDataKey* and kms:Decrypt.',
    source: 'Amazon SNS topic policies for CloudWatch alarms; Configuring AWS KMS permissions for AWS services (Amazon SNS Developer Guide)',
  },
  {
    id: 'sns.email-subscription',
    rule: 'An email subscription stays pending until its address confirms it through the link SNS sends; Terraform cannot confirm it.',
    source: 'Email notifications (Amazon SNS Developer Guide); aws_sns_topic_subscription (Terraform AWS provider Documentation)',
  },
  {
    id: 'events.ecs-task-state-change',
    rule: 'ECS sends an "ECS Task State Change" event (source aws.ecs) when a task changes status; a stopped task\'s detail has lastStatus STOPPED, stopCode, stoppedReason, taskDefinitionArn, clusterArn, overrides and each container\'s exitCode (absent when it never ran).',
    source: 'Amazon ECS task state change events (Amazon ECS Developer Guide)',
  },
];
