/**
 * What starts a workflow and who hears how it ended, read from the stack beside its state machine: the EventBridge
 * Scheduler schedules that target it, and the statuses the EventBridge rules on "Step Functions Execution Status
 * Change" events alert on. A success matched by its output is told apart by the output itself: the fixed output of
 * the end a run reaches after its steps (SUCCEEDED), or of the end it reaches without any step (SKIPPED).
 */
import { END_STATUSES, EXECUTION_STATUS_CHANGE, STATES_EVENT_SOURCE } from '../../stacks/aws/events';
import { isStep, passed, type States } from './asl-walk';
import { blocksOf, isObject, parseJsonAttribute, refersTo, resourcesOf, stringOf, type Json, type Resource } from './stack-json';

/** A value of an event pattern (a string, or a matcher object) against a text. */
function matches(matcher: Json, text: string): boolean {
  if (typeof matcher === 'string') return matcher === text;
  if (!isObject(matcher)) return false;
  if (typeof matcher.wildcard === 'string') {
    const pattern = matcher.wildcard.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${pattern}$`, 's').test(text);
  }
  if (typeof matcher.prefix === 'string') return text.startsWith(matcher.prefix);
  if (typeof matcher.suffix === 'string') return text.endsWith(matcher.suffix);
  return false;
}

/** The fixed output of each successful end (a Pass state's `Result`), by kind of end, as the event's `output` carries it. */
function endOutputs(states: States, start: string): Record<'succeeded' | 'skipped', string[]> {
  const outputs: Record<'succeeded' | 'skipped', string[]> = { succeeded: [], skipped: [] };
  const beforeSteps = new Set(passed(states, [start]));
  for (const [name, state] of Object.entries(states)) {
    if (isStep(state) || !(state.End === true || state.Type === 'Succeed') || state.Type === 'Fail') continue;
    const output = state.Type === 'Pass' && state.Result !== undefined ? JSON.stringify(state.Result) : '';
    outputs[beforeSteps.has(name) ? 'skipped' : 'succeeded'].push(output);
  }
  return outputs;
}

/** The statuses of this state machine's executions that the stack's EventBridge rules alert on. */
export function alertsOf(stack: unknown, machine: Resource, states: States, start: string): string[] {
  const name = stringOf(machine.attributes.name);
  const isThisMachine = (value: Json) => refersTo(value, machine) || (name !== undefined && typeof value === 'string' && value.endsWith(`:stateMachine:${name}`));
  const outputs = endOutputs(states, start);
  const found = new Set<string>();
  for (const rule of resourcesOf(stack, 'aws_cloudwatch_event_rule')) {
    const pattern = parseJsonAttribute(rule.attributes.event_pattern);
    if (!isObject(pattern) || !isObject(pattern.detail)) continue;
    const listed = (field: Json, value: string) => Array.isArray(field) && field.some((entry) => matches(entry, value));
    if (!listed(pattern.source ?? [], STATES_EVENT_SOURCE) || !listed(pattern['detail-type'] ?? [], EXECUTION_STATUS_CHANGE)) continue;
    const detail = pattern.detail;
    for (const matcher of Array.isArray(detail.$or) ? detail.$or.filter(isObject) : [detail]) {
      const machines = matcher.stateMachineArn;
      if (Array.isArray(machines) && !machines.some(isThisMachine)) continue;
      const statuses = Array.isArray(matcher.status) ? matcher.status.map(String) : [...END_STATUSES];
      const output = Array.isArray(matcher.output) ? matcher.output : undefined;
      for (const status of statuses) {
        if (status !== 'SUCCEEDED') found.add(status);
        else {
          if (outputs.succeeded.some((text) => !output || output.some((entry) => matches(entry, text)))) found.add('SUCCEEDED');
          if (outputs.skipped.some((text) => !output || output.some((entry) => matches(entry, text)))) found.add('SKIPPED');
        }
      }
    }
  }
  const order = [...END_STATUSES.filter((status) => status !== 'SUCCEEDED'), 'SUCCEEDED', 'SKIPPED'];
  return [...found].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export function schedulesOf(stack: unknown, machine: Resource): string[] {
  return resourcesOf(stack, 'aws_scheduler_schedule')
    .filter((schedule) => blocksOf(schedule.attributes.target).some((target) => refersTo(target.arn, machine)))
    .map((schedule) => `${String(schedule.attributes.schedule_expression)} ${stringOf(schedule.attributes.schedule_expression_timezone) ?? 'UTC'}`);
}

