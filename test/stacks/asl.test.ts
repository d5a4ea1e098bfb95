import { buildDefinition, CHECK_RUNNING, SKIPPED, SKIPPED_OUTPUT, type State, type TaskTarget, type WorkflowDefinitionProps } from '../../stacks/asl';
import { resolveEnvironments, tasksOf, type Workflow, type WorkflowInput } from '../../stacks/config';
import { environment, task, workflow } from '../helpers';
import { aslErrors, type Call, EcsError, environmentOf, localStateMachine } from './asl-execution';

const CLUSTER = 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/wf-dev';
const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-w:run-1';
const STATE_MACHINE_ARN = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:wf-dev-w';

function resolve(input: WorkflowInput): Workflow {
  return resolveEnvironments([environment({ workflows: [input] })])[0].workflows[0];
}

function propsFor(config: Workflow, adjust: (target: TaskTarget) => TaskTarget = (target) => target): WorkflowDefinitionProps {
  const target = (name: string, settings: Pick<TaskTarget, 'capacity' | 'timeoutSeconds' | 'retry'>): TaskTarget =>
    adjust({ taskDefinitionArn: `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/wf-dev-${name}:1`, containerName: 'main', ...settings });
  return {
    workflow: config,
    clusterArn: CLUSTER,
    subnetIds: ['subnet-1', 'subnet-2'],
    securityGroupIds: ['sg-1'],
    assignPublicIp: true,
    region: 'ap-northeast-1',
    targets: Object.fromEntries(tasksOf(config).map((t) => [t.name, target(`${config.name}-${t.name}`, t)])),
    resultsBucket: 'wf-dev-results-123456789012-ap-northeast-1',
  };
}

/** A task handler starting or ending, and when on jest's fake clock. */
interface TaskEvent {
  readonly event: `${string} ${'started' | 'ended'}`;
  readonly at: number;
}

/** What the local runner logged of a state: entered, exited, failed, retried or caught. */
interface StateEvent {
  readonly type: string;
  readonly state?: { readonly name: string };
  readonly Error?: string;
}

/**
 * Runs a definition with a local handler per ECS state; `behaviour` decides what each state does. Call it with
 * jest's fake timers installed: it fires every timer, in order, until none is left, so a step that takes a
 * while and the state machine's own time-outs run on the fake clock, in no real time.
 */
