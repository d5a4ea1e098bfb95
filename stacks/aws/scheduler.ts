/** EventBridge Scheduler limits and contracts. */
import type { AwsRule } from './rule';

/** Longest schedule name. */
export const SCHEDULE_NAME_MAX = 64;

/** Longest schedule group name. */
export const SCHEDULE_GROUP_NAME_MAX = 64;

/** The characters a schedule group name may hold. */
export const SCHEDULE_GROUP_NAME = /^[0-9a-zA-Z\-_.]+$/;

/** Undefined for a valid schedule group name, otherwise what is allowed. */
export function scheduleGroupNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > SCHEDULE_GROUP_NAME_MAX) return `must be 1 to ${SCHEDULE_GROUP_NAME_MAX} characters`;
  if (!SCHEDULE_GROUP_NAME.test(name)) return 'may only hold letters, digits, hyphens, underscores and dots';
  return undefined;
}

export const SCHEDULER_RULES: readonly AwsRule[] = [
  {
    id: 'scheduler.schedule-name-length',
    rule: `A schedule name is 1 to ${SCHEDULE_NAME_MAX} characters.`,
    source: 'CreateSchedule (EventBridge Scheduler API Reference)',
  },
  {
    id: 'scheduler.schedule-group-name',
    rule: `A schedule group name is 1 to ${SCHEDULE_GROUP_NAME_MAX} letters, digits, hyphens, underscores and dots.`,
    source: 'CreateScheduleGroup (EventBridge Scheduler API Reference)',
  },
  {
    id: 'scheduler.source-arn-is-schedule-group',
    rule: "A schedule execution role's aws:SourceArn condition names the schedule group ARN, never a schedule or a schedule name prefix.",
    source: 'Confused deputy prevention in EventBridge Scheduler (EventBridge Scheduler User Guide)',
  },
  {
    id: 'scheduler.customer-managed-key',
    rule:
      "A schedule's customer managed key (symmetric, no grants) encrypts its target input; whoever creates the schedule needs kms:DescribeKey, kms:GenerateDataKey and kms:Decrypt on it, and the execution role kms:Decrypt, called with the encryption context aws:scheduler:schedule:arn = the schedule ARN (schedule/<group>/<name>).",
    source: 'Encryption at rest in EventBridge Scheduler and Using identity-based policies in EventBridge Scheduler (EventBridge Scheduler User Guide)',
  },
  {
    id: 'scheduler.dead-letter-queue',
    rule:
      "A schedule's dead-letter queue is a standard SQS queue (not FIFO) that Scheduler sends to with the schedule's execution role (sqs:SendMessage) once the retry policy is exhausted or a permanent error occurs; the message body is the target input and its attributes name ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS, SCHEDULED_TIME, SCHEDULE_ARN and TARGET_ARN.",
    source: 'Configuring a dead-letter queue for EventBridge Scheduler (EventBridge Scheduler User Guide)',
  },
];
