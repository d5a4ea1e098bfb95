import { buildDefinition, CHECK_RUNNING, COMPLETED, COMPLETED_OUTPUT, SKIPPED, SKIPPED_OUTPUT, spotStateNames, type TaskTarget, type WorkflowDefinitionProps } from '../../../stacks/builders/asl';
import type { RunningExecution } from '../../../stacks/aws/states';
import { CAPACITY_UNAVAILABLE_REASON, ECS_API_ERROR, runTaskFailuresError, SFN_SDK_TRANSIENT_ERRORS, SPOT_INTERRUPTED_ERROR, TASK_FAILED_ERROR } from '../../../stacks/aws/step-errors';
import { essentialContainerExitedTask, spotInterruptedTask, taskFailedCause, type EcsStoppedTask } from '../../../stacks/aws/ecs-stopped-task';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import { tasksOf } from '../../../stacks/config/steps';
import type { Workflow, WorkflowInput } from '../../../stacks/config/types';
import { environment, task, workflow } from '../../helpers';
import { aslErrors, type Call, EcsError, environmentOf, listRunningHandler, type LocalHandler, localStateMachine, taskStateNames } from './asl-execution';

const CLUSTER = 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/wf-dev';
const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-w:run-1';
const STATE_MACHINE_ARN = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:wf-dev-w';

function resolve(input: WorkflowInput): Workflow {
  return resolveEnvironments([environment({ workflows: [input] })])[0].workflows[0];
}