async function execute(props: WorkflowDefinitionProps, behaviour: Record<string, (attempt: number) => Promise<void> | void> = {}, running: { executionArn: string }[] = [{ executionArn: EXECUTION_ARN }]) {
  const definition = buildDefinition(props);
  const calls: Call[] = [];
  const events: TaskEvent[] = [];
  const attempts = new Map<string, number>();
  const handlers: Record<string, (input: unknown) => Promise<Record<string, string | { executionArn: string }[]>>> = {};
  const taskStates = Object.entries(definition.States).flatMap(([name, state]) =>
    state.Type === 'Parallel'
      ? (state.Branches as { States: Record<string, State> }[]).flatMap((branch) => Object.keys(branch.States))
      : state.Type === 'Task' ? [name] : [],
  );
  const retryOverrides: Record<string, number> = {};
  for (const name of taskStates) {
    retryOverrides[name] = 0;
    // ListExecutions of this state machine's RUNNING executions: this one, and those the test says run too.
    if (name === CHECK_RUNNING) {
      handlers[name] = async (input) => {
        expect(input).toEqual({ StateMachineArn: STATE_MACHINE_ARN, StatusFilter: 'RUNNING', MaxResults: 2 });
        return { Executions: running };
      };
      continue;
    }
    handlers[name] = async (input) => {
      const attempt = (attempts.get(name) ?? 0) + 1;
      attempts.set(name, attempt);
      calls.push({ state: name, environment: environmentOf(input) });
      events.push({ event: `${name} started`, at: jest.now() });
      try {
        await behaviour[name]?.(attempt);
      } finally {
        events.push({ event: `${name} ended`, at: jest.now() });
      }
      return { taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/wf-dev/${name}-${attempt}` };
    };
  }
  const machine = localStateMachine(definition);
  const execution = machine.run(
    { date: '2026-11-29' },
    {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryOverrides },
      context: { Execution: { Id: EXECUTION_ARN, Input: { date: '2026-11-29' }, Name: 'run-1' }, StateMachine: { Id: STATE_MACHINE_ARN, Name: 'wf-dev-w' } },
    },
  );
  const log: StateEvent[] = [];
  const logged = (async () => {
    for await (const event of execution.eventLogs) log.push(event as StateEvent);
  })();
  const settled = execution.result.then(
    (result: unknown) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error: error as Error }),
  );
  await jest.runAllTimersAsync();
  const outcome = await settled;
  await logged;
  const entered = log.filter((event) => event.type === 'StateEntered').map((event) => event.state?.name);
  const failed = log.filter((event) => event.type === 'StateFailed').map((event) => [event.state?.name, event.Error]);
  return { ...outcome, calls, events, attempts, entered, failed, executionFailed: log.find((event) => event.type === 'ExecutionFailed')?.Error };
}

const seed = () => resolve(workflow('daily-batch', { steps: [task('task1'), task('task2')], notifyOnSuccess: true }));

describe('buildDefinition', () => {
  it('GIVEN the seed workflow THEN asl-validator accepts the definition', () => {
    expect(aslErrors(buildDefinition(propsFor(seed())))).toBe('');
  });

  it('GIVEN every kind of step THEN asl-validator accepts the definition', () => {
    const config = resolve(
      workflow('all', {
        timeoutSeconds: 86400,
        steps: [
          task('a', { retry: { taskFailureRetries: 2 } }),
          { name: 'group', parallel: [task('b'), task('c', { capacity: 'FARGATE_SPOT' })] },
          task('d', { retry: { capacityRetries: 0 } }),
          task('list', { reportsResult: true, enableExecuteCommand: true }),
          { name: 'each', forEach: { itemsPath: '$.files', itemsFromStep: 'list', maxConcurrency: 5 }, task: {} },
          { name: 'each-tolerant', forEach: { itemsPath: '$.items', toleratedFailurePercentage: 10 }, task: {} },
        ],
      }),
    );
    expect(aslErrors(buildDefinition(propsFor(config)))).toBe('');
  });

  it('GIVEN a task step THEN it runs the task synchronously in the VPC with the execution context', () => {
    const state = buildDefinition(propsFor(seed())).States.task1;
    expect(state).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::ecs:runTask.sync',
      TimeoutSeconds: 3600,
      Next: 'task2',
      Parameters: {
        Cluster: CLUSTER,
        TaskDefinition: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/wf-dev-daily-batch-task1:1',
        CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'], AssignPublicIp: 'ENABLED' } },
      },
    });
    expect(state).not.toHaveProperty('Catch');
    expect(Object.keys(environmentOf(state.Parameters))).toEqual(['WORKFLOW_NAME', 'STEP_NAME', 'EXECUTION_ARN']);
  });

  it('GIVEN default retry settings THEN only capacity errors are retried, with full jitter and a maximum delay', () => {
    expect(buildDefinition(propsFor(seed())).States.task1.Retry).toEqual([
      { ErrorEquals: ['ECS.AmazonECSException'], MaxAttempts: 3, IntervalSeconds: 10, BackoffRate: 2, MaxDelaySeconds: 300, JitterStrategy: 'FULL' },
    ]);
  });

  it('GIVEN a step that opts in THEN a failed task is retried too', () => {
    const config = resolve(workflow('w', { steps: [task('a', { retry: { taskFailureRetries: 2, capacityRetries: 0 } })] }));
    expect(buildDefinition(propsFor(config)).States.a.Retry).toEqual([expect.objectContaining({ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2 })]);
  });
});

describe('executing the definition', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'], now: 0 });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('GIVEN two steps WHEN both succeed THEN they run in order, the second right after the first, and nothing else runs', async () => {
    const run = await execute(propsFor(seed()), { task1: () => new Promise((done) => setTimeout(done, 200)) });

    expect(run.error).toBeUndefined();
    // task2 starts only once task1 has ended, at that same moment of the fake clock: no wait in between
    expect(run.events).toEqual([
      { event: 'task1 started', at: 0 },
      { event: 'task1 ended', at: 200 },
      { event: 'task2 started', at: 200 },
      { event: 'task2 ended', at: 200 },
    ]);
    const [, second] = run.calls;
    expect(second.environment).toMatchObject({ WORKFLOW_NAME: 'daily-batch', STEP_NAME: 'task2', EXECUTION_ARN });
    expect(run.entered).toEqual(['task1', 'task2']);
  });

  it('GIVEN task1 fails THEN task2 never starts and the execution fails at task1 with its own error', async () => {
    const run = await execute(propsFor(seed()), {
      task1: () => {
        throw new EcsError('States.TaskFailed', 'container exited with 3');
      },
    });

    expect(run.calls.map((call) => call.state)).toEqual(['task1']);
    expect(run.entered).toEqual(['task1']);
    expect(run.failed).toEqual([['task1', 'States.TaskFailed']]);
    expect(run.executionFailed).toBe('States.TaskFailed');
    expect(run.error).toBeDefined();
  });

  it('GIVEN task2 fails THEN the execution fails at task2 with task2’s error, and no state is entered after it', async () => {
    const run = await execute(propsFor(seed()), {
      task2: () => {
        throw new EcsError('States.TaskFailed', 'task2 exited with 1');
      },
    });

    expect(run.entered).toEqual(['task1', 'task2']);
    expect(run.failed).toEqual([['task2', 'States.TaskFailed']]);
    expect(run.executionFailed).toBe('States.TaskFailed');
  });

  it('GIVEN a capacity error that persists THEN it is retried the configured number of times, then fails the execution at that step', async () => {
    const config = resolve(workflow('w', { steps: [task('task1', { retry: { capacityRetries: 2 } }), task('task2')] }));
    const run = await execute(propsFor(config), {
      task1: () => {
        throw new EcsError('ECS.AmazonECSException', 'Capacity is unavailable at this time');
      },
    });

    expect(run.attempts.get('task1')).toBe(3);
    expect(run.attempts.has('task2')).toBe(false);
    // each attempt fails; the last one, after the retries, fails the execution there
    expect(run.failed).toEqual(Array<string[]>(3).fill(['task1', 'ECS.AmazonECSException']));
    expect(run.executionFailed).toBe('ECS.AmazonECSException');
  });

  it('GIVEN a capacity error that clears THEN the step succeeds on a retry and the workflow goes on', async () => {
    const run = await execute(propsFor(seed()), {
      task1: (attempt) => {
        if (attempt < 2) throw new EcsError('ECS.AmazonECSException', 'throttled');
      },
    });
    expect(run.error).toBeUndefined();
    expect(run.calls.map((call) => call.state)).toEqual(['task1', 'task1', 'task2']);
  });

  it('GIVEN a failed task THEN it is not blindly retried', async () => {
    const run = await execute(propsFor(seed()), {
      task1: () => {
        throw new EcsError('States.TaskFailed', 'exit 1');
      },
    });
    expect(run.attempts.get('task1')).toBe(1);
  });

  it('GIVEN a parallel group WHEN one branch fails THEN the group fails the execution and the next step never runs', async () => {
    const config = resolve(workflow('w', { steps: [{ name: 'group', parallel: [task('b1'), task('b2')] }, task('after')] }));
    const run = await execute(propsFor(config), {
      b2: () => {
        throw new EcsError('States.TaskFailed', 'b2 broke');
      },
    });
    expect(run.attempts.has('after')).toBe(false);
    expect(run.entered).not.toContain('after');
    expect(run.failed).toEqual(expect.arrayContaining([['b2', 'States.TaskFailed'], ['group', 'States.TaskFailed']]));
    expect(run.executionFailed).toBe('States.TaskFailed');
  });

  it('GIVEN a step that runs past its time-out THEN the execution fails at that step with States.Timeout', async () => {
    const props = propsFor(seed(), (target) => ({ ...target, timeoutSeconds: 1 }));
    const run = await execute(props, { task1: () => new Promise((done) => setTimeout(done, 1500)) });
    expect(run.attempts.has('task2')).toBe(false);
    expect(run.failed).toEqual([['task1', 'States.Timeout']]);
    expect(run.executionFailed).toBe('States.Timeout');
  });

  it('GIVEN a chain stuck past the workflow time-out THEN the execution ends timed out, before the next step starts', async () => {
    const config = resolve(workflow('w', { steps: [task('task1'), task('task2')], timeoutSeconds: 60 }));
    const run = await execute(propsFor(config), { task1: () => new Promise((done) => setTimeout(done, 120_000)) });
    expect(buildDefinition(propsFor(config)).TimeoutSeconds).toBe(60);
    expect(run.error?.name).toBe('ExecutionTimeoutError');
    expect(run.attempts.has('task2')).toBe(false);
  });

  describe('a scheduled workflow (overlap "skip", the default with a schedule)', () => {
    const scheduled = () => resolve(workflow('w', { steps: [task('task1'), task('task2')], schedule: { expression: 'rate(1 hour)' } }));

    it('GIVEN its definition THEN asl-validator accepts it and it starts with the check of running executions', () => {
      const definition = buildDefinition(propsFor(scheduled()));
      expect(aslErrors(definition)).toBe('');
      expect(definition.StartAt).toBe(CHECK_RUNNING);
      expect(definition.States[CHECK_RUNNING]).toMatchObject({ Resource: 'arn:aws:states:::aws-sdk:sfn:listExecutions' });
    });

    it('GIVEN another execution is running THEN no step runs and the run succeeds saying it was skipped', async () => {
      const run = await execute(propsFor(scheduled()), {}, [{ executionArn: EXECUTION_ARN }, { executionArn: `${EXECUTION_ARN}-previous` }]);
      expect(run.error).toBeUndefined();
      expect(run.calls).toEqual([]);
      expect(run.entered.at(-1)).toBe(SKIPPED);
      expect(run.result).toEqual(SKIPPED_OUTPUT);
    });

    it('GIVEN only this execution is running THEN the steps run, each with the execution context', async () => {
      const run = await execute(propsFor(scheduled()));
      expect(run.error).toBeUndefined();
      expect(run.calls.map((call) => call.state)).toEqual(['task1', 'task2']);
      expect(run.result).toEqual({ date: '2026-11-29' });
    });

    it('GIVEN overlap "allow" THEN there is no check', () => {
      const definition = buildDefinition(propsFor(resolve(workflow('w', { steps: [task('task1')], schedule: { expression: 'rate(1 hour)' }, overlap: 'allow' }))));
      expect(definition.StartAt).toBe('task1');
      expect(Object.keys(definition.States)).toEqual(['task1']);
    });
  });

  it('has no Fail, Pass or notification state: only the steps', () => {
    const definition = buildDefinition(propsFor(seed()));
    expect(Object.keys(definition.States)).toEqual(['task1', 'task2']);
    expect(definition.States.task2).toMatchObject({ End: true });
  });
});
