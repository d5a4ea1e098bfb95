import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { Schedule } from '../config';
import { assumeRolePolicy, schedulerPolicy } from '../iam';
import { jsonAttribute } from './json-attribute';
import { scheduleNames, type Naming } from '../names';
import type { ScheduleGroup } from './schedule-group';

export interface WorkflowScheduleProps {
  readonly naming: Naming;
  /** Physical name of the schedule (and prefix of its role and queue). */
  readonly name: string;
  readonly schedule: Schedule;
  readonly stateMachineArn: string;
  /** The environment's schedule group: the schedule is in it, and its role trusts Scheduler only for it. */
  readonly group: ScheduleGroup;
}

/**
 * An EventBridge Scheduler schedule in the environment's schedule group that starts the state machine (what
 * cron used to do), with its own role allowed only `states:StartExecution` on that state machine, a retry
 * policy and an optional dead-letter queue. The role trusts Scheduler only on behalf of the schedule group of
 * this account: `aws:SourceArn` is the group ARN, which is what Scheduler presents (never the schedule ARN).
 */
export class WorkflowSchedule extends Construct {
  readonly schedule: SchedulerSchedule;
  readonly role: IamRole;
  readonly deadLetterQueue?: SqsQueue;

  constructor(scope: Construct, id: string, props: WorkflowScheduleProps) {
    super(scope, id);
    const { naming, schedule } = props;
    const names = scheduleNames(props.name);
    if (schedule.deadLetterQueue) {
      this.deadLetterQueue = new SqsQueue(this, 'DeadLetterQueue', {
        name: names.deadLetterQueue,
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: 1_209_600,
      });
    }
    this.role = new IamRole(this, 'Role', {
      name: names.role,
      description: `EventBridge Scheduler role of ${props.name}: start one state machine`,
      assumeRolePolicy: jsonAttribute(this, assumeRolePolicy('scheduler.amazonaws.com', naming.accountId, props.group.arn)),
    });
    new IamRolePolicy(this, 'RolePolicy', {
      name: 'start-execution',
      role: this.role.id,
      policy: jsonAttribute(this, schedulerPolicy(props.stateMachineArn, this.deadLetterQueue?.arn)),
    });
    this.schedule = new SchedulerSchedule(this, 'Schedule', {
      name: names.schedule,
      groupName: props.group.group.name,
      scheduleExpression: schedule.expression,
      scheduleExpressionTimezone: schedule.timeZone,
      state: schedule.enabled ? 'ENABLED' : 'DISABLED',
      flexibleTimeWindow: { mode: 'OFF' },
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
