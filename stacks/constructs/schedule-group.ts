import { Construct } from 'constructs';
import { SchedulerScheduleGroup } from '@cdktf/provider-aws/lib/scheduler-schedule-group';
import { scheduleGroupNameProblem } from '../aws/scheduler';
import { arn, scheduleGroupName, type Naming } from '../builders/names';

export interface ScheduleGroupProps {
  readonly naming: Naming;
}

/**
 * The environment's own EventBridge Scheduler schedule group, named after the environment prefix. Every
 * schedule of the environment is in it, and each schedule's role trusts Scheduler only on behalf of this
 * group: Scheduler presents the group ARN, not the schedule ARN, as `aws:SourceArn` when it assumes a
 * schedule's role (rule `scheduler.source-arn-is-schedule-group`).
 */
export class ScheduleGroup extends Construct {
  readonly group: SchedulerScheduleGroup;
  /** Physical name: the environment prefix. */
  readonly name: string;
  /** `arn:<partition>:scheduler:<region>:<account>:schedule-group/<name>`, known before apply. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: ScheduleGroupProps) {
    super(scope, id);
    const name = scheduleGroupName(props.naming);
    const problem = scheduleGroupNameProblem(name);
    if (problem) throw new Error(`schedule group name ${JSON.stringify(name)} ${problem} (rule scheduler.schedule-group-name)`);
    this.name = name;
    this.arn = arn(props.naming, 'scheduler', `schedule-group/${name}`);
    this.group = new SchedulerScheduleGroup(this, 'Group', { name });
  }
}
