/**
 * Executions through the emulator's Step Functions interpreter: start one, answer its callback steps as their
 * container would (SendTaskSuccess with the token the task got in TASK_TOKEN), collect the ECS tasks it started
 * (by the EXECUTION_ARN each one got), and wait for its end.
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
  /** Callback steps answered, by STEP_NAME. */
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

/** What the checks read of a state (the definitions themselves are typed by stacks/asl.ts). */
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
  /** What a callback step's container reports, by its STEP_NAME. @default {} */
  readonly callbackResult: (step: string) => unknown;
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

/** A started execution, watched until it ends; `holdCallbacks` keeps its callback steps waiting while it returns true. */
async function watchExecution(watch: Watch, executionArn: string, seen: Map<string, EcsTask>, holdCallbacks: () => boolean, until: (run: ExecutionRun) => boolean): Promise<ExecutionRun> {
  const answered = new Set<string>();
  const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
  for (;;) {
    await clusterTasks(watch, seen);
    const tasks = [...seen.values()].filter((task) => valueOf(task, 'EXECUTION_ARN') === executionArn);
    if (!holdCallbacks()) {
      for (const task of tasks) {
        const token = valueOf(task, 'TASK_TOKEN');
        if (!token || answered.has(task.taskArn)) continue;
        answered.add(task.taskArn);
        const step = valueOf(task, 'STEP_NAME') ?? '';
        await watch.aws.json('states', 'SendTaskSuccess', { taskToken: token, output: JSON.stringify(watch.callbackResult(step) ?? {}) });
      }
    }
    const execution = await watch.aws.json<Execution>('states', 'DescribeExecution', { executionArn });
    const run: ExecutionRun = {
      execution,
      tasks,
      answered: tasks.filter((task) => answered.has(task.taskArn)).map((task) => valueOf(task, 'STEP_NAME') ?? ''),
    };
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`${executionArn} still ${execution.status} after ${EXECUTION_TIMEOUT_MS / 1000} s; tasks so far: ${tasks.length}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const ended = (run: ExecutionRun) => run.execution.status !== 'RUNNING';

export interface ExecutionsOptions extends Watch {
  readonly stateMachineArn: string;
  readonly input: unknown;
  /** Whether the definition has a callback step: a second execution then starts while the first waits at it. */
  readonly hasCallbackStep: boolean;
}

/**
 * One execution run to its end; for a workflow with a callback step, two: the first held at its callback step
 * while a second one starts and runs to its end, then the first answered and run to its end (what a schedule
 * firing during a long run does).
 */
export async function runExecutions(options: ExecutionsOptions): Promise<ExecutionRun[]> {
  const seen = new Map<string, EcsTask>();
  const start = async (name: string) =>
    (await options.aws.json<{ executionArn: string }>('states', 'StartExecution', { stateMachineArn: options.stateMachineArn, name, input: JSON.stringify(options.input) })).executionArn;
  const first = await start('deploy-test-1');
  if (!options.hasCallbackStep) return [await watchExecution(options, first, seen, () => false, ended)];
  let holding = true;
  const waiting = await watchExecution(options, first, seen, () => holding, (run) => ended(run) || run.tasks.some((task) => valueOf(task, 'TASK_TOKEN') !== undefined));
  if (ended(waiting)) return [waiting];
  const second = await watchExecution(options, await start('deploy-test-2'), seen, () => false, ended);
  holding = false;
  return [await watchExecution(options, first, seen, () => holding, ended), second];
}

export { valueOf };
