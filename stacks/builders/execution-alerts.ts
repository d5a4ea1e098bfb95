/**
 * What the execution alerts are made of, as pure values: the EventBridge event pattern on the "Step Functions
 * Execution Status Change" events of an environment's state machines, and the input transformer that turns
 * one such event into the notifier task's container overrides (rule events.ecs-target-input).
 *
 * The overrides carry the status, the execution ARN, the error name (at most 256 characters, rule
 * states.error-length), the redrive count and fixed values, never the cause: a cause can be 32,768 characters
 * and the overrides must stay within 8,192 (rule ecs.overrides-size). The Slack message links to the execution,
 * whose page shows the cause and the failed state.
 */
import { COMPLETED_MARKER, SKIPPED_MARKER } from './asl';
import { END_STATUSES, EXECUTION_STATUS_CHANGE, STATES_EVENT_SOURCE, type EndStatus } from '../aws/events';
import { fansOutDistributed, skipsOverlappingRuns } from '../config/steps';
import type { Workflow } from '../config/types';
import { resultsBucketName, stateMachineArn, type Naming } from './names';

/** Statuses every workflow is alerted on; SUCCEEDED only for workflows with `notifyOnSuccess`. */
export const ALERT_STATUSES: readonly EndStatus[] = END_STATUSES.filter((status) => status !== 'SUCCEEDED');

export interface AlertedStateMachine {
  readonly stateMachineArn: string;
  readonly notifyOnSuccess: boolean;
}

/** An exact value, or a wildcard (rule events.pattern-wildcard). */
type Matcher = string | { readonly wildcard: string };
type Pattern = { readonly [key: string]: readonly Matcher[] | Pattern | readonly Pattern[] };

/** `arn:...:execution:<state machine>:*`: every execution of a state machine, for DescribeExecution and ListMapRuns. */
export function executionsOf(stateMachineArn: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:*`;
}

/** `arn:...:mapRun:<state machine>/*`: every Map Run of a state machine's Distributed fan-outs, for DescribeMapRun. */
export function mapRunsOf(stateMachineArn: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':mapRun:')}/*`;
}

/**
 * Matches the end of every execution of these state machines that is to be alerted. A success is told only when
 * the run ran its steps: its output is then the definition's own completion output (stacks/builders/asl.ts), never the
 * user's input, so a skipped run (told by the skip rule) or an input holding either marker cannot give a second
 * or a wrong message.
 */
export function alertEventPattern(machines: readonly AlertedStateMachine[]): Pattern {
  const unsuccessful: Pattern = { stateMachineArn: machines.map((machine) => machine.stateMachineArn), status: [...ALERT_STATUSES] };
  const successful = machines.filter((machine) => machine.notifyOnSuccess).map((machine) => machine.stateMachineArn);
  const completed: Pattern = { stateMachineArn: successful, status: ['SUCCEEDED'], output: [{ wildcard: `*${COMPLETED_MARKER}*` }] };
  return {
    source: [STATES_EVENT_SOURCE],
    'detail-type': [EXECUTION_STATUS_CHANGE],
    detail: successful.length === 0 ? unsuccessful : { $or: [unsuccessful, completed] },
  };
}

/**
 * Matches the runs of these state machines that skipped every step because another execution was running:
 * they succeed with the skip output (stacks/builders/asl.ts), which Step Functions sends as the event's `output` string.
 * Every other successful run ends with the completion output, so no input can look like a skip.
 */
export function skippedEventPattern(stateMachineArns: readonly string[]): Pattern {
  return {
    source: [STATES_EVENT_SOURCE],
    'detail-type': [EXECUTION_STATUS_CHANGE],
    detail: { stateMachineArn: [...stateMachineArns], status: ['SUCCEEDED'], output: [{ wildcard: `*${SKIPPED_MARKER}*` }] },
  };
}

/** The transformer's variables: paths into the event (rule events.execution-status-change). */
export const ALERT_INPUT_PATHS: Readonly<Record<string, string>> = {
  status: '$.detail.status',
  executionArn: '$.detail.executionArn',
  error: '$.detail.error',
  redriveCount: '$.detail.redriveCount',
};

export interface AlertTemplateProps {
  /** The notifier's container. */
  readonly containerName: string;
  /** What every state machine name of the environment starts with (`<prefix>-`): the rest is the workflow. */
  readonly stateMachinePrefix: string;
  readonly region: string;
  /** A status to tell instead of the event's, with a text. @default - the event's status, no text */
  readonly fixed?: { readonly status: string; readonly text: string };
  /**
   * `s3://<results bucket>/fan-outs`, where Distributed fan-outs write each item's outcome: a success message then says
   * how many items failed and where. @default - the environment has no Distributed fan-out
   */
  readonly fanOutResults?: string;
}

/**
 * The input template: RunTask overrides whose environment the notifier reads. Every placeholder is inside a
 * JSON string, so that a value that is missing or null still gives a string (rule events.input-transformer).
 */
export function alertInputTemplate(props: AlertTemplateProps): string {
  const environment = [
    // First: the notifier failure rule names the execution by this position (stacks/builders/alarms.ts).
    { name: 'EXECUTION_ARN', value: '<executionArn>' },
    ...(props.fixed ? [{ name: 'NOTIFY_TEXT', value: props.fixed.text }] : []),
    { name: 'NOTIFY_STATUS', value: props.fixed?.status ?? '<status>' },
    { name: 'ERROR', value: '<error>' },
    { name: 'REDRIVE_COUNT', value: '<redriveCount>' },
    { name: 'STATE_MACHINE_PREFIX', value: props.stateMachinePrefix },
    // The cause does not fit: the notifier reads it, and the failed step, with DescribeExecution.
    { name: 'NOTIFY_DESCRIBE_EXECUTION', value: 'true' },
    ...(props.fanOutResults ? [{ name: 'NOTIFY_FAN_OUT_RESULTS', value: props.fanOutResults }] : []),
    { name: 'AWS_REGION', value: props.region },
  ];
  return JSON.stringify({ containerOverrides: [{ name: props.containerName, environment }] });
}

/** What the execution alerts of an environment are about, before apply (so that a plan shows what the rules match). */
export interface AlertTargets {
  readonly stateMachines: readonly AlertedStateMachine[];
  /** The state machines that skip a run while another runs, whose skips are told. */
  readonly skippingStateMachineArns: readonly string[];
  /** Where the Distributed fan-outs of the workflows that tell their successes write each item's outcome. @default - none */
  readonly fanOutResults?: { readonly location: string; readonly stateMachineArns: readonly string[] };
}

export function alertTargetsOf(naming: Naming, workflows: readonly Workflow[]): AlertTargets {
  const told = workflows.filter((workflow) => workflow.notifyOnSuccess && fansOutDistributed(workflow));
  return {
    stateMachines: workflows.map((workflow) => ({ stateMachineArn: stateMachineArn(naming, workflow.name), notifyOnSuccess: workflow.notifyOnSuccess })),
    skippingStateMachineArns: workflows.filter(skipsOverlappingRuns).map((workflow) => stateMachineArn(naming, workflow.name)),
    ...(told.length > 0 ? { fanOutResults: { location: `s3://${resultsBucketName(naming)}/fan-outs`, stateMachineArns: told.map((workflow) => stateMachineArn(naming, workflow.name)) } } : {}),
  };
}
