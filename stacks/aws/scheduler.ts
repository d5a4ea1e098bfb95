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
];
