/**
 * Real executions (aws-local-stepfunctions) of the definitions the workflow features make: a callback step's
 * result reaching the next steps' containers, a fan-out running its task once per item and failing when one item
 * fails, and the settings a local run cannot exercise (concurrency, Distributed mode, tags, ECS Exec) as rendered.
 */
import type { StateMachine } from 'aws-local-stepfunctions';
import { buildDefinition, CHECK_RUNNING, COMPLETED_OUTPUT, itemStateName, RUN_TASK_CALLBACK, RUN_TASK_SYNC, START_RESULTS, type State } from '../../stacks/asl';
import { resolveEnvironments, type Workflow, type WorkflowInput } from '../../stacks/config';
import { definitionProps } from '../../stacks/workflow-limits';
import { environment, task, workflow } from '../helpers';
import { type Call, EcsError, environmentOf, listRunningHandler, localStateMachine } from './asl-execution';

const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-w:run-1';
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAR-token-of-the-test';

type ExecutionInput = Parameters<StateMachine['run']>[0];
/** What a container does when its task runs: report a result (callback steps), fail, or just stop. */
type Behaviour = (environment: Record<string, string>) => unknown;

function definitionFor(input: WorkflowInput) {
  const [env] = resolveEnvironments([environment({ workflows: [input] })]);
  return buildDefinition(definitionProps(env, env.workflows[0] as Workflow));
}

/** Every Task state of a definition, nested ones included. */
function taskStateNames(states: Record<string, State>): string[] {
  return Object.entries(states).flatMap(([name, state]) => {
    const processor = state.ItemProcessor as { States: Record<string, State> } | undefined;
    const branches = (state.Branches ?? []) as unknown as { States: Record<string, State> }[];
    const nested = [...(processor ? [processor] : []), ...branches].flatMap((machine) => taskStateNames(machine.States));
    return state.Type === 'Task' ? [name, ...nested] : nested;
  });
}

/**
 * Runs a definition locally. Each ECS Task state calls `behaviour[state]` with the container environment its
 * overrides give: what it returns is what the container reported with SendTaskSuccess (callback steps), a thrown
 * error is the task failing. Task tokens come from the context object, as Step Functions provides them.
 */
