/**
 * The environment's second alert channel, as pure values: the CloudWatch alarms that publish to its SNS topic
 * wherever a Slack alert can be lost, and the EventBridge pattern that catches the notifier itself failing. No
 * cdktf here; constructs/alarms.ts renders them.
 *
 * Each alarm is named after what it watches and says in its description what to do.
 */
import {
  ECS_EVENT_SOURCE,
  ECS_TASK_STATE_CHANGE,
  SCHEDULER_FAILURE_METRICS,
  SQS_VISIBLE_MESSAGES,
  STATES_EXECUTION_METRICS,
  type MetricId,
} from '../aws/cloudwatch';
import type { Workflow } from '../config/types';
import { executionAlertNames, NOTIFIER_TASK, scheduleGroupName, scheduleNames, stateMachineArn, stateMachineNames, taskNames, type Naming } from './names';

export interface AlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly metric: MetricId;
  /** The value of the metric's dimension: the resource watched. */
  readonly resource: string;
  readonly statistic: 'Sum' | 'Maximum';
  readonly periodSeconds: number;
  /** The alarm fires when the statistic is above this. */
  readonly threshold: number;
}

export interface AlarmedStateMachine {
  readonly workflow: string;
  readonly name: string;
  readonly arn: string;
}

export interface AlarmedQueue {
  /** What lands in the queue, for the description. */
  readonly holds: string;
  readonly name: string;
}

export interface EnvironmentAlarmsProps {
  readonly stateMachines: readonly AlarmedStateMachine[];
  readonly deadLetterQueues: readonly AlarmedQueue[];
  /** The environment's schedule group, when it has schedules. @default - no Scheduler alarms */
  readonly scheduleGroup?: string;
  /** The notifier's log group, named in what to do. */
  readonly notifierLogGroup: string;
}

/** One evaluation period of five minutes: the AWS/States and AWS/SQS metrics' own period (rule cloudwatch.sqs-visible-messages). */
export const ALARM_PERIOD_SECONDS = 300;

/** Every alarm of an environment. */
export function environmentAlarms(props: EnvironmentAlarmsProps): AlarmSpec[] {
  const base = { statistic: 'Sum' as const, periodSeconds: ALARM_PERIOD_SECONDS, threshold: 0 };
  const executions = props.stateMachines.flatMap((machine): AlarmSpec[] => {
    const redrive = `Read the error and the failed step (aws stepfunctions describe-execution), fix the job, deploy, then aws stepfunctions redrive-execution.`;
    return [
      { ...base, name: `${machine.name}-failed`, metric: STATES_EXECUTION_METRICS.failed, resource: machine.arn, description: `An execution of workflow ${machine.workflow} failed. ${redrive} Slack should have said so too; if it did not, see the notifier alarms.` },
      { ...base, name: `${machine.name}-timed-out`, metric: STATES_EXECUTION_METRICS.timedOut, resource: machine.arn, description: `An execution of workflow ${machine.workflow} ran past its timeoutSeconds and was ended. Find the stuck step in its history; raise the time-out or fix the step, deploy, then redrive.` },
      { ...base, name: `${machine.name}-aborted`, metric: STATES_EXECUTION_METRICS.aborted, resource: machine.arn, description: `An execution of workflow ${machine.workflow} was stopped by hand or by a deploy. Redrive it if its work still has to be done.` },
    ];
  });
  const queues = props.deadLetterQueues.map((queue): AlarmSpec => ({
    ...base,
    statistic: 'Maximum',
    name: `${queue.name}-not-empty`,
    metric: SQS_VISIBLE_MESSAGES,
    resource: queue.name,
    description: `Queue ${queue.name} holds ${queue.holds}. Read them (aws sqs receive-message), act on each, then delete them; messages expire after 14 days.`,
  }));
  const scheduler = props.scheduleGroup
    ? [
        { ...base, name: `${props.scheduleGroup}-schedules-dropped`, metric: SCHEDULER_FAILURE_METRICS.dropped, resource: props.scheduleGroup, description: `A schedule of group ${props.scheduleGroup} gave up starting its workflow after its retries: that run never happened. Read the schedule's dead-letter queue for why (often the schedule role), fix it, and start the run by hand.` },
        { ...base, name: `${props.scheduleGroup}-schedules-target-errors`, metric: SCHEDULER_FAILURE_METRICS.targetErrors, resource: props.scheduleGroup, description: `A schedule of group ${props.scheduleGroup} could not start its workflow (Step Functions refused StartExecution); it retries, and the schedules-dropped alarm says if it gave up.` },
        { ...base, name: `${props.scheduleGroup}-schedules-dlq-failed`, metric: SCHEDULER_FAILURE_METRICS.deadLetterFailed, resource: props.scheduleGroup, description: `A schedule of group ${props.scheduleGroup} could not even write a failed run to its dead-letter queue (queue policy or key): the failure is recorded nowhere else. Check the schedule role's sqs:SendMessage and kms permissions.` },
      ]
    : [];
  return [...executions, ...queues, ...scheduler];
}

