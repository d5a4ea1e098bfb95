/** Amazon EventBridge limits and contracts, and the events Step Functions sends to it. */
import type { AwsRule } from './rule';

/** The event Step Functions sends to the default event bus when a Standard execution changes status. */
export const STATES_EVENT_SOURCE = 'aws.states';
export const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';

/** The statuses an execution ends in. */
export const END_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type EndStatus = (typeof END_STATUSES)[number];

/** Most variables of one input transformer (InputPathsMap keys). */
export const INPUT_PATHS_MAX = 100;
/** Longest input template. */
export const INPUT_TEMPLATE_MAX = 8192;

export const EVENTS_RULES: readonly AwsRule[] = [
  {
    id: 'events.execution-status-change',
    rule:
      `A Standard workflow execution sends a "${EXECUTION_STATUS_CHANGE}" event (source ${STATES_EVENT_SOURCE}) to the default event bus when it starts, succeeds, fails, times out, is aborted or redriven; ` +
      'its detail names executionArn, stateMachineArn, status, error, cause and redriveCount.',
    source: 'EventBridge (CloudWatch Events) for Step Functions execution status changes (Step Functions Developer Guide)',
  },
  {
    id: 'events.input-transformer',
    rule:
      `An input transformer defines at most ${INPUT_PATHS_MAX} variables; in a JSON input template a placeholder inside quotes is replaced by the value's text (JSON-escaped) and a path that is missing or null gives an empty or null value.`,
    source: 'Amazon EventBridge input transformation (EventBridge User Guide)',
  },
  {
    id: 'events.ecs-target-input',
    rule:
      'An Amazon ECS target runs RunTask with the role of the target; the input (after the input transformer) is the task\'s overrides ({"containerOverrides": [...]}), so it counts against ecs.overrides-size.',
    source: 'Amazon EventBridge targets (EventBridge User Guide)',
  },
  {
    id: 'events.pattern-wildcard',
    rule: 'An event pattern matches a string field against a wildcard ({"wildcard": "*text*"}, * for any characters), and "$or" matches when one of its patterns does.',
    source: 'Creating event patterns in Amazon EventBridge (EventBridge User Guide)',
  },
  {
    id: 'events.dead-letter-queue',
    rule:
      'A target\'s dead-letter queue is an SQS queue whose policy lets events.amazonaws.com send messages for the rule (aws:SourceArn); a queue encrypted with a customer managed KMS key needs a key policy that lets EventBridge use the key.',
    source: 'Using dead-letter queues to process undelivered events in EventBridge (EventBridge User Guide)',
  },
];
