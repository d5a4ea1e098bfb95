/**
 * Executions through the emulator's Step Functions interpreter: start one, play each ECS task's container (a
 * step that reports a result writes it to the RESULT_KEY its task got in RESULT_BUCKET, then the task stops),
 * collect the ECS tasks it started (by the EXECUTION_ARN each one got), and wait for its end. The emulator's tasks
 * run until stopped (the deploy harness sets that), as on AWS a task runs until its container exits.
 */
import type { Aws } from './aws-calls';

export interface EnvironmentEntry {
  readonly name: string;
  readonly value: string;
}

export interface EcsTask {
  readonly taskArn: string;
  readonly taskDefinitionArn: string;
  readonly environment: EnvironmentEntry[];
}

export interface Execution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: string;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: number;
  readonly stopDate?: number;
}

export interface ExecutionRun {
  readonly execution: Execution;
  readonly tasks: EcsTask[];
  /** Steps that wrote a result, by STEP_NAME. */
  readonly answered: string[];
}

/** A step that runs an ECS task, as the definition gives it. */
export interface RunTaskStep {
  readonly state: string;
  readonly taskDefinition: string;
  /** Fixed environment values of its container override. */
  readonly values: EnvironmentEntry[];
  /** Names whose value the execution gives (`Value.$`). */
  readonly dynamic: string[];
}

/** What the checks read of a state (the definitions themselves are typed by stacks/builders/asl.ts). */
export interface AslState {
  Type: string;
  Resource?: string;
  Next?: string;
  End?: boolean;
  Parameters?: { TaskDefinition?: string; Overrides?: { ContainerOverrides?: { Environment?: Record<string, string>[] }[] } };
  Branches?: { States: Record<string, AslState> }[];
  ItemProcessor?: { States: Record<string, AslState> };
  Iterator?: { States: Record<string, AslState> };
}

/** Every ECS step of a definition, parallel branches and fan-outs included. */
export function runTaskSteps(definition: { States: Record<string, AslState> }): RunTaskStep[] {
  return Object.entries(definition.States).flatMap(([name, state]): RunTaskStep[] => {
    if (state.Type === 'Parallel') return (state.Branches ?? []).flatMap((branch) => runTaskSteps(branch));
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      return processor ? runTaskSteps(processor) : [];
    }
    if (state.Type !== 'Task' || !state.Resource?.startsWith('arn:aws:states:::ecs:runTask')) return [];
    const environment = state.Parameters?.Overrides?.ContainerOverrides?.flatMap((override) => override.Environment ?? []) ?? [];
    return [
      {
        state: name,
        taskDefinition: String(state.Parameters?.TaskDefinition),
        values: environment.filter((entry) => 'Value' in entry).map((entry) => ({ name: entry.Name, value: entry.Value })),
        dynamic: environment.filter((entry) => 'Value.$' in entry).map((entry) => entry.Name),
      },
    ];
  });
}

const POLL_MS = 200;
const EXECUTION_TIMEOUT_MS = 120_000;

interface Watch {
  readonly aws: Aws;
  readonly clusterArn: string;
  /** What a step that reports a result writes, by its STEP_NAME. @default {} */
  readonly result: (step: string) => unknown;
}

/** Tasks of the cluster seen so far, by ARN (ListTasks lists stopped tasks too, for a while, on AWS as well). */
async function clusterTasks(watch: Watch, seen: Map<string, EcsTask>): Promise<void> {
  const { taskArns } = await watch.aws.json<{ taskArns: string[] }>('ecs', 'ListTasks', { cluster: watch.clusterArn });
  const unseen = taskArns.filter((arn) => !seen.has(arn));
  if (unseen.length === 0) return;
  const { tasks } = await watch.aws.json<{ tasks: { taskArn: string; taskDefinitionArn: string; overrides?: { containerOverrides?: { environment?: EnvironmentEntry[] }[] } }[] }>('ecs', 'DescribeTasks', {
    cluster: watch.clusterArn,
    tasks: unseen,
  });
  for (const task of tasks) {
    const environment = (task.overrides?.containerOverrides ?? []).flatMap((override) => override.environment ?? []);
    seen.set(task.taskArn, { taskArn: task.taskArn, taskDefinitionArn: task.taskDefinitionArn, environment });
  }
}

const valueOf = (task: EcsTask, name: string) => task.environment.find((entry) => entry.name === name)?.value;

/** The container of a task, played: it writes its result where its task was told to, then exits (the task stops). */
async function finish(watch: Watch, task: EcsTask): Promise<boolean> {
  const bucket = valueOf(task, 'RESULT_BUCKET');
  const key = valueOf(task, 'RESULT_KEY');
  const step = valueOf(task, 'STEP_NAME') ?? '';
  if (bucket && key) await watch.aws.put('s3', `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`, JSON.stringify(watch.result(step) ?? {}));
  await watch.aws.json('ecs', 'StopTask', { cluster: watch.clusterArn, task: task.taskArn, reason: 'Essential container in task exited' });
  return Boolean(bucket && key);
}

/** A started execution, watched until `until`; its tasks are left running while `hold` returns true. */
async function watchExecution(watch: Watch, executionArn: string, seen: Map<string, EcsTask>, finished: Set<string>, hold: () => boolean, until: (run: ExecutionRun) => boolean): Promise<ExecutionRun> {
  const answered: string[] = [];
  const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
  for (;;) {
    await clusterTasks(watch, seen);
    const tasks = [...seen.values()].filter((task) => valueOf(task, 'EXECUTION_ARN') === executionArn);
    if (!hold()) {
      for (const task of tasks) {
        if (finished.has(task.taskArn)) continue;
        finished.add(task.taskArn);
        if (await finish(watch, task)) answered.push(valueOf(task, 'STEP_NAME') ?? '');
      }
    }
    const execution = await watch.aws.json<Execution>('states', 'DescribeExecution', { executionArn });
    const run: ExecutionRun = { execution, tasks, answered };
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`${executionArn} still ${execution.status} after ${EXECUTION_TIMEOUT_MS / 1000} s; tasks so far: ${tasks.length}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const ended = (run: ExecutionRun) => run.execution.status !== 'RUNNING';

export interface ExecutionsOptions extends Watch {
  readonly stateMachineArn: string;
  readonly input: unknown;
  /** Whether the definition skips a run while an older one runs: a second execution then starts while the first runs. */
  readonly skipsOverlappingRuns: boolean;
}

/**
 * One execution run to its end; for a workflow that skips overlapping runs, two: the first held while its first
 * task runs, a second started then and run to its end (what a schedule firing during a long run does), then the
 * first released and run to its end.
 */
export async function runExecutions(options: ExecutionsOptions): Promise<ExecutionRun[]> {
  const seen = new Map<string, EcsTask>();
  const finished = new Set<string>();
  const start = async (name: string) =>
    (await options.aws.json<{ executionArn: string }>('states', 'StartExecution', { stateMachineArn: options.stateMachineArn, name, input: JSON.stringify(options.input) })).executionArn;
  const first = await start('deploy-test-1');
  if (!options.skipsOverlappingRuns) return [await watchExecution(options, first, seen, finished, () => false, ended)];
  let holding = true;
  const running = await watchExecution(options, first, seen, finished, () => holding, (run) => ended(run) || run.tasks.length > 0);
  if (ended(running)) return [running];
  const second = await watchExecution(options, await start('deploy-test-2'), seen, finished, () => false, ended);
  holding = false;
  return [await watchExecution(options, first, seen, finished, () => holding, ended), second];
}

export { valueOf };
