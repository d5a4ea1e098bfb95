/** EventBridge Scheduler limits and contracts. */
import type { AwsRule } from './rule';

/** Longest schedule name. */
export const SCHEDULE_NAME_MAX = 64;

export const SCHEDULER_RULES: readonly AwsRule[] = [
  {
    id: 'scheduler.schedule-name-length',
    rule: `A schedule name is 1 to ${SCHEDULE_NAME_MAX} characters.`,
    source: 'CreateSchedule (EventBridge Scheduler API Reference)',
  },
];
