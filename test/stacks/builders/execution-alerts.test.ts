// The execution alerts' event pattern and input transformer, applied to the status change events AWS documents
// (test/fixtures/events, from "EventBridge (CloudWatch Events) for Step Functions execution status changes").
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTAINER_OVERRIDES_MAX, overridesLength, type ContainerOverride } from '../../../stacks/aws/ecs';
import { ERROR_CAUSE_MAX, ERROR_NAME_MAX } from '../../../stacks/aws/states';
import { INPUT_PATHS_MAX } from '../../../stacks/aws/events';
import { buildDefinition, CHECK_RUNNING, COMPLETED_OUTPUT, SKIPPED_MARKER, SKIPPED_OUTPUT } from '../../../stacks/builders/asl';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import type { Workflow } from '../../../stacks/config/types';
import { definitionProps, longestExecutionArn, environment, task, workflow } from '../../helpers';
import { listRunningHandler, type LocalAnswer, type LocalHandler, localStateMachine, taskStateNames } from './asl-execution';
import { ALERT_INPUT_PATHS, alertEventPattern, alertInputTemplate, skippedEventPattern, type AlertedStateMachine } from '../../../stacks/builders/execution-alerts';
import { namingFor } from '../../../stacks/builders/names';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Event = { [key: string]: Json };

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'events');
const sample = (status: string): Event => JSON.parse(fs.readFileSync(path.join(FIXTURES, `execution-${status}.json`), 'utf8')) as Event;
const SAMPLE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:state-machine';
const OTHER_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:other';

/**
 * EventBridge's matching for the parts of a pattern used here ("Creating event patterns", EventBridge User
 * Guide): a list matches a value equal to one of its items, an object matches field by field, and `$or` matches
 * when one of its patterns does.
 */
function isWildcard(item: Json): item is { wildcard: string } {
  return item !== null && typeof item === 'object' && !Array.isArray(item) && typeof item.wildcard === 'string';
}

