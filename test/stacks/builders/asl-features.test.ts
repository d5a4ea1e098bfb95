/**
 * Real executions (aws-local-stepfunctions) of the definitions the workflow features make: a step's result written
 * to S3 by its container, read back and reaching the next steps' containers, a fan-out running its task once per
 * item and failing when one item fails, and the settings a local run cannot exercise (concurrency, Distributed
 * mode and its ItemReader, tags, ECS Exec) as rendered. The fake S3 is the model of stacks/aws/s3.ts; the ECS
 * failure is the one rule states.run-task-sync names.
 */
import type { StateMachine } from 'aws-local-stepfunctions';
import { allStates, buildDefinition, CHECK_RUNNING, COMPLETED_OUTPUT, itemStateName, keepResultStateName, readResultStateName, RUN_TASK_SYNC, START_RESULTS, type State } from '../../../stacks/builders/asl';
import { ITEM_READER_GET_OBJECT, S3BucketModel, SDK_GET_OBJECT, sdkGetObjectOutcome } from '../../../stacks/aws/s3';
import { TASK_FAILED_ERROR } from '../../../stacks/aws/states';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import type { Workflow, WorkflowInput } from '../../../stacks/config/types';
import { resultsBucketName, namingFor } from '../../../stacks/builders/names';
import { definitionProps, environment, task, workflow } from '../../helpers';
import { aslErrors, type Call, EcsError, environmentOf, listRunningHandler, localStateMachine, taskStateNames } from './asl-execution';

const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-w:run-1';

type ExecutionInput = Parameters<StateMachine['run']>[0];
/**
 * What a container does when its task runs: return the result it writes to RESULT_KEY (steps that report one),
 * throw to fail its task, or return undefined to exit 0 writing nothing.
 */
type Behaviour = (environment: Record<string, string>) => unknown;

function definitionFor(input: WorkflowInput) {
  const [env] = resolveEnvironments([environment({ workflows: [input] })]);
  return buildDefinition(definitionProps(env, env.workflows[0] as Workflow));
}

/**
 * Runs a definition locally. Each ECS Task state calls `behaviour[state]` with the container environment its
 * overrides give: a value it returns is what the container writes as JSON to RESULT_KEY in the bucket (when it got
 * one), a thrown error is the task failing. The S3 GetObject states read the same bucket, as S3 answers them.
 */
