// ECS on Fargate rules: both sides of each limit, and the builders that rely on them.
import {
  capacityArchitectureProblem,
  FARGATE_PLATFORM_VERSION,
  fargateSizeProblem,
  imagePlatformOf,
} from '../../../stacks/aws/ecs-fargate';
import { definitionOf, environment, resourcesOf, stackOf, synth, task, workflow } from '../../helpers';

describe('ecs.fargate-task-size', () => {
  it.each([
    [256, 512],
    [256, 2048],
    [1024, 8192],
    [8192, 16384],
    [16384, 122880],
  ])('GIVEN cpu %i with %i MiB THEN Fargate accepts it', (cpu, memory) => {
    expect(fargateSizeProblem(cpu, memory)).toBeUndefined();
  });

  it.each([
    [256, 4096, 'allowed 512, 1024, 2048'],
    [8192, 18432, 'allowed 16384 to 61440 in steps of 4096'],
    [300, 512, 'cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384'],
  ])('GIVEN cpu %i with %i MiB THEN it is refused with what is allowed', (cpu, memory, allowed) => {
    expect(fargateSizeProblem(cpu, memory)).toContain(allowed);
  });
});

describe('ecs.fargate-spot-platform', () => {
  it.each([
    ['FARGATE', 'X86_64'],
    ['FARGATE', 'ARM64'],
    ['FARGATE_SPOT', 'X86_64'],
    ['FARGATE_SPOT', 'ARM64'],
  ] as const)('GIVEN %s with %s on the pinned platform version THEN it runs', (capacity, architecture) => {
    expect(FARGATE_PLATFORM_VERSION).toBe('1.4.0');
    expect(capacityArchitectureProblem(capacity, architecture)).toBeUndefined();
  });

  it('GIVEN FARGATE_SPOT with ARM64 on platform version 1.3.0 THEN it is refused; X86_64 there still runs', () => {
    expect(capacityArchitectureProblem('FARGATE_SPOT', 'ARM64', '1.3.0')).toBe(
      'FARGATE_SPOT runs ARM64 tasks on platform version 1.4.0 or later; tasks are started on 1.3.0',
    );
    expect(capacityArchitectureProblem('FARGATE_SPOT', 'X86_64', '1.3.0')).toBeUndefined();
    expect(capacityArchitectureProblem('FARGATE_SPOT', 'X86_64', '1.2.0')).toContain('1.3.0 or later');
  });

  it('GIVEN every workflow state that runs a task THEN it starts the task on the pinned platform version', () => {
    const env = environment({
      workflows: [
        workflow('w', {
          notifyOnSuccess: true,
          steps: [task('a', { capacity: 'FARGATE_SPOT', cpuArchitecture: 'ARM64', image: { uri: `public.ecr.aws/docker/library/busybox@sha256:${'c'.repeat(64)}` } }), { name: 'p', parallel: [task('b'), task('c')] }],
        }),
      ],
    });
    const [machine] = resourcesOf(synth(stackOf(env)), 'aws_sfn_state_machine');
    const states = Object.values(definitionOf(machine).States).flatMap((state) =>
      state.Type === 'Parallel' ? (state.Branches as { States: Record<string, Record<string, unknown>> }[]).flatMap((branch) => Object.values(branch.States)) : [state],
    );
    const runTasks = states.filter((state) => state.Type === 'Task');
    expect(runTasks.length).toBe(3);
    for (const state of runTasks) expect(state.Parameters).toMatchObject({ PlatformVersion: FARGATE_PLATFORM_VERSION });
  });
});

describe('ecs.runtime-architecture', () => {
  it('maps each CPU architecture to the image platform built for it', () => {
    expect(imagePlatformOf('X86_64')).toBe('linux/amd64');
    expect(imagePlatformOf('ARM64')).toBe('linux/arm64');
  });
});
