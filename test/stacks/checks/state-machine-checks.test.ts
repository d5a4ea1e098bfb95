// The rendered state machines and schedules against the Step Functions and ECS limits, checked before anything is written.
import { allStates, COMPLETED, type StateMachineDefinition } from '../../../stacks/builders/asl';
import { CONTAINER_OVERRIDES_MAX } from '../../../stacks/aws/ecs';
import { DEFINITION_MAX_BYTES, EXECUTION_DURATION_MAX_SECONDS, STATE_NAME_MAX } from '../../../stacks/aws/states';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import type { EnvironmentInput, WorkflowInput } from '../../../stacks/config/types';
import { longestExecutionArn, longestOverrides, stateMachineProblems } from '../../../stacks/checks/state-machine-checks';
import { longestValue } from '../../../stacks/checks/references';
import type { RenderedStack } from '../../../stacks/checks/rendered';
import { configProblems, definitionFor, environment, keyOf, renderedStacks, task, workflow } from '../../helpers';

const problemsOf = (...workflows: WorkflowInput[]): string[] => configProblems([environment({ workflows })]).map((line) => line.replace(/^ {2}- /, ''));

function resolved(input: WorkflowInput, extra: Partial<EnvironmentInput> = {}) {
  const [env] = resolveEnvironments([environment({ ...extra, workflows: [input] })]);
  return { env, workflow: env.workflows[0] };
}

/** The rendered stack of one workflow, and its state machine's definition as rendered (references left as they are). */
function rendered(input: WorkflowInput, extra: Partial<EnvironmentInput> = {}): { stack: RenderedStack; key: string; definition: StateMachineDefinition } {
  const [stack] = renderedStacks([environment({ ...extra, workflows: [input] })]);
  const [key, machine] = Object.entries(stack.json.resource?.aws_sfn_state_machine ?? {})[0];
  return { stack, key, definition: JSON.parse(String(machine.definition)) as StateMachineDefinition };
}

/** A schedule input of 200 object keys, about 9.8 KB: more than the container overrides can hold. */
const OBJECT_KEYS = { keys: Array.from({ length: 200 }, (_, i) => `exports/daily/2026-11-29/order-part-${String(i).padStart(5, '0')}.json`) };
const daily = (input: Record<string, unknown>) => ({ expression: 'cron(0 9 * * ? *)', input });

describe('the execution ARN at its longest', () => {
  it('GIVEN any stack THEN it holds a state machine name and an execution name of 80 characters each (rule states.name-length)', () => {
    const { stack } = rendered(workflow('w'));
    expect(longestExecutionArn(stack)).toBe(`arn:aws:states:ap-northeast-1:123456789012:execution:${'m'.repeat(80)}:${'e'.repeat(80)}`);
  });
});

