// A workflow's state machine against the Step Functions and ECS limits, checked by validation.
import { buildDefinition, COMPLETED } from '../../../stacks/builders/asl';
import { CONTAINER_OVERRIDES_MAX } from '../../../stacks/aws/ecs';
import { EXECUTION_DURATION_MAX_SECONDS, STATE_NAME_MAX } from '../../../stacks/aws/states';
import { ConfigError } from '../../../stacks/config/errors';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import type { EnvironmentInput, WorkflowInput } from '../../../stacks/config/types';
import { namingFor } from '../../../stacks/builders/names';
import { definitionProps, longestExecutionArn, longestOverrides, runTimeValues, workflowLimitProblems } from '../../../stacks/checks/workflow-limits';
import { environment, task, workflow } from '../../helpers';

function problemsOf(...workflows: WorkflowInput[]): string[] {
  try {
    resolveEnvironments([environment({ workflows })]);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n').slice(1).map((line) => line.replace(/^ {2}- /, ''));
    throw error;
  }
  return [];
}

function resolved(input: WorkflowInput, extra: Partial<EnvironmentInput> = {}) {
  const [env] = resolveEnvironments([environment({ ...extra, workflows: [input] })]);
  return { env, workflow: env.workflows[0] };
}

/** A schedule input of 200 object keys, about 9.8 KB: more than the container overrides can hold. */
const OBJECT_KEYS = { keys: Array.from({ length: 200 }, (_, i) => `exports/daily/2026-11-29/order-part-${String(i).padStart(5, '0')}.json`) };
const daily = (input: Record<string, unknown>) => ({ expression: 'cron(0 9 * * ? *)', input });

describe('the execution ARN at its longest', () => {
  it('GIVEN any environment THEN it holds a state machine name and an execution name of 80 characters each', () => {
    const { env } = resolved(workflow('w'));
    expect(longestExecutionArn(namingFor(env))).toBe(`arn:aws:states:ap-northeast-1:123456789012:execution:${'m'.repeat(80)}:${'e'.repeat(80)}`);
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
    // the room left for the input is what the overrides hold without it, measured on the rendered state
    const { env, workflow: config } = resolved(withInput(0));
    const state = buildDefinition(definitionProps(env, config)).States.load;
    const room = CONTAINER_OVERRIDES_MAX - (longestOverrides(state, runTimeValues(env, config)) ?? Infinity);
    expect(room).toBeGreaterThan(7_000);

    expect(problemsOf(withInput(room))).toEqual([]);
    expect(problemsOf(withInput(room + 1))).toEqual([expect.stringMatching(/steps\[0=load\]\.name: state load: its container overrides can reach 8,193 characters/)]);
  });

  it('GIVEN a workflow THEN no state runs the notifier and none catches: the definition is its steps, then the completion', () => {
    const { env, workflow: config } = resolved(workflow('w', { steps: [task('a'), { name: 'g', parallel: [task('b'), task('c')] }], notifyOnSuccess: true }));
    const states = buildDefinition(definitionProps(env, config)).States;
    expect(Object.keys(states)).toEqual(['a', 'g', COMPLETED]);
    expect(Object.values(states).some((state) => 'Catch' in state)).toBe(false);
    expect(workflowLimitProblems(env, config)).toEqual([]);
  });

  it('GIVEN a workflow of the longest names THEN every overrides fit with an execution ARN at its longest', () => {
    // role names <prefix>-<workflow>-<task>-exec at their 64-character limit
    const { env, workflow: config } = resolved(workflow('w'.repeat(16), { steps: [task('t'.repeat(16)), { name: 'g'.repeat(32), parallel: [task('a'.repeat(16)), task('b'.repeat(16))] }] }), {
      name: 'e'.repeat(12),
      project: 'p'.repeat(12),
    });
    expect(workflowLimitProblems(env, config)).toEqual([]);
  });
});

