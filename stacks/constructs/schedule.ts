import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { Schedule } from '../config/types';
import { assumeRolePolicy, scheduleDeadLetterQueuePolicy, schedulerPolicy } from '../builders/iam';
import { jsonAttribute } from './json-attribute';
import { arn, roleSettings, scheduleNames, type Naming } from '../builders/names';
import type { ScheduleGroup } from './schedule-group';

export interface WorkflowScheduleProps {
  readonly naming: Naming;
  /** Physical name of the schedule (and prefix of its role and queue). */
  readonly name: string;
  readonly schedule: Schedule;
  readonly stateMachineArn: string;
  /** The environment's schedule group: the schedule is in it, and its role trusts Scheduler only for it. */
  readonly group: ScheduleGroup;
  /** The environment's KMS key: it encrypts the schedule's input and its dead-letter queue. */
  readonly kmsKeyArn: string;
}

/**
 * An EventBridge Scheduler schedule in the environment's schedule group that starts the state machine (what
 * cron used to do), with its own role allowed only `states:StartExecution` on that state machine, a retry
 * policy and, unless turned off, a dead-letter queue. The role trusts Scheduler only on behalf of the schedule
 * group of this account: `aws:SourceArn` is the group ARN, which is what Scheduler presents (never the schedule ARN).
 *
 * The schedule's input is encrypted with the environment's key, which the role may decrypt for this schedule only
 * (rule scheduler.customer-managed-key). The dead-letter queue is encrypted with the same key and refuses requests
 * without TLS; Scheduler sends to it with the schedule's role, which may send there and use the key through SQS
 * (rules scheduler.dead-letter-queue, sqs.customer-managed-key).
 */
export class WorkflowSchedule extends Construct {
  readonly schedule: SchedulerSchedule;
  readonly role: IamRole;
  readonly deadLetterQueue?: SqsQueue;

  constructor(scope: Construct, id: string, props: WorkflowScheduleProps) {
    super(scope, id);
    const { naming, schedule } = props;
    const names = scheduleNames(props.name);
    const scheduleArn = arn(naming, 'scheduler', `schedule/${props.group.name}/${names.schedule}`);
    if (schedule.deadLetterQueue) {
      this.deadLetterQueue = new SqsQueue(this, 'DeadLetterQueue', {
        name: names.deadLetterQueue,
        kmsMasterKeyId: props.kmsKeyArn,
        messageRetentionSeconds: 1_209_600,
      });
      new SqsQueuePolicy(this, 'DeadLetterQueuePolicy', {
        queueUrl: this.deadLetterQueue.url,
        policy: jsonAttribute(this, scheduleDeadLetterQueuePolicy(this.deadLetterQueue.arn)),
      });
    }
    this.role = new IamRole(this, 'Role', {
      name: names.role,
      ...roleSettings(naming),
      description: `EventBridge Scheduler role of ${props.name}: start one state machine`,
      assumeRolePolicy: jsonAttribute(this, assumeRolePolicy('scheduler.amazonaws.com', naming.accountId, props.group.arn)),
    });
    new IamRolePolicy(this, 'RolePolicy', {
      name: 'start-execution',
      role: this.role.id,
      policy: jsonAttribute(this, schedulerPolicy(props.stateMachineArn, this.deadLetterQueue?.arn, { kmsKeyArn: props.kmsKeyArn, scheduleArn, region: naming.region })),
    });
    this.schedule = new SchedulerSchedule(this, 'Schedule', {
      name: names.schedule,
      groupName: props.group.group.name,
      scheduleExpression: schedule.expression,
      scheduleExpressionTimezone: schedule.timeZone,
      state: schedule.enabled ? 'ENABLED' : 'DISABLED',
      flexibleTimeWindow: { mode: 'OFF' },
      kmsKeyArn: props.kmsKeyArn,
      target: {
        arn: props.stateMachineArn,
        roleArn: this.role.arn,
        input: JSON.stringify(schedule.input),
        retryPolicy: {
          maximumRetryAttempts: schedule.maximumRetryAttempts,
          maximumEventAgeInSeconds: schedule.maximumEventAgeSeconds,
        },
        ...(this.deadLetterQueue ? { deadLetterConfig: { arn: this.deadLetterQueue.arn } } : {}),
      },
    });
  }
}