describe('container overrides (ecs.overrides-size)', () => {
  it('GIVEN a 9.8 KB schedule input THEN no step carries it, and the workflow is valid', () => {
    expect(JSON.stringify(OBJECT_KEYS).length).toBe(9_810);
    expect(problemsOf(workflow('w', { schedule: daily(OBJECT_KEYS) }))).toEqual([]);
  });

  it('GIVEN the same input and a step that asks for it THEN that step is reported, with what to do', () => {
    const lines = problemsOf(workflow('w', { steps: [task('extract'), task('load', { passExecutionInput: true })], schedule: daily(OBJECT_KEYS) }));
    expect(lines).toEqual([
      expect.stringMatching(
        /^environments\[0=dev\]\.workflows\[0=w\]\.steps\[1=load\]\.name: state load: its container overrides can reach [\d,]+ characters; ECS allows 8,192 with the schedule input as EXECUTION_INPUT: pass a smaller input, or set passExecutionInput to false \(got "load"\)$/,
      ),
    ]);
  });

  it('GIVEN a step that asks for the input THEN the largest schedule input that fits passes and one more character fails', () => {
    const withInput = (length: number) => workflow('w', { steps: [task('load', { passExecutionInput: true })], schedule: daily({ data: 'x'.repeat(length) }) });
    // the room left for the input is what the rendered state's overrides hold without it
    const { stack, key } = rendered(withInput(0));
    const room = CONTAINER_OVERRIDES_MAX - (longestOverrides(stack, key).get('load') ?? Infinity);
    expect(room).toBeGreaterThan(7_000);

    expect(problemsOf(withInput(room))).toEqual([]);
    expect(problemsOf(withInput(room + 1))).toEqual([expect.stringMatching(/steps\[0=load\]\.name: state load: its container overrides can reach 8,193 characters/)]);
  });

  it('GIVEN a step on Fargate Spot that asks for the input THEN its run state is measured and the step named', () => {
    const lines = problemsOf(workflow('w', { steps: [task('load', { passExecutionInput: true, capacity: 'FARGATE_SPOT' })], schedule: daily(OBJECT_KEYS) }));
    expect(lines).toEqual([expect.stringMatching(/^environments\[0=dev\]\.workflows\[0=w\]\.steps\[0=load\]\.name: state .*load.*: its container overrides can reach/)]);
  });

  it('GIVEN a parallel group whose second task asks for the input THEN the task in the group is named', () => {
    const lines = problemsOf(workflow('w', { steps: [{ name: 'g', parallel: [task('a'), task('b', { passExecutionInput: true })] }], schedule: daily(OBJECT_KEYS) }));
    expect(lines).toEqual([expect.stringMatching(/^environments\[0=dev\]\.workflows\[0=w\]\.steps\[0=g\]\.parallel\[1=b\]\.name: state b: its container overrides/)]);
  });

  it('GIVEN a workflow THEN no state runs the notifier and none catches: the definition is its steps, then the completion', () => {
    const { definition } = rendered(workflow('w', { steps: [task('a'), { name: 'g', parallel: [task('b'), task('c')] }], notifyOnSuccess: true }));
    expect(Object.keys(definition.States).sort()).toEqual(['a', 'g', COMPLETED].sort());
    expect(Object.values(definition.States).some((state) => 'Catch' in state)).toBe(false);
    expect(problemsOf(workflow('w', { steps: [task('a'), { name: 'g', parallel: [task('b'), task('c')] }], notifyOnSuccess: true }))).toEqual([]);
  });

  it('GIVEN a workflow of the longest names THEN every overrides fit with an execution ARN at its longest', () => {
    // role names <prefix>-<workflow>-<task>-exec at their 64-character limit
    const input = workflow('w'.repeat(16), { steps: [task('t'.repeat(16)), { name: 'g'.repeat(32), parallel: [task('a'.repeat(16)), task('b'.repeat(16))] }] });
    expect(configProblems([environment({ name: 'e'.repeat(12), project: 'p'.repeat(12), workflows: [input] })])).toEqual([]);
  });
});

describe('state names (states.state-name-length)', () => {
  it('GIVEN the longest step names the configuration allows THEN every rendered state name is within 80 characters', () => {
    const input = workflow('w', { steps: [task('t'.repeat(32), { capacity: 'FARGATE_SPOT' }), { name: 'g'.repeat(32), parallel: [task('a'.repeat(32)), task('b'.repeat(32))] }] });
    const { definition } = rendered(input);
    const names = allStates(definition).map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['a'.repeat(32), 'b'.repeat(32)]));
    expect(Math.max(...names.map((name) => name.length))).toBeLessThanOrEqual(STATE_NAME_MAX);
    expect(problemsOf(input)).toEqual([]);
  });
});

describe('definition size (states.definition-size)', () => {
  /** The stack with its state machine's Comment made `length` characters long: the definition grows by exactly that. */
  function withComment(stack: RenderedStack, key: string, length: number): RenderedStack {
    const machines = stack.json.resource?.aws_sfn_state_machine ?? {};
    const definition = { ...(JSON.parse(String(machines[key].definition)) as Record<string, unknown>), Comment: 'c'.repeat(length) };
    const resource = { ...stack.json.resource, aws_sfn_state_machine: { ...machines, [key]: { ...machines[key], definition: JSON.stringify(definition) } } };
    return { ...stack, json: { ...stack.json, resource } };
  }

  it('GIVEN a definition of exactly 1,048,576 bytes with every reference at its longest THEN it passes; one byte more THEN the workflow steps are reported', () => {
    const { stack, key } = rendered(workflow('w'));
    const bytes = (length: number) => Buffer.byteLength(longestValue(stack, String(withComment(stack, key, length).json.resource?.aws_sfn_state_machine?.[key].definition)));
    const room = DEFINITION_MAX_BYTES - bytes(0);
    expect(bytes(room)).toBe(DEFINITION_MAX_BYTES);
    expect(stateMachineProblems([withComment(stack, key, room)])).toEqual([]);
    expect(stateMachineProblems([withComment(stack, key, room + 1)])).toEqual([
      { path: [0, 'workflows', 0, 'steps'], value: '2 steps', message: 'makes a definition too large: the state machine definition is 1,048,577 bytes; Step Functions allows 1,048,576' },
    ]);
  });
});