describe('state names (states.state-name-length)', () => {
  it('GIVEN the longest step names the configuration allows THEN every state name is within 80 characters', () => {
    const { env, workflow: config } = resolved(workflow('w', { steps: [task('t'.repeat(32)), { name: 'g'.repeat(32), parallel: [task('a'.repeat(32)), task('b'.repeat(32))] }] }));
    const definition = buildDefinition(definitionProps(env, config));
    const names = [...Object.keys(definition.States), ...['a', 'b'].map((c) => c.repeat(32))];
    expect(Math.max(...names.map((name) => name.length))).toBeLessThanOrEqual(STATE_NAME_MAX);
    expect(workflowLimitProblems(env, config)).toEqual([]);
  });
});

describe('definition size (states.definition-size)', () => {
  const steps = (count: number) => Array.from({ length: count }, (_, i) => task(`s${String(i).padStart(4, '0')}`));

  // So many steps are far more than one state machine role can name (rule iam.inline-policy-size, reported on
  // its own, see role-policies.test.ts): only the definition size is looked at here.
  const definitionProblemsOf = (...workflows: WorkflowInput[]) => problemsOf(...workflows).filter((line) => !line.includes('iam.inline-policy-size'));

  it('GIVEN 1,000 steps THEN the definition fits in 1 MB', () => {
    expect(definitionProblemsOf(workflow('w', { steps: steps(1000) }))).toEqual([]);
  });

  it('GIVEN 1,100 steps THEN the definition is too large, and the workflow steps are reported', () => {
    expect(definitionProblemsOf(workflow('w', { steps: steps(1100) }))).toEqual([
      expect.stringMatching(/^environments\[0=dev\]\.workflows\[0=w\]\.steps: makes a definition too large: the state machine definition is 1,(0[5-9]|1\d)[\d,]+ bytes; Step Functions allows 1,048,576 \(got "1100 steps"\)$/),
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
    const { env, workflow: config } = resolved(
      workflow('w', {
        steps: [
          task('a', { timeoutSeconds: 600, retry: { taskFailureRetries: 1, capacityRetries: 2, maxDelaySeconds: 30 } }),
          { name: 'g', parallel: [task('b', { timeoutSeconds: 100, retry: { capacityRetries: 0 } }), task('c', { timeoutSeconds: 300, retry: { capacityRetries: 0 } })] },
        ],
      }),
    );
    // a: 2 attempts x 600 s + 3 retries x 30 s; g: its longest task, c, 300 s
    expect(buildDefinition(definitionProps(env, config)).TimeoutSeconds).toBe(2 * 600 + 3 * 30 + 300);
  });

  it('GIVEN a workflow timeoutSeconds THEN it is the TimeoutSeconds', () => {
    const { env, workflow: config } = resolved(workflow('w', { timeoutSeconds: 7200 }));
    expect(buildDefinition(definitionProps(env, config)).TimeoutSeconds).toBe(7200);
  });

  it('GIVEN steps that could take more than a year THEN TimeoutSeconds is the year a Standard execution may run', () => {
    const steps = Array.from({ length: 12 }, (_, i) => task(`t${i}`, { timeoutSeconds: 31_536_000 }));
    const { env, workflow: config } = resolved(workflow('w', { steps }));
    expect(buildDefinition(definitionProps(env, config)).TimeoutSeconds).toBe(EXECUTION_DURATION_MAX_SECONDS);
  });

  it('GIVEN a timeoutSeconds under a minute, over a year or not whole THEN validation refuses it, naming the field', () => {
    expect(problemsOf(workflow('w', { timeoutSeconds: 59 }))).toEqual([expect.stringMatching(/^environments\[0=dev\]\.workflows\[0=w\]\.timeoutSeconds: .*\(got 59\)$/)]);
    expect(problemsOf(workflow('w', { timeoutSeconds: EXECUTION_DURATION_MAX_SECONDS + 1 }))).toEqual([expect.stringMatching(/timeoutSeconds/)]);
    expect(problemsOf(workflow('w', { timeoutSeconds: 90.5 }))).toEqual([expect.stringMatching(/timeoutSeconds/)]);
    expect(problemsOf(workflow('w', { timeoutSeconds: 60 }))).toEqual([]);
  });
});
