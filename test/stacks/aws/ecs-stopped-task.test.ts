// The model of a stopped ECS task and of the cause Step Functions fails a .sync step with.
import {
  ECS_STOPPED_TASK_RULES,
  essentialContainerExitedTask,
  failedToStartTask,
  spotInterruptedTask,
  STOP_CODES,
  stoppedTask,
  STOPPED_REASONS,
  TASK_STOP_CODES,
  taskFailedCause,
  toStepFunctionsForm,
  type StepFunctionsStoppedTask,
} from '../../../stacks/aws/ecs-stopped-task';

/**
 * The keys of a real `States.TaskFailed` cause, as recorded in aws-samples/retryable-ecs-run-task-step-functions
 * (lambda/error_handler/event.json): the task's, then its container's. That task was started with a launch type,
 * so it has `LaunchType`; ours are started with a capacity provider strategy, so they have `CapacityProviderName`
 * (both are fields of Task in the Amazon ECS API Reference).
 */
const RECORDED_TASK_KEYS = [
  'Attachments', 'Attributes', 'AvailabilityZone', 'ClusterArn', 'Connectivity', 'ConnectivityAt', 'Containers', 'Cpu', 'CreatedAt',
  'DesiredStatus', 'EnableExecuteCommand', 'EphemeralStorage', 'ExecutionStoppedAt', 'Group', 'InferenceAccelerators', 'LastStatus',
  'Memory', 'Overrides', 'PlatformVersion', 'PullStartedAt', 'PullStoppedAt', 'StartedAt', 'StartedBy', 'StopCode', 'StoppedAt',
  'StoppedReason', 'StoppingAt', 'Tags', 'TaskArn', 'TaskDefinitionArn', 'Version',
];
const RECORDED_CONTAINER_KEYS = [
  'ContainerArn', 'Cpu', 'ExitCode', 'GpuIds', 'Image', 'ImageDigest', 'LastStatus', 'ManagedAgents', 'Name', 'NetworkBindings',
  'NetworkInterfaces', 'RuntimeId', 'TaskArn',
];

function parseCause(cause: string): StepFunctionsStoppedTask {
  return JSON.parse(cause) as StepFunctionsStoppedTask;
}

describe('states.ecs-task-failed', () => {
  it('GIVEN a task whose container exited 3 WHEN Step Functions gives it as the cause THEN the keys are PascalCase at every depth, with the recorded cause’s keys', () => {
    const cause = parseCause(taskFailedCause(essentialContainerExitedTask(3, { environment: [{ name: 'EXECUTION_INPUT', value: '{"day":"2026-11-29"}' }] })));

    expect(Object.keys(cause)).toEqual(expect.arrayContaining(RECORDED_TASK_KEYS));
    expect(Object.keys(cause.Containers[0])).toEqual(expect.arrayContaining(RECORDED_CONTAINER_KEYS));
    expect(cause.StopCode).toBe('EssentialContainerExited');
    expect(cause.StoppedReason).toBe('Essential container in task exited');
    expect(cause.Containers[0].ExitCode).toBe(3);
    expect(cause.Overrides.ContainerOverrides[0].Environment).toEqual([{ Name: 'EXECUTION_INPUT', Value: '{"day":"2026-11-29"}' }]);
    // Values stay as ECS wrote them: only keys change case.
    expect(cause.Attachments[0].Details.map((detail) => detail.Name)).toContain('privateIPv4Address');
    const lowerCaseKeys: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (!/^[A-Z]/.test(key)) lowerCaseKeys.push(key);
          walk(item);
        }
      }
    };
    walk(cause);
    expect(lowerCaseKeys).toEqual([]);
  });

  it('GIVEN the ECS form WHEN converted THEN only the first letter of each key changes', () => {
    expect(toStepFunctionsForm({ ephemeralStorage: { sizeInGiB: 20 }, networkInterfaces: [{ privateIpv4Address: '10.0.0.5' }], name: 'subnetId' })).toEqual({
      EphemeralStorage: { SizeInGiB: 20 },
      NetworkInterfaces: [{ PrivateIpv4Address: '10.0.0.5' }],
      Name: 'subnetId',
    });
  });
});

describe('ecs.stop-codes', () => {
  it('GIVEN each builder THEN the task is STOPPED with a documented stop code and its reason', () => {
    const tasks = [essentialContainerExitedTask(1), spotInterruptedTask(), failedToStartTask('CannotPullContainerError: pull image manifest has been retried 5 time(s)')];
    for (const task of tasks) {
      expect(task.lastStatus).toBe('STOPPED');
      expect(task.desiredStatus).toBe('STOPPED');
      expect(TASK_STOP_CODES).toContain(task.stopCode);
      expect(task.stoppedReason).not.toBe('');
    }
  });

  it('GIVEN a task that failed to start THEN no container has an exit code and nothing was pulled', () => {
    const task = failedToStartTask('ResourceInitializationError: unable to pull secrets or registry auth');
    expect(task.stopCode).toBe(STOP_CODES.TaskFailedToStart);
    expect(task.containers.map((container) => container.exitCode)).toEqual([undefined]);
    expect(task.startedAt).toBeUndefined();
  });

  it('GIVEN sidecars THEN each container has its own name, exit code and reason', () => {
    const task = stoppedTask({
      stopCode: STOP_CODES.EssentialContainerExited,
      stoppedReason: STOPPED_REASONS.essentialContainerExited,
      exitCode: 137,
      containerReason: 'OutOfMemoryError: Container killed due to memory usage',
      sidecars: [{ name: 'log-router', exitCode: 0 }],
    });
    expect(task.containers.map((c) => [c.name, c.exitCode, c.reason])).toEqual([
      ['app', 137, 'OutOfMemoryError: Container killed due to memory usage'],
      ['log-router', 0, undefined],
    ]);
  });
});

describe('ecs.spot-interruption-stop-code', () => {
  it('GIVEN a Spot interruption THEN the task ran on FARGATE_SPOT, stop code SpotInterruption, and the cause names it', () => {
    const task = spotInterruptedTask();
    expect(task.capacityProviderName).toBe('FARGATE_SPOT');
    expect(task.stopCode).toBe('SpotInterruption');
    expect(task.stoppedReason).toBe('Your Spot Task was interrupted.');
    // What a Choice rule with StringMatches "*SpotInterruption*" on the cause would see.
    expect(taskFailedCause(task)).toContain('"StopCode":"SpotInterruption"');
    expect(taskFailedCause(essentialContainerExitedTask(1))).not.toContain('SpotInterruption');
  });
});

describe('rules', () => {
  it('GIVEN every rule THEN its id, wording and source follow the table’s form', () => {
    for (const rule of ECS_STOPPED_TASK_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+\.[a-z0-9-]+$/);
      expect(rule.rule).toMatch(/\.$/);
      expect(rule.source).toMatch(/\((.+ )?(Guide|Reference|Documentation|pricing)\)$/);
    }
  });
});
