/** AWS Step Functions limits and contracts. */
import type { AwsRule } from './rule';

/** Longest state machine name, and longest execution name. */
export const STATES_NAME_MAX = 80;
/** Longest state name inside a definition. */
export const STATE_NAME_MAX = 80;
/** Largest state machine definition, in bytes of UTF-8 (1 MB, a hard quota). */
export const DEFINITION_MAX_BYTES = 1_048_576;
/** Largest execution input (and state input or output), in bytes of UTF-8. */
export const PAYLOAD_MAX_BYTES = 262_144;
/** Longest error name and longest error cause a failed task reports. */
export const ERROR_NAME_MAX = 256;
export const ERROR_CAUSE_MAX = 32_768;
/** The error an `ecs:runTask.sync` state fails with when its task's essential container exits non-zero (rule states.run-task-sync). */
export const TASK_FAILED_ERROR = 'States.TaskFailed';
/** Most iterations an Inline Map state runs at a time. */
export const INLINE_MAP_CONCURRENCY_MAX = 40;
/** Most child executions a Distributed Map state runs at a time. */
export const DISTRIBUTED_MAP_CONCURRENCY_MAX = 10_000;
/** Most events in one execution's history: an Inline Map's iterations are written into it. */
export const EXECUTION_HISTORY_EVENTS_MAX = 25_000;
/** Longest a Standard workflow execution runs: one year, in seconds. */
export const EXECUTION_DURATION_MAX_SECONDS = 31_536_000;

/** A running execution, as the tests' ListExecutions answers list it. */
export interface RunningExecution {
  readonly executionArn: string;
  /** When it started, in epoch milliseconds. */
  readonly startedAt: number;
}

/**
 * What a state calling `aws-sdk:sfn:listExecutions` with `StatusFilter: RUNNING` gets: the running executions,
 * most recent first, at most `maxResults` (rule states.list-executions), with the API's field names in PascalCase
 * (rule states.sdk-output-case).
 */
export function listExecutionsOutput(running: readonly RunningExecution[], maxResults: number): { Executions: { ExecutionArn: string; StartDate: string; Status: 'RUNNING' }[] } {
  const newestFirst = [...running].sort((a, b) => b.startedAt - a.startedAt).slice(0, maxResults);
  return { Executions: newestFirst.map((execution) => ({ ExecutionArn: execution.executionArn, StartDate: new Date(execution.startedAt).toISOString(), Status: 'RUNNING' })) };
}

/** A Map Run of a Distributed Map state, as the tests' ListMapRuns and DescribeMapRun answers give it. */
export interface MapRun {
  readonly stateMachineName: string;
  /** The Map state's name, which labels its Map Runs. */
  readonly label: string;
  readonly id: string;
  readonly succeeded: number;
  readonly failed: number;
}

/** `arn:...:mapRun:<state machine>/<label>:<id>` (rule states.map-run-api). */
export function mapRunArn(executionArn: string, run: MapRun): string {
  const [, partition, , region, account] = executionArn.split(':');
  return `arn:${partition}:states:${region}:${account}:mapRun:${run.stateMachineName}/${run.label}:${run.id}`;
}

/** What ListMapRuns answers for an execution (rule states.map-run-api): its Map Runs, camelCase as the API's JSON. */
export function listMapRunsOutput(executionArn: string, runs: readonly MapRun[]): { mapRuns: { executionArn: string; mapRunArn: string; stateMachineArn: string; startDate: number }[] } {
  return {
    mapRuns: runs.map((run) => ({
      executionArn,
      mapRunArn: mapRunArn(executionArn, run),
      stateMachineArn: `${executionArn.split(':execution:')[0]}:stateMachine:${run.stateMachineName}/${run.label}`,
      startDate: 1_764_406_800,
    })),
  };
}

/** What DescribeMapRun answers for a finished Map Run (rule states.map-run-api): its item counts. */
export function describeMapRunOutput(executionArn: string, run: MapRun): Record<string, unknown> {
  const total = run.succeeded + run.failed;
  return {
    mapRunArn: mapRunArn(executionArn, run),
    executionArn,
    status: 'SUCCEEDED',
    itemCounts: { pending: 0, running: 0, succeeded: run.succeeded, failed: run.failed, timedOut: 0, aborted: 0, total, resultsWritten: total },
    executionCounts: { pending: 0, running: 0, succeeded: run.succeeded, failed: run.failed, timedOut: 0, aborted: 0, total, resultsWritten: total },
  };
}