function propsFor(config: Workflow, adjust: (target: TaskTarget) => TaskTarget = (target) => target): WorkflowDefinitionProps {
  const target = (name: string, settings: Pick<TaskTarget, 'capacity' | 'timeoutSeconds' | 'retry'>): TaskTarget =>
    adjust({ taskDefinitionFamily: `wf-dev-${name}`, containerName: 'main', ...settings });
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
async function execute(
  props: WorkflowDefinitionProps,
  behaviour: Record<string, (attempt: number) => Promise<void> | void> = {},
  running: readonly RunningExecution[] = [{ executionArn: EXECUTION_ARN, startedAt: 0 }],
  self = EXECUTION_ARN,
) {
  const definition = buildDefinition(props);
  const calls: Call[] = [];
  const events: TaskEvent[] = [];
  const attempts = new Map<string, number>();
  const handlers: Record<string, LocalHandler> = {};
  const retryOverrides: Record<string, number> = {};
  for (const name of taskStateNames(definition)) {
    retryOverrides[name] = 0;
    // ListExecutions of this state machine's RUNNING executions: this one, and those the test says run too.
    if (name === CHECK_RUNNING) {
      const list = listRunningHandler(running);
      handlers[name] = async (input) => {
        expect(input).toMatchObject({ StateMachineArn: STATE_MACHINE_ARN, StatusFilter: 'RUNNING' });
        return list(input);
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
      context: { Execution: { Id: self, Input: { date: '2026-11-29' }, Name: 'run-1' }, StateMachine: { Id: STATE_MACHINE_ARN, Name: 'wf-dev-w' } },
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

/** The same, as the execution `self` among the running ones. */
const executeAs = (self: string, props: WorkflowDefinitionProps, running: readonly RunningExecution[]) => execute(props, {}, running, self);

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
          { name: 'each', forEach: { itemsPath: '$.files', itemsFromStep: 'list', maxConcurrency: 5 }, task: { image: 'notifier' } },
          { name: 'each-tolerant', forEach: { itemsPath: '$.items', toleratedFailurePercentage: 10 }, task: { image: 'notifier' } },
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
        // The family, no revision: RunTask runs its latest ACTIVE revision, so a redrive after a deploy runs the fix.
        TaskDefinition: 'wf-dev-daily-batch-task1',
        CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'], AssignPublicIp: 'ENABLED' } },
      },
    });
    expect(state).not.toHaveProperty('Catch');
    expect(Object.keys(environmentOf(state.Parameters))).toEqual(['WORKFLOW_NAME', 'STEP_NAME', 'EXECUTION_ARN']);
  });

  it('GIVEN default retry settings THEN only the transient errors AWS documents are retried (RunTask failures, ECS API errors), with full jitter and a maximum delay', () => {
    expect(buildDefinition(propsFor(seed())).States.task1.Retry).toEqual([
      { ErrorEquals: ['AmazonECS.Unknown', 'ECS.AmazonECSException'], MaxAttempts: 3, IntervalSeconds: 10, BackoffRate: 2, MaxDelaySeconds: 300, JitterStrategy: 'FULL' },
    ]);
  });

  it('GIVEN a Distributed fan-out THEN each item, a child execution whose $$.Execution is its own (states.distributed-map-child-context), gets the workflow execution’s ARN and input', () => {
    const config = resolve(workflow('w', { timeoutSeconds: 3600, steps: [{ name: 'each', forEach: { itemsPath: '$.items', toleratedFailurePercentage: 10 }, task: { image: 'notifier', passExecutionInput: true } }] }));
    const map = buildDefinition(propsFor(config)).States.each as { ItemSelector: Record<string, string>; ItemProcessor: { States: Record<string, { Parameters: unknown }> } };
    // The ItemSelector is evaluated in the parent execution, before the child starts.
    expect(map.ItemSelector).toMatchObject({ 'executionArn.$': '$$.Execution.Id', 'executionInput.$': '$$.Execution.Input' });
    const environment = (map.ItemProcessor.States['each: item'].Parameters as { Overrides: { ContainerOverrides: { Environment: { Name: string; 'Value.$'?: string }[] }[] } }).Overrides.ContainerOverrides[0].Environment;
    expect(environment).toEqual(expect.arrayContaining([{ Name: 'EXECUTION_ARN', 'Value.$': '$.executionArn' }, { Name: 'EXECUTION_INPUT', 'Value.$': 'States.JsonToString($.executionInput)' }]));
    expect(JSON.stringify(map.ItemProcessor)).not.toContain('$$.Execution');
  });

  it('GIVEN a Distributed fan-out that tolerates failures THEN what became of each item, the failed ones included, is written to the results bucket (states.result-writer)', () => {
    const config = resolve(workflow('w', { timeoutSeconds: 3600, steps: [{ name: 'each-file', forEach: { itemsPath: '$.items', toleratedFailurePercentage: 10 }, task: { image: 'notifier' } }] }));
    const definition = buildDefinition({ ...propsFor(config), resultsBucket: 'wf-dev-results-123456789012-ap-northeast-1' });
    expect(definition.States['each-file'].ResultWriter).toEqual({
      Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { Bucket: 'wf-dev-results-123456789012-ap-northeast-1', Prefix: 'fan-outs/w/each_file' },
    });
    expect(aslErrors(definition)).toBe('');
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
    expect(run.entered).toEqual(['task1', 'task2', COMPLETED]);
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

  /** No Fargate capacity, as the `.sync` integration reports a RunTask `Failures` list (stacks/aws/step-errors.ts). */
  const noCapacity = () => {
    const { error, cause } = runTaskFailuresError([{ reason: CAPACITY_UNAVAILABLE_REASON }]);
    return new EcsError(error, cause);
  };

  it('GIVEN no Fargate capacity that persists (RunTask Failures) THEN it is retried the configured number of times, then fails the execution at that step', async () => {
    const config = resolve(workflow('w', { steps: [task('task1', { retry: { capacityRetries: 2 } }), task('task2')] }));
    const run = await execute(propsFor(config), {
      task1: () => {
        throw noCapacity();
      },
    });

    expect(run.attempts.get('task1')).toBe(3);
    expect(run.attempts.has('task2')).toBe(false);
    // each attempt fails; the last one, after the retries, fails the execution there
    expect(run.failed).toEqual(Array<string[]>(3).fill(['task1', 'AmazonECS.Unknown']));
    expect(run.executionFailed).toBe('AmazonECS.Unknown');
  });

  it('GIVEN RunTask Failures (no capacity) that clear THEN the step succeeds on a retry and the workflow goes on', async () => {
    const run = await execute(propsFor(seed()), {
      task1: (attempt) => {
        if (attempt < 3) throw noCapacity();
      },
    });
    expect(run.error).toBeUndefined();
    expect(run.calls.map((call) => call.state)).toEqual(['task1', 'task1', 'task1', 'task2']);
  });

  it('GIVEN the ECS API throttles RunTask THEN the step succeeds on a retry', async () => {
    const run = await execute(propsFor(seed()), {
      task1: (attempt) => {
        if (attempt < 2) throw new EcsError(ECS_API_ERROR, 'Rate exceeded');
      },
    });
    expect(run.error).toBeUndefined();
    expect(run.calls.map((call) => call.state)).toEqual(['task1', 'task1', 'task2']);
  });

  describe('a step on Fargate Spot', () => {
    const spot = () => resolve(workflow('w', { steps: [task('task1', { capacity: 'FARGATE_SPOT' }), task('task2')] }));
    const run = spotStateNames('task1').run;
    /** A `.sync` task that stopped, as Step Functions fails the state with it (stacks/aws/ecs-stopped-task.ts). */
    const stopped = (task: EcsStoppedTask) => new EcsError(TASK_FAILED_ERROR, taskFailedCause(task));

    it('GIVEN Fargate Spot interrupts the task twice THEN the task runs again each time and the workflow goes on', async () => {
      const result = await execute(propsFor(spot()), {
        [run]: (attempt) => {
          if (attempt < 3) throw stopped(spotInterruptedTask());
        },
      });
      expect(result.error).toBeUndefined();
      expect(result.calls.map((call) => call.state)).toEqual([run, run, run, 'task2']);
    });

    it('GIVEN interruptions beyond spotInterruptionRetries THEN the step fails in place with the interruption', async () => {
      const result = await execute(propsFor(spot()), {
        [run]: () => {
          throw stopped(spotInterruptedTask());
        },
      });
      expect(result.attempts.get(run)).toBe(3);
      expect(result.attempts.has('task2')).toBe(false);
      expect(result.executionFailed).toBe(SPOT_INTERRUPTED_ERROR);
    });

    it('GIVEN the task fails by itself (exit code 3) THEN it is not run again and the step fails with States.TaskFailed and the task as its cause', async () => {
      const failed = essentialContainerExitedTask(3);
      const result = await execute(propsFor(spot()), {
        [run]: () => {
          throw stopped(failed);
        },
      });
      expect(result.attempts.get(run)).toBe(1);
      expect(result.attempts.has('task2')).toBe(false);
      expect(result.executionFailed).toBe(TASK_FAILED_ERROR);
      expect(result.failed).toContainEqual(['task1', TASK_FAILED_ERROR]);
    });

    it('GIVEN the step keeps the step name THEN a redrive reruns the failed step, which runs the task (states.redrive-from-failed-state)', () => {
      const definition = buildDefinition(propsFor(spot()));
      expect(definition.States.task1).toMatchObject({ Type: 'Parallel', Next: 'task2' });
      expect(aslErrors(definition)).toBe('');
    });
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

    it('GIVEN an older execution is running THEN no step runs and the run succeeds saying it was skipped', async () => {
      const run = await execute(propsFor(scheduled()), {}, [{ executionArn: `${EXECUTION_ARN}-previous`, startedAt: 0 }, { executionArn: EXECUTION_ARN, startedAt: 1 }]);
      expect(run.error).toBeUndefined();
      expect(run.calls).toEqual([]);
      expect(run.entered.at(-1)).toBe(SKIPPED);
      expect(run.result).toEqual(SKIPPED_OUTPUT);
    });

    it('GIVEN only this execution is running THEN the steps run, each with the execution context', async () => {
      const run = await execute(propsFor(scheduled()));
      expect(run.error).toBeUndefined();
      expect(run.calls.map((call) => call.state)).toEqual(['task1', 'task2']);
      expect(run.calls[0].environment.EXECUTION_ARN).toBe(EXECUTION_ARN);
      expect(run.result).toEqual(COMPLETED_OUTPUT);
    });

    it('GIVEN two executions started together (each lists both) THEN exactly one runs its steps: the oldest', async () => {
      const first = { executionArn: `${EXECUTION_ARN}-a`, startedAt: 5 };
      const second = { executionArn: `${EXECUTION_ARN}-b`, startedAt: 6 };
      const both = [first, second];
      // Each execution sees the same list; run each as itself.
      const outcomes = [];
      for (const self of both) {
        const props = propsFor(scheduled());
        outcomes.push(await executeAs(self.executionArn, props, both));
      }
      expect(outcomes.map((run) => run.result)).toEqual([COMPLETED_OUTPUT, SKIPPED_OUTPUT]);
      expect(outcomes.map((run) => run.calls.length)).toEqual([2, 0]);
    });

    it('GIVEN this execution is not listed yet (ListExecutions is eventually consistent) and none other runs THEN its steps run', async () => {
      const run = await execute(propsFor(scheduled()), {}, []);
      expect(run.calls.map((call) => call.state)).toEqual(['task1', 'task2']);
    });

    it('GIVEN ListExecutions is throttled twice THEN the check retries it and the run goes on', async () => {
      const definition = buildDefinition(propsFor(scheduled()));
      expect(definition.States[CHECK_RUNNING].Retry).toEqual([expect.objectContaining({ ErrorEquals: ['Sfn.ThrottlingException', 'Sfn.SfnException'], JitterStrategy: 'FULL' })]);
      let calls = 0;
      const list = listRunningHandler([{ executionArn: EXECUTION_ARN, startedAt: 0 }]);
      const machine = localStateMachine(definition);
      const handlers: Record<string, LocalHandler> = Object.fromEntries(taskStateNames(definition).map((name) => [name, async () => ({})]));
      handlers[CHECK_RUNNING] = async (input) => {
        calls += 1;
        // Throttled, as the AWS SDK integration names it (stacks/aws/step-errors.ts).
        if (calls <= 2) throw new EcsError(SFN_SDK_TRANSIENT_ERRORS[0], 'Rate exceeded');
        return list(input);
      };
      const execution = machine.run({}, {
        overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: Object.fromEntries(taskStateNames(definition).map((name) => [name, 0])) },
        context: { Execution: { Id: EXECUTION_ARN, Input: {}, Name: 'run-1' }, StateMachine: { Id: STATE_MACHINE_ARN, Name: 'wf-dev-w' } },
      });
      const settled = execution.result;
      await jest.runAllTimersAsync();
      expect(await settled).toEqual(COMPLETED_OUTPUT);
      expect(calls).toBe(3);
    });

    it('GIVEN overlap "allow" THEN there is no check', () => {
      const definition = buildDefinition(propsFor(resolve(workflow('w', { steps: [task('task1')], schedule: { expression: 'rate(1 hour)' }, overlap: 'allow' }))));
      expect(definition.StartAt).toBe('task1');
      expect(Object.keys(definition.States)).toEqual(['task1', COMPLETED]);
    });
  });

  it('has no Fail or notification state: the steps, then the completion that says every step succeeded', () => {
    const definition = buildDefinition(propsFor(seed()));
    expect(Object.keys(definition.States)).toEqual(['task1', 'task2', COMPLETED]);
    expect(definition.States.task2).toMatchObject({ Next: COMPLETED });
    expect(definition.States[COMPLETED]).toEqual(expect.objectContaining({ Type: 'Pass', Result: COMPLETED_OUTPUT, End: true }));
  });
});
