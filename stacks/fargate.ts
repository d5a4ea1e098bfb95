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

/** Undefined when the pair is valid, otherwise what is allowed. */
export function fargateSizeProblem(cpu: number, memoryMiB: number): string | undefined {
  const memories = MEMORY_BY_CPU.get(cpu);
  if (!memories) return `cpu must be one of ${FARGATE_CPU_VALUES.join(', ')}`;
  if (memories.includes(memoryMiB)) return undefined;
  const first = memories[0];
  const last = memories[memories.length - 1];
  const step = memories.length > 1 ? memories[1] - first : 0;
  const allowed = memories.length <= 3 ? memories.join(', ') : `${first} to ${last} in steps of ${step}`;
  return `memoryMiB ${memoryMiB} is not accepted by Fargate with cpu ${cpu}: allowed ${allowed}`;
}