export const STATES_RULES: readonly AwsRule[] = [
  {
    id: 'states.name-length',
    rule: `A state machine name and an execution name are each 1 to ${STATES_NAME_MAX} characters.`,
    source: 'Step Functions service quotas (Step Functions Developer Guide)',
  },
  {
    id: 'states.state-name-length',
    rule: `A state name is 1 to ${STATE_NAME_MAX} characters.`,
    source: 'StateEnteredEventDetails (Step Functions API Reference)',
  },
  {
    id: 'states.definition-size',
    rule: `A state machine definition is at most 1 MB (${DEFINITION_MAX_BYTES.toLocaleString('en-US')} bytes).`,
    source: 'Step Functions service quotas (Step Functions Developer Guide)',
  },
  {
    id: 'states.payload-size',
    rule: `An execution input, like any state input or output, is at most ${PAYLOAD_MAX_BYTES.toLocaleString('en-US')} bytes of UTF-8.`,
    source: 'Step Functions service quotas (Step Functions Developer Guide)',
  },
  {
    id: 'states.error-length',
    rule: `A failed task reports an error name of at most ${ERROR_NAME_MAX} characters and a cause of at most ${ERROR_CAUSE_MAX.toLocaleString('en-US')}.`,
    source: 'TaskFailedEventDetails (Step Functions API Reference)',
  },
  {
    id: 'states.execution-duration',
    rule: `A Standard workflow execution runs at most one year (${EXECUTION_DURATION_MAX_SECONDS.toLocaleString('en-US')} seconds); a state machine's TimeoutSeconds ends it earlier with status TIMED_OUT.`,
    source: 'Step Functions service quotas (Step Functions Developer Guide)',
  },
  {
    id: 'states.redrive-from-failed-state',
    rule: 'A redriven execution restarts at the state that did not succeed, with the same input and the results of the states before it; in a Parallel state only the failed branches run again; an execution that ended in a Fail state it reached on purpose is redriven into that Fail state.',
    source: 'Restarting state machine executions with redrive in Step Functions (Step Functions Developer Guide)',
  },
  {
    id: 'states.list-executions',
    rule: 'ListExecutions with a stateMachineArn and statusFilter RUNNING lists that state machine\'s running executions, the calling one included, most recent first, at most maxResults (up to 1000); its results are eventually consistent; the caller needs states:ListExecutions on the state machine ARN.',
    source: 'ListExecutions ("Results are sorted by time, with the most recent execution first"; Step Functions API Reference)',
  },
  {
    id: 'states.map-run-api',
    rule: 'ListMapRuns (on the execution) lists an execution\'s Map Runs; DescribeMapRun (on the Map Run, arn:...:mapRun:<state machine>/<label>:<id>, the label being the Map state\'s name) gives its itemCounts: succeeded, failed, total and more.',
    source: 'ListMapRuns; DescribeMapRun; MapRunItemCounts (Step Functions API Reference); Actions, resources and condition keys for AWS Step Functions (Service Authorization Reference)',
  },
  {
    id: 'states.sdk-output-case',
    rule: 'An AWS SDK integration returns the API\'s response with its field names in PascalCase (Executions, ExecutionArn), as its parameters are given.',
    source: 'Learning to use AWS service SDK integrations in Step Functions (Step Functions Developer Guide)',
  },
  {
    id: 'states.distributed-map-child-context',
    rule: 'A Distributed Map state runs each item (or batch) in a child workflow execution of its own; inside it the context object\'s Execution (Id, Input, Name) is the child execution\'s, and the item reaches it through the ItemSelector.',
    source: 'Using Map state in Distributed mode; Context object (Step Functions Developer Guide)',
  },
  {
    id: 'states.map-run-redrive-permissions',
    rule: 'Redriving a workflow whose Distributed Map Run failed redrives the Map Run\'s unsuccessful child executions; the state machine role needs states:RedriveExecution on its child executions (execution:<state machine>/<map run>:*).',
    source: 'Redriving Map Runs in Step Functions executions; IAM policies for redriving Map Runs (Step Functions Developer Guide)',
  },
  {
    id: 'states.result-path-object',
    rule: 'A ResultPath below $ (such as $.failure) needs a JSON object as the state input, else the state fails with States.ResultPathMatchFailure; no ResultPath, the same as $, replaces the whole input.',
    source: 'Handling errors in Step Functions workflows (Step Functions Developer Guide)',
  },
  {
    id: 'states.run-task-sync',
    rule: 'A Task state with arn:aws:states:::ecs:runTask.sync starts the task and waits until it stops: a task whose essential container exits non-zero fails the state with States.TaskFailed at once; when the state times out or the execution is stopped or times out, Step Functions stops the task (ecs:StopTask). The role needs ecs:RunTask, ecs:StopTask and ecs:DescribeTasks, and events:PutTargets, events:PutRule and events:DescribeRule on the rule StepFunctionsGetEventsForECSTaskRule.',
    source: 'Discover service integration patterns in Step Functions, Run a Job (.sync); Run Amazon ECS or Fargate tasks with Step Functions; IAM policies for Amazon ECS/AWS Fargate (Step Functions Developer Guide)',
  },
  {
    id: 'states.sdk-s3-get-object-body',
    rule: 'arn:aws:states:::aws-sdk:s3:getObject returns the object data as the string Body, which States.StringToJson in a ResultSelector parses; the state result counts against the payload size quota.',
    source: 'localstack/localstack issue 10787 (the Body of a getObject task parsed with States.StringToJson in ResultSelector, as on AWS); Learning to use AWS service SDK integrations in Step Functions and Intrinsic functions (Step Functions Developer Guide)',
  },
  {
    id: 'states.item-reader-json',
    rule: 'A Distributed Map state reads its items from one S3 object with ItemReader { Resource: arn:aws:states:::s3:getObject, ReaderConfig: { InputType: JSON }, Parameters: { Bucket, Key } }: the object is a JSON array whose elements are the items (no ItemsPath); the role needs s3:GetObject on the object (and kms:Decrypt for an SSE-KMS object).',
    source: 'ItemReader (Map) (Step Functions Developer Guide); IAM policies for using Distributed Map states (Step Functions Developer Guide)',
  },
  {
    id: 'states.unique-state-names',
    rule: 'State names are unique across the whole state machine, states inside Parallel branches and Map item processors included.',
    source: 'Amazon States Language specification (states-language.net); State machine structure in Amazon States Language (Step Functions Developer Guide)',
  },
  {
    id: 'states.inline-map-concurrency',
    rule: `A Map state in Inline mode runs at most ${INLINE_MAP_CONCURRENCY_MAX} iterations at a time and writes every iteration's events into the execution's history, which holds at most ${EXECUTION_HISTORY_EVENTS_MAX.toLocaleString('en-US')} events; Distributed mode runs each item as a child execution with its own history, up to ${DISTRIBUTED_MAP_CONCURRENCY_MAX.toLocaleString('en-US')} at a time.`,
    source: 'Using Map state in Inline mode in Step Functions workflows; Using Map state in Distributed mode for large-scale parallel workloads in Step Functions (Step Functions Developer Guide)',
  },
  {
    id: 'states.tolerated-failure-distributed',
    rule: 'ToleratedFailurePercentage (the share of failed items a Map state accepts before it fails) applies to a Map state in Distributed mode only; an Inline Map state fails when any iteration fails.',
    source: 'Using Map state in Distributed mode for large-scale parallel workloads in Step Functions (Step Functions Developer Guide)',
  },
  {
    id: 'states.distributed-map-permissions',
    rule: 'A state machine with a Distributed Map state needs states:StartExecution on itself, and states:DescribeExecution and states:StopExecution on its executions, to run the child workflow executions.',
    source: 'IAM policies for using Distributed Map states (Step Functions Developer Guide)',
  },
];