describe('schedule input (states.payload-size)', () => {
  it('GIVEN a schedule input of exactly 262,144 bytes THEN it passes', () => {
    const input = { data: 'x'.repeat(262_144 - '{"data":""}'.length) };
    expect(JSON.stringify(input).length).toBe(262_144);
    expect(problemsOf(workflow('w', { schedule: daily(input) }))).toEqual([]);
  });

  it('GIVEN one byte more THEN the schedule input is reported', () => {
    const input = { data: 'x'.repeat(262_145 - '{"data":""}'.length) };
    expect(problemsOf(workflow('w', { schedule: daily(input) }))).toEqual([
      expect.stringMatching(/^environments\[0=dev\]\.workflows\[0=w\]\.schedule\.input: the execution input is 262,145 bytes; Step Functions allows 262,144/),
    ]);
  });
});

describe('the whole execution’s time-out (rule states.execution-duration)', () => {
  it('GIVEN default steps THEN TimeoutSeconds is what the steps can take: each attempt to its time-out and each retry’s longest wait, a parallel group by its longest task', () => {
    const input = workflow('w', {
      steps: [
        task('a', { timeoutSeconds: 600, retry: { taskFailureRetries: 1, capacityRetries: 2, maxDelaySeconds: 30 } }),
        { name: 'g', parallel: [task('b', { timeoutSeconds: 100, retry: { capacityRetries: 0 } }), task('c', { timeoutSeconds: 300, retry: { capacityRetries: 0 } })] },
      ],
    });
    // a: 2 attempts x 600 s + 3 retries x 30 s; g: its longest task, c, 300 s
    expect(rendered(input).definition.TimeoutSeconds).toBe(2 * 600 + 3 * 30 + 300);
  });

  it('GIVEN a workflow timeoutSeconds THEN it is the TimeoutSeconds', () => {
    const { env, workflow: config } = resolved(workflow('w', { timeoutSeconds: 7200 }));
    expect(definitionFor(env, config).TimeoutSeconds).toBe(7200);
  });

  it('GIVEN steps that could take more than a year THEN TimeoutSeconds is the year a Standard execution may run', () => {
    const steps = Array.from({ length: 12 }, (_, i) => task(`t${i}`, { timeoutSeconds: 31_536_000 }));
    const { env, workflow: config } = resolved(workflow('w', { steps }));
    expect(definitionFor(env, config).TimeoutSeconds).toBe(EXECUTION_DURATION_MAX_SECONDS);
  });

  it('GIVEN a timeoutSeconds under a minute, over a year or not whole THEN validation refuses it, naming the field', () => {
    expect(problemsOf(workflow('w', { timeoutSeconds: 59 }))).toEqual([expect.stringMatching(/^environments\[0=dev\]\.workflows\[0=w\]\.timeoutSeconds: .*\(got 59\)$/)]);
    expect(problemsOf(workflow('w', { timeoutSeconds: EXECUTION_DURATION_MAX_SECONDS + 1 }))).toEqual([expect.stringMatching(/timeoutSeconds/)]);
    expect(problemsOf(workflow('w', { timeoutSeconds: 90.5 }))).toEqual([expect.stringMatching(/timeoutSeconds/)]);
    expect(problemsOf(workflow('w', { timeoutSeconds: 60 }))).toEqual([]);
  });
});

describe('the key of a rendered resource', () => {
  it('GIVEN the default stack THEN its state machine is found by name', () => {
    const { stack, key } = rendered(workflow('w'));
    expect(keyOf(stack, 'aws_sfn_state_machine', 'name', 'wf-dev-w')).toBe(key);
  });
});