async function execute(definition: unknown, input: ExecutionInput, behaviour: Record<string, Behaviour> = {}) {
  const calls: Call[] = [];
  const states = (definition as { States: Record<string, State> }).States;
  const handlers: Record<string, (parameters: unknown) => Promise<unknown>> = {};
  const retryOverrides: Record<string, number> = {};
  for (const name of taskStateNames(states)) {
    retryOverrides[name] = 0;
    if (name === CHECK_RUNNING) {
      // No other execution is running: the list holds this one only.
      handlers[name] = listRunningHandler([{ executionArn: EXECUTION_ARN, startedAt: 0 }]);
      continue;
    }
    handlers[name] = async (parameters) => {
      const env = environmentOf(parameters);
      calls.push({ state: name, environment: env });
      return behaviour[name]?.(env) ?? { taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/wf-dev/${calls.length}` };
    };
  }
  const execution = localStateMachine(definition).run(input, {
    overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: retryOverrides },
    context: {
      Execution: { Id: EXECUTION_ARN, Input: input, Name: 'run-1' },
      StateMachine: { Id: 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:wf-dev-w', Name: 'wf-dev-w' },
      Task: { Token: TOKEN },
    },
  });
  try {
    return { result: await execution.result, calls, failedWith: undefined };
  } catch (error) {
    const cause = (error as Error).cause;
    return { result: undefined, calls, failedWith: cause instanceof Error ? cause.name : String(error) };
  }
}

const callbackChain = workflow('w', {
  steps: [task('list-files', { waitForCallback: true, heartbeatSeconds: 300 }), task('load'), task('report')],
});

describe('results between steps (waitForCallback)', () => {
  it('GIVEN a callback step WHEN it is rendered THEN it waits for the task token, passes it and the result size to the container, and keeps the result under its key', () => {
    const definition = definitionFor(callbackChain);
    const state = definition.States['list-files'];
    const parameters = state.Parameters as { Overrides: { ContainerOverrides: { Environment: { Name: string }[] }[] } };

    expect(state.Resource).toBe(RUN_TASK_CALLBACK);
    expect(state.HeartbeatSeconds).toBe(300);
    expect(state.ResultPath).toBe('$.results.list_files');
    expect(parameters.Overrides.ContainerOverrides[0].Environment).toEqual(
      expect.arrayContaining([{ Name: 'TASK_TOKEN', 'Value.$': '$$.Task.Token' }, { Name: 'TASK_RESULT_MAX_CHARS', Value: '1024' }]),
    );
    expect(definition.States.load.Resource).toBe(RUN_TASK_SYNC);
    expect(definition.StartAt).toBe(START_RESULTS);
  });

  it('GIVEN a callback step that reports a result THEN every later step gets it in STEP_RESULTS, and the step itself got the task token', async () => {
    const run = await execute(definitionFor(callbackChain), { date: '2026-11-29' }, { 'list-files': () => ({ files: ['a.csv', 'b.csv'] }) });

    expect(run.failedWith).toBeUndefined();
    expect(run.calls.map((call) => call.state)).toEqual(['list-files', 'load', 'report']);
    expect(run.calls[0].environment.TASK_TOKEN).toBe(TOKEN);
    expect(run.calls[0].environment.STEP_RESULTS).toBeUndefined();
    for (const later of run.calls.slice(1)) expect(JSON.parse(later.environment.STEP_RESULTS)).toEqual({ list_files: { files: ['a.csv', 'b.csv'] } });
    expect(run.result).toEqual(COMPLETED_OUTPUT);
    expect(JSON.parse(run.calls[run.calls.length - 1].environment.STEP_RESULTS)).toEqual({ list_files: { files: ['a.csv', 'b.csv'] } });
  });

  it.each<[string, ExecutionInput]>([
    ['an array', ['2026-11-29']],
    ['a string', '2026-11-29'],
    ['null', null],
  ])('GIVEN %s as execution input THEN the results are kept beside it and the steps still run', async (_, input) => {
    const run = await execute(definitionFor(callbackChain), input, { 'list-files': () => 42 });

    expect(run.failedWith).toBeUndefined();
    expect(run.calls.map((call) => call.environment.STEP_RESULTS)).toEqual([undefined, '{"list_files":42}', '{"list_files":42}']);
    expect(run.result).toEqual(COMPLETED_OUTPUT);
    expect(JSON.parse(run.calls[run.calls.length - 1].environment.STEP_RESULTS)).toEqual({ list_files: 42 });
  });

  it('GIVEN a container that reports a failure (SendTaskFailure) THEN the execution fails at that step with its error and no later step runs', async () => {
    const run = await execute(definitionFor(callbackChain), {}, {
      'list-files': () => {
        throw new EcsError('ResultTooLarge', 'the result is 5000 characters; TASK_RESULT_MAX_CHARS is 1024');
      },
    });

    expect(run.calls.map((call) => call.state)).toEqual(['list-files']);
    expect(run.failedWith).toBe('ResultTooLarge');
  });

  it('GIVEN a scheduled workflow with a callback step THEN the overlap check starts the results and the steps see them', async () => {
    const definition = definitionFor({ ...callbackChain, schedule: { expression: 'rate(1 day)' } });
    const run = await execute(definition, { day: 1 }, { 'list-files': () => ['x'] });

    expect(run.calls.map((call) => call.state)).toEqual(['list-files', 'load', 'report']);
    expect(run.result).toEqual(COMPLETED_OUTPUT);
    expect(JSON.parse(run.calls[run.calls.length - 1].environment.STEP_RESULTS)).toEqual({ list_files: ['x'] });
  });
});

const fanOut = (forEach: Record<string, unknown>, steps: WorkflowInput['steps'] = []) =>
  workflow('w', { timeoutSeconds: 7200, steps: [...steps, { name: 'convert', forEach: { itemsPath: '$.items', ...forEach }, task: { environment: { MODE: 'fast' } } }, task('publish')] });

describe('fan-out (forEach)', () => {
  it('GIVEN three items THEN the task runs three times, each with its item as JSON in ITEM, and the next step runs once after', async () => {
    const run = await execute(definitionFor(fanOut({})), { items: ['a', { id: 2 }, 3] });

    expect(run.failedWith).toBeUndefined();
    const items = run.calls.filter((call) => call.state === itemStateName('convert'));
    expect(items.map((call) => JSON.parse(call.environment.ITEM))).toEqual(['a', { id: 2 }, 3]);
    expect(items.every((call) => call.environment.STEP_NAME === 'convert')).toBe(true);
    expect(run.calls.at(-1)?.state).toBe('publish');
    expect(run.calls).toHaveLength(4);
  });

  it('GIVEN three items WHEN one item fails THEN the step fails with its error and the next step never runs', async () => {
    const run = await execute(definitionFor(fanOut({})), { items: ['a', 'b', 'c'] }, {
      [itemStateName('convert')]: (env) => {
        if (JSON.parse(env.ITEM) === 'b') throw new EcsError('States.TaskFailed', 'convert exited with 1 for b');
        return undefined;
      },
    });

    expect(run.failedWith).toBe('States.TaskFailed');
    expect(run.calls.some((call) => call.state === 'publish')).toBe(false);
  });

  it('GIVEN maxConcurrency THEN the Map state runs that many items at a time, inline, with no tolerated failures', () => {
    const state = definitionFor(fanOut({ maxConcurrency: 4 })).States.convert;

    expect(state).toMatchObject({ Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 4, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' } } });
    expect(state).not.toHaveProperty('ToleratedFailurePercentage');
    expect(definitionFor(fanOut({})).States.convert.MaxConcurrency).toBe(10);
  });

  it('GIVEN toleratedFailurePercentage THEN the step runs in Distributed mode, as Standard child executions, with that threshold', () => {
    const state = definitionFor(fanOut({ toleratedFailurePercentage: 5, maxConcurrency: 100 })).States.convert;

    expect(state).toMatchObject({ ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } }, ToleratedFailurePercentage: 5, MaxConcurrency: 100 });
  });

  it('GIVEN items from an earlier step’s result THEN the fan-out runs over that list and its items also see the results', async () => {
    const definition = definitionFor(
      fanOut({ itemsFromStep: 'list-files', itemsPath: '$.files' }, [task('list-files', { waitForCallback: true })]),
    );
    const run = await execute(definition, 'any input', { 'list-files': () => ({ files: ['x.csv', 'y.csv', 'z.csv'] }) });

    expect(run.failedWith).toBeUndefined();
    const items = run.calls.filter((call) => call.state === itemStateName('convert'));
    expect(items.map((call) => call.environment.ITEM)).toEqual(['"x.csv"', '"y.csv"', '"z.csv"']);
    expect(JSON.parse(items[0].environment.STEP_RESULTS)).toEqual({ list_files: { files: ['x.csv', 'y.csv', 'z.csv'] } });
  });

  it('GIVEN an execution input without the list THEN the fan-out step fails, and no item runs', async () => {
    const run = await execute(definitionFor(fanOut({})), { other: true });

    expect(run.failedWith).toBeDefined();
    expect(run.calls).toEqual([]);
  });
});

describe('cost per step and ECS Exec, as RunTask receives them', () => {
  it('GIVEN any task THEN it is started with ECS managed tags and the task definition’s tags; ECS Exec only where enabled', () => {
    const definition = definitionFor(workflow('w', { steps: [task('a'), task('b', { enableExecuteCommand: true })] }));

    for (const name of ['a', 'b']) expect(definition.States[name].Parameters).toMatchObject({ EnableECSManagedTags: true, PropagateTags: 'TASK_DEFINITION' });
    expect(definition.States.a.Parameters).not.toHaveProperty('EnableExecuteCommand');
    expect(definition.States.b.Parameters).toMatchObject({ EnableExecuteCommand: true });
  });
});
