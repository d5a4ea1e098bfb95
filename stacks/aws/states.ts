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
/** Longest a Standard workflow execution runs: one year, in seconds. */
export const EXECUTION_DURATION_MAX_SECONDS = 31_536_000;

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
    rule: 'ListExecutions with a stateMachineArn and statusFilter RUNNING lists that state machine\'s running executions, the calling one included; its results are eventually consistent; the caller needs states:ListExecutions on the state machine ARN.',
    source: 'ListExecutions (Step Functions API Reference)',
  },
  {
    id: 'states.result-path-object',
    rule: 'A ResultPath below $ (such as $.failure) needs a JSON object as the state input, else the state fails with States.ResultPathMatchFailure; no ResultPath, the same as $, replaces the whole input.',
    source: 'Handling errors in Step Functions workflows (Step Functions Developer Guide)',
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