async function execute(definition: unknown, input: ExecutionInput, behaviour: Record<string, Behaviour> = {}) {
  const calls: Call[] = [];
  const reads: string[] = [];
  const bucket = new S3BucketModel();
  const states = (definition as { States: Record<string, State> }).States;
  const handlers: Record<string, (parameters: unknown) => Promise<unknown>> = {};
  const retryOverrides: Record<string, number> = {};
  for (const name of taskStateNames(definition)) {
    retryOverrides[name] = 0;
    const resource = allStates({ States: states }).find(([candidate]) => candidate === name)?.[1].Resource;
    if (name === CHECK_RUNNING) {
      // No other execution is running: the list holds this one only.
      handlers[name] = listRunningHandler([{ executionArn: EXECUTION_ARN, startedAt: 0 }]);
      continue;
    }
    if (resource === SDK_GET_OBJECT) {
      handlers[name] = async (parameters) => {
        const { Key } = parameters as { Key: string };
        reads.push(Key);
        // The state machine role may list its own prefix (stacks/builders/iam.ts readResultsStatements).
        const outcome = sdkGetObjectOutcome(bucket.getObject(Key, true));
        if ('error' in outcome) throw new EcsError(outcome.error, `GetObject of ${Key}`);
        return outcome.output;
      };
      continue;
    }
    handlers[name] = async (parameters) => {
      const env = environmentOf(parameters);
      calls.push({ state: name, environment: env });
      const result = behaviour[name]?.(env);
      if (result !== undefined && env.RESULT_KEY !== undefined) bucket.putObject(env.RESULT_KEY, JSON.stringify(result));
      return { taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/wf-dev/${calls.length}` };
    };
  }
  const execution = localStateMachine(definition).run(input, {
    overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: retryOverrides },
    context: {
      Execution: { Id: EXECUTION_ARN, Input: input, Name: 'run-1' },
      StateMachine: { Id: 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:wf-dev-w', Name: 'wf-dev-w' },
    },
  });
  try {
    return { result: await execution.result, calls, reads, bucket, failedWith: undefined };
  } catch (error) {
    const cause = (error as Error).cause;
    return { result: undefined, calls, reads, bucket, failedWith: cause instanceof Error ? cause.name : String(error) };
  }
}

const BUCKET = resultsBucketName(namingFor({ project: 'wf', name: 'dev', accountId: '123456789012', region: 'ap-northeast-1' }));
const KEY = 'wf-dev-w/run-1/list_files.json';
const resultChain = workflow('w', {
  steps: [task('list-files', { reportsResult: true }), task('load'), task('report')],
});

describe('results between steps (reportsResult)', () => {
  it('GIVEN a step that reports a result WHEN it is rendered THEN it runs with runTask.sync, is told where to write, and is followed by the states that read the result back', () => {
    const definition = definitionFor(resultChain);
    const state = definition.States['list-files'];
    const parameters = state.Parameters as { Overrides: { ContainerOverrides: { Environment: { Name: string }[] }[] } };

    expect(state.Resource).toBe(RUN_TASK_SYNC);
    expect(state).not.toHaveProperty('HeartbeatSeconds');
    expect(state).toMatchObject({ ResultPath: null, Next: readResultStateName('list-files') });
    expect(parameters.Overrides.ContainerOverrides[0].Environment).toEqual(
      expect.arrayContaining([
        { Name: 'RESULT_BUCKET', Value: BUCKET },
        { Name: 'RESULT_KEY', 'Value.$': "States.Format('{}/{}/list_files.json', $$.StateMachine.Name, $$.Execution.Name)" },
        { Name: 'RESULT_MAX_CHARS', Value: '1024' },
      ]),
    );
    expect(definition.States[readResultStateName('list-files')]).toMatchObject({
      Type: 'Task',
      Resource: SDK_GET_OBJECT,
      Parameters: { Bucket: BUCKET, 'Key.$': "States.Format('{}/{}/list_files.json', $$.StateMachine.Name, $$.Execution.Name)" },
      ResultSelector: { 'list_files.$': 'States.StringToJson($.Body)' },
      Next: keepResultStateName('list-files'),
    });
    expect(definition.States[keepResultStateName('list-files')]).toMatchObject({ Type: 'Pass', Next: 'load' });
    expect(definition.States.load.Resource).toBe(RUN_TASK_SYNC);
    expect(definition.StartAt).toBe(START_RESULTS);
  });

  it('GIVEN a container that writes its result to RESULT_KEY THEN the state machine reads that key and every later step gets the result in STEP_RESULTS', async () => {
    const run = await execute(definitionFor(resultChain), { date: '2026-11-29' }, { 'list-files': () => ({ files: ['a.csv', 'b.csv'] }) });

    expect(run.failedWith).toBeUndefined();
    expect(run.calls.map((call) => call.state)).toEqual(['list-files', 'load', 'report']);
    expect(run.calls[0].environment).toMatchObject({ RESULT_BUCKET: BUCKET, RESULT_KEY: KEY });
    expect(run.bucket.keys()).toEqual([KEY]);
    expect(run.reads).toEqual([KEY]);
    expect(run.calls[0].environment.STEP_RESULTS).toBeUndefined();
    for (const later of run.calls.slice(1)) expect(JSON.parse(later.environment.STEP_RESULTS)).toEqual({ list_files: { files: ['a.csv', 'b.csv'] } });
    expect(run.result).toEqual(COMPLETED_OUTPUT);
    expect(JSON.parse(run.calls[run.calls.length - 1].environment.STEP_RESULTS)).toEqual({ list_files: { files: ['a.csv', 'b.csv'] } });
  });

  it('GIVEN two steps that report results THEN each is kept under its own key beside the other', async () => {
    const definition = definitionFor(workflow('w', { steps: [task('first', { reportsResult: true }), task('second', { reportsResult: true }), task('last')] }));
    const run = await execute(definition, {}, { first: () => [1, 2], second: (env) => ({ saw: JSON.parse(env.STEP_RESULTS) }) });

    expect(run.failedWith).toBeUndefined();
    expect(run.bucket.keys()).toEqual(['wf-dev-w/run-1/first.json', 'wf-dev-w/run-1/second.json']);
    expect(JSON.parse(run.calls[2].environment.STEP_RESULTS)).toEqual({ first: [1, 2], second: { saw: { first: [1, 2] } } });
  });

  it.each<[string, ExecutionInput]>([
    ['an array', ['2026-11-29']],
    ['a string', '2026-11-29'],
    ['null', null],
  ])('GIVEN %s as execution input THEN the results are kept beside it and the steps still run', async (_, input) => {
    const run = await execute(definitionFor(resultChain), input, { 'list-files': () => 42 });

    expect(run.failedWith).toBeUndefined();
    expect(run.calls.map((call) => call.environment.STEP_RESULTS)).toEqual([undefined, '{"list_files":42}', '{"list_files":42}']);
    expect(run.result).toEqual(COMPLETED_OUTPUT);
    expect(JSON.parse(run.calls[run.calls.length - 1].environment.STEP_RESULTS)).toEqual({ list_files: 42 });
  });

  it('GIVEN a container that dies without a result THEN the step fails at its task state at once (the .sync task fails), nothing is read, and no later step runs', async () => {
    const run = await execute(definitionFor(resultChain), {}, {
      'list-files': () => {
        throw new EcsError(TASK_FAILED_ERROR, 'Essential container in task exited (exit code 137)');
      },
    });

    expect(run.failedWith).toBe(TASK_FAILED_ERROR);
    expect(run.calls.map((call) => call.state)).toEqual(['list-files']);
    expect(run.reads).toEqual([]);
  });

  it('GIVEN a container that exits 0 without writing its result THEN the execution fails at the read state with S3’s NoSuchKey, as the SDK integration names it', async () => {
    const run = await execute(definitionFor(resultChain), {}, { 'list-files': () => undefined });

    expect(run.failedWith).toBe('S3.NoSuchKeyException');
    expect(run.reads).toEqual([KEY]);
    expect(run.calls.map((call) => call.state)).toEqual(['list-files']);
  });

  it('GIVEN a scheduled workflow with a result step THEN the overlap check starts the results and the steps see them', async () => {
    const definition = definitionFor({ ...resultChain, schedule: { expression: 'rate(1 day)' } });
    const run = await execute(definition, { day: 1 }, { 'list-files': () => ['x'] });

    expect(run.calls.map((call) => call.state)).toEqual(['list-files', 'load', 'report']);
    expect(run.result).toEqual(COMPLETED_OUTPUT);
    expect(JSON.parse(run.calls[run.calls.length - 1].environment.STEP_RESULTS)).toEqual({ list_files: ['x'] });
  });
});

describe('every task tracked (rule states.run-task-sync)', () => {
  const features: WorkflowInput[] = [
    resultChain,
    { ...resultChain, name: 'scheduled', schedule: { expression: 'rate(1 day)' } },
    workflow('g', { steps: [task('a', { reportsResult: true }), { name: 'grp', parallel: [task('b'), task('c', { capacity: 'FARGATE_SPOT' })] }] }),
    workflow('f', {
      timeoutSeconds: 7200,
      steps: [
        task('list', { reportsResult: true }),
        task('names', { reportsResult: true }),
        { name: 'inline', forEach: { itemsFromStep: 'names', itemsPath: '$.items' }, task: { image: 'notifier' } },
        { name: 'wide', forEach: { itemsFromStep: 'list', itemsPath: '$', toleratedFailurePercentage: 5 }, task: { image: 'notifier' } },
      ],
    }),
  ];

  it.each(features.map((input) => [input.name, input] as const))('GIVEN workflow %s THEN every ECS task state runs with runTask.sync, none waits for a token, and asl-validator accepts the definition', (_, input) => {
    const ecsStates = allStates(definitionFor(input)).filter(([, state]) => typeof state.Resource === 'string' && state.Resource.includes(':ecs:'));

    expect(ecsStates.length).toBeGreaterThan(0);
    for (const [, state] of ecsStates) {
      expect(state.Resource).toBe(RUN_TASK_SYNC);
      expect(state).not.toHaveProperty('HeartbeatSeconds');
    }
    expect(aslErrors(definitionFor(input))).toBe('');
    expect(JSON.stringify(definitionFor(input))).not.toMatch(/waitForTaskToken|\$\$\.Task\.Token/);
  });
});

const fanOut = (forEach: Record<string, unknown>, steps: WorkflowInput['steps'] = []) =>
  workflow('w', { timeoutSeconds: 7200, steps: [...steps, { name: 'convert', forEach: { itemsPath: '$.items', ...forEach }, task: { image: 'notifier', environment: { MODE: 'fast' } } }, task('publish')] });

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
        if (JSON.parse(env.ITEM) === 'b') throw new EcsError(TASK_FAILED_ERROR, 'convert exited with 1 for b');
        return undefined;
      },
    });

    expect(run.failedWith).toBe(TASK_FAILED_ERROR);
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

  it('GIVEN a Distributed fan-out over a step’s result THEN it reads its items straight from the result’s S3 key with ItemReader, and the result is not read into the state', () => {
    // aws-local-stepfunctions does not run ItemReader: the definition is checked here (asl-validator accepts it
    // in definitionFor's run below), the role in test/tools/security/iam-simulate.test.ts.
    const definition = definitionFor(fanOut({ itemsFromStep: 'list-files', itemsPath: '$', toleratedFailurePercentage: 5 }, [task('list-files', { reportsResult: true })]));
    const state = definition.States.convert;

    expect(state.ItemReader).toEqual({
      Resource: ITEM_READER_GET_OBJECT,
      ReaderConfig: { InputType: 'JSON' },
      Parameters: { Bucket: BUCKET, 'Key.$': "States.Format('{}/{}/list_files.json', $$.StateMachine.Name, $$.Execution.Name)" },
    });
    expect(state).not.toHaveProperty('ItemsPath');
    expect(definition.States['list-files']).toMatchObject({ Next: 'convert' });
    expect(definition.States).not.toHaveProperty([readResultStateName('list-files')]);
    const environment = (definition.States['list-files'].Parameters as { Overrides: { ContainerOverrides: { Environment: { Name: string }[] }[] } }).Overrides.ContainerOverrides[0].Environment;
    expect(environment.map((value) => value.Name)).toEqual(expect.arrayContaining(['RESULT_BUCKET', 'RESULT_KEY']));
    expect(environment.map((value) => value.Name)).not.toContain('RESULT_MAX_CHARS');
    expect(aslErrors(definition)).toBe('');
  });

  it('GIVEN an Inline fan-out over an earlier step’s result THEN it runs over the list read back from S3 and its items also see the results', async () => {
    const definition = definitionFor(
      fanOut({ itemsFromStep: 'list-files', itemsPath: '$.files' }, [task('list-files', { reportsResult: true })]),
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
