/** Amazon ECS on AWS Fargate (Linux) limits and contracts. */
import type { AwsRule } from './rule';

export type CpuArchitecture = 'X86_64' | 'ARM64';
export type FargateCapacity = 'FARGATE' | 'FARGATE_SPOT';

/**
 * The Fargate Linux platform version every task is started on (RunTask `PlatformVersion`), pinned rather than
 * `LATEST` because the rules below depend on it: FARGATE_SPOT with ARM64, and the 8 and 16 vCPU sizes, need
 * 1.4.0 or later.
 */
export const FARGATE_PLATFORM_VERSION = '1.4.0';

/**
 * The task sizes Fargate accepts (Linux): for each CPU value in CPU units, the allowed memory values in MiB.
 * Source: the "Task CPU and memory" table of the Amazon ECS developer guide.
 */
const MEMORY_BY_CPU: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

export const FARGATE_CPU_VALUES: readonly number[] = [...MEMORY_BY_CPU.keys()];

function allowedMemory(memories: readonly number[]): string {
  const first = memories[0];
  const last = memories[memories.length - 1];
  const step = memories.length > 1 ? memories[1] - first : 0;
  return memories.length <= 3 ? memories.join(', ') : `${first} to ${last} in steps of ${step}`;
}

/** Undefined when the pair is valid, otherwise what is allowed. */
export function fargateSizeProblem(cpu: number, memoryMiB: number): string | undefined {
  const memories = MEMORY_BY_CPU.get(cpu);
  if (!memories) return `cpu must be one of ${FARGATE_CPU_VALUES.join(', ')}`;
  if (memories.includes(memoryMiB)) return undefined;
  return `memoryMiB ${memoryMiB} is not accepted by Fargate with cpu ${cpu}: allowed ${allowedMemory(memories)}`;
}

/** The image platform (`docker build --platform`) a task of this architecture runs. */
export function imagePlatformOf(architecture: CpuArchitecture): 'linux/amd64' | 'linux/arm64' {
  return architecture === 'ARM64' ? 'linux/arm64' : 'linux/amd64';
}

/** The oldest platform version on which FARGATE_SPOT runs Linux tasks of each architecture. */
const FARGATE_SPOT_MINIMUM_PLATFORM: Readonly<Record<CpuArchitecture, string>> = { X86_64: '1.3.0', ARM64: '1.4.0' };

function compareVersions(left: string, right: string): number {
  const a = left.split('.').map(Number);
  const b = right.split('.').map(Number);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Undefined when `capacity` runs Linux tasks of `architecture` on `platformVersion`, otherwise why not. Every
 * pair is accepted on the pinned {@link FARGATE_PLATFORM_VERSION}; the check keeps that true if the pin moves.
 */
export function capacityArchitectureProblem(
  capacity: FargateCapacity,
  architecture: CpuArchitecture,
  platformVersion: string = FARGATE_PLATFORM_VERSION,
): string | undefined {
  if (capacity !== 'FARGATE_SPOT') return undefined;
  const minimum = FARGATE_SPOT_MINIMUM_PLATFORM[architecture];
  if (compareVersions(platformVersion, minimum) >= 0) return undefined;
  return `FARGATE_SPOT runs ${architecture} tasks on platform version ${minimum} or later; tasks are started on ${platformVersion}`;
}

/**
 * What a Fargate task volume without a matching image `VOLUME` looks like in the container: an empty folder
 * owned by root with mode 0755, which the default task user (65532) cannot write.
 */
export const BIND_MOUNT_DEFAULT = { uid: 0, gid: 0, mode: 0o755 } as const;

/** Ephemeral storage a Fargate task may ask for, in GiB; without asking it gets 20 (rule ecs.fargate-ephemeral-storage). */
export const EPHEMERAL_STORAGE_GIB = { default: 20, min: 21, max: 200 } as const;

export const ECS_FARGATE_RULES: readonly AwsRule[] = [
  {
    id: 'ecs.fargate-task-size',
    rule:
      'A Fargate task has one of these cpu and memory (MiB) pairs: ' +
      [...MEMORY_BY_CPU].map(([cpu, memories]) => `cpu ${cpu} with ${allowedMemory(memories)}`).join('; ') +
      '.',
    source: 'Task CPU and memory (Amazon ECS Developer Guide)',
  },
  {
    id: 'ecs.runtime-architecture',
    rule: 'A task runs on the CPU architecture its runtimePlatform names, X86_64 or ARM64, so every image it runs must be built for that architecture.',
    source: 'RuntimePlatform (Amazon ECS API Reference)',
  },
  {
    id: 'ecs.fargate-spot-platform',
    rule: `FARGATE_SPOT runs Linux tasks on X86_64 from platform version ${FARGATE_SPOT_MINIMUM_PLATFORM.X86_64} and on ARM64 from platform version ${FARGATE_SPOT_MINIMUM_PLATFORM.ARM64}; every task here is started on platform version ${FARGATE_PLATFORM_VERSION}.`,
    source: 'CapacityProviderStrategyItem (Amazon ECS API Reference)',
  },
  {
    id: 'ecs.fargate-ephemeral-storage',
    rule: `A Fargate task on platform version 1.4.0 or later gets ${EPHEMERAL_STORAGE_GIB.default} GiB of ephemeral storage; its task definition may ask for ${EPHEMERAL_STORAGE_GIB.min} to ${EPHEMERAL_STORAGE_GIB.max} GiB (ephemeralStorage.sizeInGiB).`,
    source: 'EphemeralStorage (Amazon ECS API Reference)',
  },
  {
    id: 'ecs.bind-mount-owner',
    rule: 'On Fargate a task volume mounted at a path is an empty folder owned by root with mode 0755, unless the image declares a VOLUME at that path: then its contents, owner and mode are copied into the volume.',
    source: 'Use bind mounts with Amazon ECS (Amazon ECS Developer Guide)',
  },
];