/** Bytes of a string in UTF-8, the unit of the Step Functions size quotas. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Undefined when a state name is allowed (`states.state-name-length`), else what is wrong. */
export function stateNameProblem(name: string): string | undefined {
  if (name.length >= 1 && name.length <= STATE_NAME_MAX) return undefined;
  return `state name "${name}" is ${name.length} characters; Step Functions allows 1 to ${STATE_NAME_MAX}`;
}

/** Undefined when a definition's JSON fits (`states.definition-size`), else what is wrong. */
export function definitionSizeProblem(definitionJson: string): string | undefined {
  const bytes = utf8Bytes(definitionJson);
  if (bytes <= DEFINITION_MAX_BYTES) return undefined;
  return `the state machine definition is ${bytes.toLocaleString('en-US')} bytes; Step Functions allows ${DEFINITION_MAX_BYTES.toLocaleString('en-US')}`;
}

/** Undefined when an execution input's JSON fits (`states.payload-size`), else what is wrong. */
export function executionInputProblem(inputJson: string): string | undefined {
  const bytes = utf8Bytes(inputJson);
  if (bytes <= PAYLOAD_MAX_BYTES) return undefined;
  return `the execution input is ${bytes.toLocaleString('en-US')} bytes; Step Functions allows ${PAYLOAD_MAX_BYTES.toLocaleString('en-US')}`;
}
