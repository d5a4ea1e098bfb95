/**
 * Executions of real definitions whatever their input is: an execution started by hand can be given any JSON
 * value, and a failing step must still fail the execution in place, with its own error (Slack hears of it from
 * the execution alerts). Also what containers get of the input: its ARN always, the input itself only when a
 * step asks for it.
 */
import type { StateMachine } from 'aws-local-stepfunctions';
import { buildDefinition, CHECK_RUNNING, COMPLETED_OUTPUT, SKIPPED_OUTPUT, type WorkflowDefinitionProps } from '../../../stacks/builders/asl';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import type { Workflow, WorkflowInput } from '../../../stacks/config/types';
import { definitionProps, environment, task, workflow } from '../../helpers';
import { type Call, EcsError, environmentOf, listRunningHandler, type LocalHandler, localStateMachine, taskStateNames } from './asl-execution';

const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-w:run-1';

/** Any JSON value, as an execution's input. */
type ExecutionInput = Parameters<StateMachine['run']>[0];

function propsFor(input: WorkflowInput): WorkflowDefinitionProps {
  const [env] = resolveEnvironments([environment({ workflows: [input] })]);
  return definitionProps(env, env.workflows[0] as Workflow);
}

/**
 * Runs a definition on `input` with a local handler per ECS state; `fail` names the states whose task fails.
 * `othersRunning` executions of the state machine started before this one and still run.
 */