/** An exact value, a prefix, or anything but a number (EventBridge content filters, rule events.ecs-task-state-change). */
type Matcher = string | { readonly prefix: string } | { readonly 'anything-but': number };
type Pattern = { readonly [key: string]: readonly Matcher[] | Pattern | readonly Pattern[] };

export interface NotifierFailureProps {
  readonly clusterArn: string;
  /** `arn:...:task-definition/<notifier family>:`: every revision of the notifier's task definition. */
  readonly notifierTaskDefinitionPrefix: string;
}

/**
 * A notifier task that stopped without delivering: an essential container exited non-zero (Slack down for its
 * whole deadline, the webhook revoked, the secret empty), or the task never ran its container (image pull, no IP,
 * a secret it may not read).
 */
export function notifierFailurePattern(props: NotifierFailureProps): Pattern {
  return {
    source: [ECS_EVENT_SOURCE],
    'detail-type': [ECS_TASK_STATE_CHANGE],
    detail: {
      clusterArn: [props.clusterArn],
      taskDefinitionArn: [{ prefix: props.notifierTaskDefinitionPrefix }],
      lastStatus: ['STOPPED'],
      $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
    },
  };
}

/**
 * What the topic gets for such a stop: the execution the notifier was telling about (the first value of its
 * overrides, stacks/builders/execution-alerts.ts), how it stopped, and where its log is.
 */
export const NOTIFIER_FAILURE_INPUT_PATHS: Readonly<Record<string, string>> = {
  execution: '$.detail.overrides.containerOverrides[0].environment[0].value',
  stopCode: '$.detail.stopCode',
  exitCode: '$.detail.containers[0].exitCode',
  reason: '$.detail.stoppedReason',
  task: '$.detail.taskArn',
};

export function notifierFailureTemplate(notifierLogGroup: string): string {
  const text =
    'The Slack notifier could not tell Slack how execution <execution> ended (stop code <stopCode>, exit code <exitCode>: <reason>). ' +
    `Its log's outcome line says why (aws logs tail ${notifierLogGroup}): reason webhook_secret_empty or webhook_not_slack (put the webhook URL into the secret), webhook_revoked (a new webhook), slack_unavailable or rate_limited (Slack down past the notifier's deadline), or no log at all for a task that could not start. ` +
    'Look at the execution yourself: aws stepfunctions describe-execution --execution-arn <execution>. Task: <task>.';
  return JSON.stringify(text);
}

/**
 * What the alarms of an environment watch: every state machine, the dead-letter queues of the execution alerts
 * (when there are any) and of the schedules that keep one, the schedule group when a workflow has a schedule, and
 * the notifier when the execution alerts run it.
 */
export function environmentAlarmSources(naming: Naming, workflows: readonly Workflow[], alerted: boolean): EnvironmentAlarmsProps & { readonly notifierFamily?: string } {
  const machines = workflows.map((workflow) => ({ workflow, names: stateMachineNames(naming, workflow.name) }));
  return {
    stateMachines: machines.map(({ workflow, names }) => ({ workflow: workflow.name, name: names.stateMachine, arn: stateMachineArn(naming, workflow.name) })),
    deadLetterQueues: [
      ...(alerted ? [{ name: executionAlertNames(naming).deadLetterQueue, holds: 'execution alerts EventBridge could not start the notifier for' }] : []),
      ...machines
        .filter(({ workflow }) => workflow.schedule?.deadLetterQueue)
        .map(({ workflow, names }) => ({ name: scheduleNames(names.schedule).deadLetterQueue, holds: `scheduled runs of ${workflow.name} that EventBridge Scheduler could not start` })),
    ],
    ...(workflows.some((workflow) => workflow.schedule) ? { scheduleGroup: scheduleGroupName(naming) } : {}),
    notifierLogGroup: taskNames(naming, NOTIFIER_TASK).logGroup,
    ...(alerted ? { notifierFamily: taskNames(naming, NOTIFIER_TASK).family } : {}),
  };
}