/** `*` for any characters, everything else literally. */
function wildcard(text: string): RegExp {
  return new RegExp(`^${text.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
}

function matches(pattern: Json, value: Json | undefined): boolean {
  if (Array.isArray(pattern)) return pattern.some((item) => (isWildcard(item) ? typeof value === 'string' && wildcard(item.wildcard).test(value) : item === value));
  if (pattern === null || typeof pattern !== 'object') return false;
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') return Array.isArray(sub) && sub.some((alternative) => matches(alternative, value));
    const field = value !== null && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
    return matches(sub, field);
  });
}

/**
 * EventBridge's input transformation of a JSON template whose placeholders are inside strings ("Amazon
 * EventBridge input transformation", EventBridge User Guide): the value's text, JSON-escaped; a string value
 * without its quotes, a missing path as an empty string, null as "null".
 */
function transform(event: Event, paths: Readonly<Record<string, string>>, template: string): unknown {
  const read = (jsonPath: string): Json | undefined =>
    jsonPath.replace(/^\$\./, '').split('.').reduce<Json | undefined>((at, key) => (at !== null && typeof at === 'object' && !Array.isArray(at) ? at[key] : undefined), event);
  const text = template.replace(/<([A-Za-z0-9_]+)>/g, (_, name: string) => {
    const value = read(paths[name]);
    const raw = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    return JSON.stringify(raw).slice(1, -1);
  });
  return JSON.parse(text);
}

const TEMPLATE = alertInputTemplate({ containerName: 'main', stateMachinePrefix: 'wf-dev-', region: 'us-east-1' });
const environmentOf = (overrides: unknown): Record<string, string> => {
  const [container] = (overrides as { containerOverrides: ContainerOverride[] }).containerOverrides;
  return Object.fromEntries(container.environment.map((entry) => [entry.name, entry.value]));
};

describe('alertEventPattern', () => {
  const machines = (notifyOnSuccess: boolean): AlertedStateMachine[] => [{ stateMachineArn: SAMPLE_MACHINE, notifyOnSuccess }, { stateMachineArn: OTHER_MACHINE, notifyOnSuccess: false }];

  it.each(['failed', 'timed-out', 'aborted'])('GIVEN the documented %s event of an own state machine THEN the rule matches it', (status) => {
    expect(matches(alertEventPattern(machines(false)) as Json, sample(status))).toBe(true);
  });

  it('GIVEN the documented succeeded event with the completion output THEN the rule matches it only when the workflow notifies on success', () => {
    const completed = sample('succeeded');
    completed.detail = { ...(completed.detail as Record<string, Json>), output: JSON.stringify(COMPLETED_OUTPUT) };
    expect(matches(alertEventPattern(machines(false)) as Json, completed)).toBe(false);
    expect(matches(alertEventPattern(machines(true)) as Json, completed)).toBe(true);
  });

  it('GIVEN the documented succeeded event with an output that is not the definition’s (no run of ours ends so) THEN the rule does not match it', () => {
    expect(matches(alertEventPattern(machines(true)) as Json, sample('succeeded'))).toBe(false);
  });

  it('GIVEN a failure of a state machine of another environment THEN the rule does not match it', () => {
    const pattern = alertEventPattern([{ stateMachineArn: OTHER_MACHINE, notifyOnSuccess: true }]) as Json;
    expect(matches(pattern, sample('failed'))).toBe(false);
    expect(matches(pattern, sample('succeeded'))).toBe(false);
  });

  it('GIVEN a running execution (started or redriven) THEN the rule does not match it', () => {
    const running = sample('failed');
    running.detail = { ...(running.detail as Record<string, Json>), status: 'RUNNING' };
    expect(matches(alertEventPattern(machines(true)) as Json, running)).toBe(false);
  });
});

describe('skippedEventPattern', () => {
  const withOutput = (output: Json): Event => {
    const event = sample('succeeded');
    return { ...event, detail: { ...(event.detail as Record<string, Json>), output } };
  };

  it('GIVEN the documented succeeded event with the skip output THEN the skipped-runs rule matches it', () => {
    expect(matches(skippedEventPattern([SAMPLE_MACHINE]) as Json, withOutput(JSON.stringify(SKIPPED_OUTPUT)))).toBe(true);
  });

  it('GIVEN a run that succeeded with its own output, or a skip of another state machine THEN it does not', () => {
    expect(matches(skippedEventPattern([SAMPLE_MACHINE]) as Json, sample('succeeded'))).toBe(false);
    expect(matches(skippedEventPattern([OTHER_MACHINE]) as Json, withOutput(JSON.stringify(SKIPPED_OUTPUT)))).toBe(false);
  });

  it('GIVEN the skip template THEN the notifier is told SKIPPED with a text, whatever the event status', () => {
    const template = alertInputTemplate({ containerName: 'main', stateMachinePrefix: 'wf-dev-', region: 'us-east-1', fixed: { status: 'SKIPPED', text: 'skipped' } });
    expect(environmentOf(transform(withOutput(JSON.stringify(SKIPPED_OUTPUT)), ALERT_INPUT_PATHS, template))).toMatchObject({ NOTIFY_STATUS: 'SKIPPED', NOTIFY_TEXT: 'skipped' });
  });
});

describe('alertInputTemplate with ALERT_INPUT_PATHS', () => {
  it('GIVEN the template THEN it is JSON, uses fewer variables than EventBridge allows, and each placeholder is one of them', () => {
    expect(Object.keys(ALERT_INPUT_PATHS).length).toBeLessThanOrEqual(INPUT_PATHS_MAX);
    expect(JSON.parse(TEMPLATE)).toEqual({ containerOverrides: [expect.objectContaining({ name: 'main' })] });
    for (const [, name] of TEMPLATE.matchAll(/<([A-Za-z0-9_]+)>/g)) expect(Object.keys(ALERT_INPUT_PATHS)).toContain(name);
  });

  it('GIVEN the documented failed event THEN the notifier gets the status, execution, error and redrive count', () => {
    expect(environmentOf(transform(sample('failed'), ALERT_INPUT_PATHS, TEMPLATE))).toEqual({
      NOTIFY_STATUS: 'FAILED',
      EXECUTION_ARN: 'arn:aws:states:us-east-1:123456789012:execution:state-machine-name:execution-name',
      ERROR: 'States.TaskFailed',
      REDRIVE_COUNT: '0',
      STATE_MACHINE_PREFIX: 'wf-dev-',
      NOTIFY_DESCRIBE_EXECUTION: 'true',
      AWS_REGION: 'us-east-1',
    });
  });

  it.each([
    ['timed-out', 'TIMED_OUT', 'States.Timeout'],
    ['aborted', 'ABORTED', 'null'],
    ['succeeded', 'SUCCEEDED', 'null'],
  ])('GIVEN the documented %s event THEN the status is %s and the error %s', (file, status, error) => {
    const environment = environmentOf(transform(sample(file), ALERT_INPUT_PATHS, TEMPLATE));
    expect([environment.NOTIFY_STATUS, environment.ERROR]).toEqual([status, error]);
  });

  it('GIVEN an event without the redrive fields THEN the overrides are still valid JSON with an empty count', () => {
    const event = sample('failed');
    const detail = { ...(event.detail as Record<string, Json>) };
    delete detail.redriveCount;
    expect(environmentOf(transform({ ...event, detail }, ALERT_INPUT_PATHS, TEMPLATE)).REDRIVE_COUNT).toBe('');
  });

  it('GIVEN the longest execution ARN, an error of quotes and a maximal cause THEN the overrides stay within what ECS accepts (rule ecs.overrides-size)', () => {
    const event = sample('failed');
    const longestPrefix = `${'p'.repeat(12)}-${'e'.repeat(12)}-`;
    event.detail = {
      ...(event.detail as Record<string, Json>),
      executionArn: longestExecutionArn(namingFor({ project: 'p'.repeat(12), name: 'e'.repeat(12), accountId: '123456789012', region: 'ap-southeast-2' })),
      error: '"'.repeat(ERROR_NAME_MAX),
      cause: '"'.repeat(ERROR_CAUSE_MAX),
      redriveCount: 999_999_999,
    };
    const template = alertInputTemplate({ containerName: 'main', stateMachinePrefix: longestPrefix, region: 'ap-southeast-2' });
    const overrides = transform(event, ALERT_INPUT_PATHS, template) as { containerOverrides: ContainerOverride[] };
    expect(environmentOf(overrides).ERROR).toBe('"'.repeat(ERROR_NAME_MAX));
    expect(overridesLength(overrides.containerOverrides)).toBeLessThanOrEqual(CONTAINER_OVERRIDES_MAX);
  });
});

describe('exactly one message per execution end (outputs from real local executions of the definition)', () => {
  const [env] = resolveEnvironments([environment({ workflows: [workflow('w', { steps: [task('task1')], notifyOnSuccess: true, schedule: { expression: 'rate(1 hour)' } })] })]);
  const self = 'arn:aws:states:us-east-1:123456789012:execution:state-machine:run-1';

  /** The output of one run of the workflow's real definition on `input`, with `olderRunning` older executions running. */
  async function outputOf(input: LocalAnswer, olderRunning: number): Promise<string> {
    const definition = buildDefinition(definitionProps(env, env.workflows[0] as Workflow));
    const older = Array.from({ length: olderRunning }, (_, index) => ({ executionArn: `${self}-older-${index}`, startedAt: index }));
    const handlers: Record<string, LocalHandler> = Object.fromEntries(taskStateNames(definition).map((name) => [name, async () => ({ taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/wf/1' })]));
    handlers[CHECK_RUNNING] = listRunningHandler([...older, { executionArn: self, startedAt: olderRunning }]);
    const result = await localStateMachine(definition).run(input, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: { Execution: { Id: self, Input: input, Name: 'run-1' }, StateMachine: { Id: SAMPLE_MACHINE, Name: 'state-machine' } },
    }).result;
    return JSON.stringify(result);
  }

  /** The rules of the environment that an end event of this output matches. */
  const matchingRules = (output: string): string[] => {
    const event = sample('succeeded');
    event.detail = { ...(event.detail as Record<string, Json>), output };
    const rules: [string, unknown][] = [
      ['alert', alertEventPattern([{ stateMachineArn: SAMPLE_MACHINE, notifyOnSuccess: true }])],
      ['skipped', skippedEventPattern([SAMPLE_MACHINE])],
    ];
    return rules.filter(([, pattern]) => matches(pattern as Json, event)).map(([name]) => name);
  };

  it('GIVEN a skipped run of a workflow with notifyOnSuccess THEN exactly one message: SKIPPED', async () => {
    expect(matchingRules(await outputOf({ date: '2026-11-29' }, 1))).toEqual(['skipped']);
  });

  it('GIVEN a run whose input holds the skip marker text THEN exactly one message: SUCCEEDED', async () => {
    expect(matchingRules(await outputOf({ note: `${SKIPPED_MARKER}`, skipped: true }, 0))).toEqual(['alert']);
  });

  it('GIVEN a run whose input looks like the completion output THEN a skip is still told as SKIPPED only', async () => {
    expect(matchingRules(await outputOf(COMPLETED_OUTPUT, 1))).toEqual(['skipped']);
  });
});