async function execute(definition: unknown, input: ExecutionInput, fail: Record<string, Error> = {}, othersRunning = 0) {
  const calls: Call[] = [];
  const handlers: Record<string, LocalHandler> = {};
  const retryOverrides: Record<string, number> = {};
  for (const name of taskStateNames(definition)) {
    retryOverrides[name] = 0;
    if (name === CHECK_RUNNING) {
      const others = Array.from({ length: othersRunning }, (_, index) => ({ executionArn: `${EXECUTION_ARN}-earlier-${index}`, startedAt: index }));
      handlers[name] = listRunningHandler([...others, { executionArn: EXECUTION_ARN, startedAt: othersRunning }]);
      continue;
    }
    handlers[name] = async (parameters) => {
      calls.push({ state: name, environment: environmentOf(parameters) });
      const error = fail[name];
      if (error) throw error;
      return { taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/wf-dev/${name}` };
    };
  }
  const machine = localStateMachine(definition);
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryOverrides },
    context: { Execution: { Id: EXECUTION_ARN, Input: input, Name: 'run-1' }, StateMachine: { Id: 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:wf-dev-w', Name: 'wf-dev-w' } },
  });
  try {
    return { result: await execution.result, calls, failedWith: undefined };
  } catch (error) {
    // The runner wraps the error the execution failed with.
    const cause = (error as Error).cause;
    return { result: undefined, calls, failedWith: cause instanceof Error ? cause.name : String(error) };
  }
}

const INPUTS: [string, ExecutionInput][] = [
  ['an array', ['2026-11-29']],
  ['a string', '2026-11-29'],
  ['a number', 20261129],
  ['null', null],
  ['an object', { date: '2026-11-29' }],
];

const twoSteps = { steps: [task('task1'), task('task2')], notifyOnSuccess: true };
const failure = (name: string) => new EcsError('States.TaskFailed', `${name} exited with 3`);

describe('failing in place whatever the execution input is', () => {
  it.each(INPUTS)('GIVEN %s as input WHEN the first step fails THEN the execution fails with that step’s error and the second never runs', async (_, input) => {
    const run = await execute(buildDefinition(propsFor(workflow('w', twoSteps))), input, { task1: failure('task1') });

    expect(run.calls.map((call) => call.state)).toEqual(['task1']);
    expect(run.failedWith).toBe('States.TaskFailed');
  });

  it.each(INPUTS)('GIVEN %s as input WHEN the second step fails THEN the execution fails there with its error', async (_, input) => {
    const run = await execute(buildDefinition(propsFor(workflow('w', twoSteps))), input, { task2: failure('task2') });

    expect(run.calls.map((call) => call.state)).toEqual(['task1', 'task2']);
    expect(run.failedWith).toBe('States.TaskFailed');
  });

  it.each(INPUTS)('GIVEN %s as input WHEN a branch of a parallel group fails THEN the group fails the execution and the next step never runs', async (_, input) => {
    const definition = buildDefinition(propsFor(workflow('w', { steps: [{ name: 'group', parallel: [task('b1'), task('b2')] }, task('after')] })));
    const run = await execute(definition, input, { b2: failure('b2') });

    expect(run.calls.map((call) => call.state)).not.toContain('after');
    expect(run.failedWith).toBe('States.TaskFailed');
  });

  it.each(INPUTS)('GIVEN %s as input WHEN every step succeeds THEN the run ends with the completion output, not the input', async (_, input) => {
    const run = await execute(buildDefinition(propsFor(workflow('w', twoSteps))), input);

    expect(run.failedWith).toBeUndefined();
    expect(run.calls.map((call) => call.state)).toEqual(['task1', 'task2']);
    expect(run.result).toEqual(COMPLETED_OUTPUT);
  });
});

describe('a scheduled workflow’s check of running executions, whatever the input is', () => {
  const scheduled = workflow('w', { ...twoSteps, schedule: { expression: 'rate(1 hour)' } });

  it.each(INPUTS)('GIVEN %s as input WHEN no other execution runs THEN the steps run, each with the input, and the run completes', async (_, input) => {
    const run = await execute(buildDefinition(propsFor(scheduled)), input);

    expect(run.failedWith).toBeUndefined();
    expect(run.calls.map((call) => call.state)).toEqual(['task1', 'task2']);
    expect(run.result).toEqual(COMPLETED_OUTPUT);
  });

  it.each(INPUTS)('GIVEN %s as input WHEN another execution runs THEN no step runs and the run succeeds, skipped', async (_, input) => {
    const run = await execute(buildDefinition(propsFor(scheduled)), input, {}, 1);

    expect(run.failedWith).toBeUndefined();
    expect(run.calls).toEqual([]);
    expect(run.result).toEqual(SKIPPED_OUTPUT);
  });
});

describe('the contract behind it (states.result-path-object)', () => {
  const catching = (catcher: Record<string, unknown>) => ({
    StartAt: 'Step',
    States: {
      Step: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Parameters: { Overrides: { ContainerOverrides: [{ Name: 'main', Environment: [] }] } }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught', ...catcher }], End: true },
      Caught: { Type: 'Succeed' },
    },
  });

  it('GIVEN an array input WHEN a catch puts the error at $.failure THEN the run ends in States.ResultPathMatchFailure', async () => {
    const run = await execute(catching({ ResultPath: '$.failure' }), ['2026-11-29'], { Step: new EcsError('States.TaskFailed', 'boom') });
    expect(run.failedWith).toBe('States.ResultPathMatchFailure');
  });

  it('GIVEN an array input WHEN a catch has no ResultPath THEN the error output replaces the state', async () => {
    const run = await execute(catching({}), ['2026-11-29'], { Step: new EcsError('States.TaskFailed', 'boom') });
    expect(run.failedWith).toBeUndefined();
    expect(run.result).toEqual({ Error: 'States.TaskFailed', Cause: 'boom' });
  });
});

describe('what a container gets of the execution input', () => {
  it('GIVEN a step that does not ask for the input THEN it gets the execution ARN and not the input', async () => {
    const run = await execute(buildDefinition(propsFor(workflow('w', twoSteps))), { keys: ['a', 'b'] });
    expect(run.calls[0].environment).toEqual({ WORKFLOW_NAME: 'w', STEP_NAME: 'task1', EXECUTION_ARN });
  });

  it.each(INPUTS)('GIVEN a step with passExecutionInput and %s as input THEN it gets the input as JSON', async (_, input) => {
    const definition = buildDefinition(propsFor(workflow('w', { steps: [task('task1', { passExecutionInput: true }), task('task2')] })));
    const run = await execute(definition, input);
    expect(run.calls[0].environment).toEqual({ WORKFLOW_NAME: 'w', STEP_NAME: 'task1', EXECUTION_ARN, EXECUTION_INPUT: JSON.stringify(input) });
    expect(run.calls[1].environment).not.toHaveProperty('EXECUTION_INPUT');
  });
});
