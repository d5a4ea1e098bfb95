/**
 * What AWS answers when an ECS Fargate task that a Step Functions `ecs:runTask.sync` step runs stops with a
 * failure: the stopped task as DescribeTasks describes it, and the error and cause Step Functions fails the step
 * with. Pure values and builders, no cdktf: the tests take their fake AWS answers from here (the notifier's
 * message, the retry of Spot interruptions), so that what they check is what AWS documents, not our belief.
 *
 * Sources, one per rule below:
 * - "Task" and "Container" (Amazon ECS API Reference): the fields of a task and of its containers, `stopCode`
 *   and its valid values, `stoppedReason`, `exitCode`, `reason`, `overrides`, `attachments`,
 *   `capacityProviderName`.
 * - "Amazon ECS stopped task error codes" and "Viewing Amazon ECS stopped task errors" (Amazon ECS Developer
 *   Guide): the stopped reasons people see (`Essential container in task exited`, `CannotPullContainerError: ...`,
 *   `ResourceInitializationError: ...`), and that a stopped task is shown by DescribeTasks for a while only.
 * - "Fargate Spot termination notices" in "AWS Fargate capacity providers" (Amazon ECS Developer Guide): a Spot
 *   interruption gives the stopped reason `Your Spot Task was interrupted.`; the two-minute warning arrives as a
 *   task state change with stop code `TerminationNotice`.
 * - "Run Amazon ECS or Fargate tasks with Step Functions" (Step Functions Developer Guide): `.sync` waits for the
 *   task to stop; a RunTask answer with a non-empty `Failures` list fails the state with `AmazonECS.Unknown`;
 *   parameters and results of the optimized integrations are in PascalCase even where the ECS API is camelCase.
 * - The cause of `States.TaskFailed` is the stopped task as JSON with PascalCase keys ("StopCode",
 *   "StoppedReason", "Containers", "ExitCode", "Overrides"."ContainerOverrides"[]."Environment", "Attachments"
 *   with the ENI's subnet, network interface and private address), timestamps in epoch milliseconds. No AWS page
 *   prints a whole cause; public records of real ones: the cause recorded in aws-samples/
 *   retryable-ecs-run-task-step-functions (lambda/error_handler/event.json, which its handler reads as
 *   `cause['StoppedReason']`, `cause['Containers'][0]['ExitCode']`), and the AWS example state machine
 *   "retrying by stoppedReason of ECS task" (gist toricls/2e8d899888cfce85eac0e57361ba1fdd) that matches
 *   `States.StringToJson($.Cause)` then `$.Cause.StoppedReason`.
 */
import type { AwsRule } from './rule';

/** The errors a `.sync` step fails with (stacks/aws/step-errors.ts): a stopped task's is TASK_FAILED_ERROR, its cause the task (taskFailedCause). */
export { RUN_TASK_FAILURES_ERROR, TASK_FAILED_ERROR } from './step-errors';

/** `Task.stopCode`'s valid values (Task, Amazon ECS API Reference). */
export const STOP_CODES = {
  TaskFailedToStart: 'TaskFailedToStart',
  EssentialContainerExited: 'EssentialContainerExited',
  UserInitiated: 'UserInitiated',
  ServiceSchedulerInitiated: 'ServiceSchedulerInitiated',
  SpotInterruption: 'SpotInterruption',
  TerminationNotice: 'TerminationNotice',
} as const;
export type TaskStopCode = (typeof STOP_CODES)[keyof typeof STOP_CODES];
export const TASK_STOP_CODES: readonly TaskStopCode[] = Object.values(STOP_CODES);

/** Stopped reasons as the ECS Developer Guide shows them. */
export const STOPPED_REASONS = {
  /** Any essential container stopped, so ECS stopped the task ("Amazon ECS stopped task error codes"). */
  essentialContainerExited: 'Essential container in task exited',
  /** A Fargate Spot task whose capacity AWS took back ("Fargate Spot termination notices"). */
  spotInterrupted: 'Your Spot Task was interrupted.',
} as const;

/** A name and a value, as the ECS API gives environment variables and attachment details. */
export interface EcsKeyValuePair {
  readonly name: string;
  readonly value: string;
}

/** ContainerOverride (Amazon ECS API Reference): what RunTask was asked to change in one container. */
export interface EcsContainerOverride {
  readonly name: string;
  readonly command?: readonly string[];
  readonly environment?: readonly EcsKeyValuePair[];
  readonly environmentFiles?: readonly { readonly type: 's3'; readonly value: string }[];
  readonly resourceRequirements?: readonly { readonly type: string; readonly value: string }[];
}

/** TaskOverride (Amazon ECS API Reference). */
export interface EcsTaskOverride {
  readonly containerOverrides: readonly EcsContainerOverride[];
  readonly inferenceAcceleratorOverrides: readonly never[];
  readonly cpu?: string;
  readonly memory?: string;
}

/** Attachment (Amazon ECS API Reference): on Fargate, the task's elastic network interface. */
export interface EcsAttachment {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  /** `subnetId`, `networkInterfaceId`, `macAddress`, `privateDnsName`, `privateIPv4Address`. */
  readonly details: readonly EcsKeyValuePair[];
}

/** Container (Amazon ECS API Reference), as it is once its task stopped. */
export interface EcsStoppedContainer {
  readonly containerArn: string;
  readonly taskArn: string;
  readonly name: string;
  readonly image: string;
  readonly imageDigest?: string;
  readonly runtimeId?: string;
  readonly lastStatus: 'STOPPED';
  /** The exit code the container returned; absent when it never ran (or was never seen to exit). */
  readonly exitCode?: number;
  /** A short text on why the container stopped (e.g. `OutOfMemoryError: Container killed due to memory usage`). */
  readonly reason?: string;
  readonly networkBindings: readonly never[];
  readonly networkInterfaces: readonly { readonly attachmentId: string; readonly privateIpv4Address: string }[];
  readonly cpu: string;
  readonly gpuIds: readonly string[];
  readonly managedAgents: readonly never[];
}

/** Task (Amazon ECS API Reference): a stopped Fargate task as DescribeTasks returns it (timestamps in epoch ms). */
export interface EcsStoppedTask {
  readonly taskArn: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  /** `family:<task definition family>` for a task RunTask started without a group. */
  readonly group: string;
  readonly launchType?: 'FARGATE';
  /** `FARGATE` or `FARGATE_SPOT` for a task started with a capacity provider strategy. */
  readonly capacityProviderName?: string;
  readonly platformVersion: string;
  readonly platformFamily: string;
  readonly availabilityZone: string;
  readonly cpu: string;
  readonly memory: string;
  readonly lastStatus: 'STOPPED';
  readonly desiredStatus: 'STOPPED';
  readonly stopCode: TaskStopCode;
  readonly stoppedReason: string;
  readonly startedBy: string;
  readonly version: number;
  readonly connectivity?: 'CONNECTED' | 'DISCONNECTED';
  readonly connectivityAt?: number;
  readonly createdAt: number;
  readonly pullStartedAt?: number;
  readonly pullStoppedAt?: number;
  readonly startedAt?: number;
  readonly stoppingAt: number;
  readonly executionStoppedAt?: number;
  readonly stoppedAt: number;
  readonly containers: readonly EcsStoppedContainer[];
  readonly overrides: EcsTaskOverride;
  readonly attachments: readonly EcsAttachment[];
  readonly attributes: readonly never[];
  readonly tags: readonly never[];
  readonly ephemeralStorage: { readonly sizeInGiB: number };
  readonly enableExecuteCommand: boolean;
  readonly inferenceAccelerators: readonly never[];
}

/** `T` with every key's first letter upper-cased, at every depth: how Step Functions writes ECS objects. */
export type PascalCased<T> = T extends readonly (infer U)[]
  ? readonly PascalCased<U>[]
  : T extends object
    ? { readonly [K in keyof T as K extends string ? Capitalize<K> : never]: PascalCased<T[K]> }
    : T;

/** The stopped task as the cause of `States.TaskFailed` carries it. */
export type StepFunctionsStoppedTask = PascalCased<EcsStoppedTask>;
export type StepFunctionsStoppedContainer = PascalCased<EcsStoppedContainer>;

/** Keys in PascalCase at every depth; values (environment values, attachment detail names) as they are. */
export function toStepFunctionsForm<T>(value: T): PascalCased<T>;
export function toStepFunctionsForm(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => toStepFunctionsForm(item));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.charAt(0).toUpperCase() + key.slice(1), toStepFunctionsForm(item)]));
}

/** The `Cause` string of the `States.TaskFailed` error for this stopped task: its JSON, keys in PascalCase. */
export function taskFailedCause(task: EcsStoppedTask): string {
  return JSON.stringify(toStepFunctionsForm(task));
}

export interface StoppedTaskProps {
  readonly stopCode: TaskStopCode;
  readonly stoppedReason: string;
  /** The essential container's exit code. @default - none: the container never ran, or was not seen to exit */
  readonly exitCode?: number;
  /** The essential container's `reason`. @default - none */
  readonly containerReason?: string;
  /** @default 'app' */
  readonly containerName?: string;
  /** The task definition family. @default 'wf-dev-daily-batch-task1' */
  readonly family?: string;
  /** @default 1 */
  readonly revision?: number;
  /** @default 'FARGATE' */
  readonly capacityProviderName?: 'FARGATE' | 'FARGATE_SPOT';
  /** The environment RunTask's container override gave the container. @default - none */
  readonly environment?: readonly EcsKeyValuePair[];
  /** More containers beside the essential one (their name, exit code and reason). @default - none */
  readonly sidecars?: readonly { readonly name: string; readonly exitCode?: number; readonly reason?: string }[];
  /** @default 'eu-west-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /** @default 'wf-dev' */
  readonly clusterName?: string;
}

const TASK_ID = '8aebc075764b4792a630f1f926f43002';
const CREATED_AT = Date.UTC(2026, 10, 29, 9, 0, 0);

/** A stopped Fargate task as DescribeTasks describes it (Task, Container, Attachment; Amazon ECS API Reference). */
export function stoppedTask(props: StoppedTaskProps): EcsStoppedTask {
  const region = props.region ?? 'eu-west-1';
  const account = props.accountId ?? '123456789012';
  const cluster = props.clusterName ?? 'wf-dev';
  const family = props.family ?? 'wf-dev-daily-batch-task1';
  const name = props.containerName ?? 'app';
  const taskArn = `arn:aws:ecs:${region}:${account}:task/${cluster}/${TASK_ID}`;
  const attachmentId = 'f704bfb3-c5b6-4768-97fd-357b445d3fc2';
  const privateAddress = '10.0.12.34';
  const started = props.stopCode !== STOP_CODES.TaskFailedToStart;
  const container = (containerName: string, index: number, exitCode: number | undefined, reason: string | undefined): EcsStoppedContainer => ({
    containerArn: `arn:aws:ecs:${region}:${account}:container/${cluster}/${TASK_ID}/0438${index}ce1-55f2-4334-8bb8-e3effe976ac4`,
    taskArn,
    name: containerName,
    image: `${account}.dkr.ecr.${region}.amazonaws.com/${family}:latest`,
    ...(started ? { imageDigest: 'sha256:fbc0138a4f135fe5d5a2836b587c26a1d26c0e94e8d3986e1722e39f3a54cdb0', runtimeId: `${TASK_ID}-${2990360344 + index}` } : {}),
    lastStatus: 'STOPPED',
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(reason !== undefined ? { reason } : {}),
    networkBindings: [],
    networkInterfaces: [{ attachmentId, privateIpv4Address: privateAddress }],
    cpu: '0',
    gpuIds: [],
    managedAgents: [],
  });
  const containers = [
    container(name, 0, props.exitCode, props.containerReason),
    ...(props.sidecars ?? []).map((sidecar, index) => container(sidecar.name, index + 1, sidecar.exitCode, sidecar.reason)),
  ];
  return {
    taskArn,
    clusterArn: `arn:aws:ecs:${region}:${account}:cluster/${cluster}`,
    taskDefinitionArn: `arn:aws:ecs:${region}:${account}:task-definition/${family}:${props.revision ?? 1}`,
    group: `family:${family}`,
    capacityProviderName: props.capacityProviderName ?? 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    availabilityZone: `${region}a`,
    cpu: '256',
    memory: '512',
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    stopCode: props.stopCode,
    stoppedReason: props.stoppedReason,
    startedBy: 'AWS Step Functions',
    version: 5,
    connectivity: 'CONNECTED',
    connectivityAt: CREATED_AT + 3_000,
    createdAt: CREATED_AT,
    ...(started ? { pullStartedAt: CREATED_AT + 20_000, pullStoppedAt: CREATED_AT + 26_000, startedAt: CREATED_AT + 30_000 } : {}),
    stoppingAt: CREATED_AT + 40_000,
    executionStoppedAt: CREATED_AT + 41_000,
    stoppedAt: CREATED_AT + 54_000,
    containers,
    overrides: {
      containerOverrides: [{ name, command: [], environment: [...(props.environment ?? [])], environmentFiles: [], resourceRequirements: [] }],
      inferenceAcceleratorOverrides: [],
    },
    attachments: [
      {
        id: attachmentId,
        type: 'eni',
        status: 'DELETED',
        details: [
          { name: 'subnetId', value: 'subnet-0a1b2c3d4e5f60718' },
          { name: 'networkInterfaceId', value: 'eni-0123456789abcdef0' },
          { name: 'macAddress', value: '0a:1b:2c:3d:4e:5f' },
          { name: 'privateDnsName', value: `ip-10-0-12-34.${region}.compute.internal` },
          { name: 'privateIPv4Address', value: privateAddress },
        ],
      },
    ],
    attributes: [],
    tags: [],
    ephemeralStorage: { sizeInGiB: 20 },
    enableExecuteCommand: false,
    inferenceAccelerators: [],
  };
}

type Extra = Omit<StoppedTaskProps, 'stopCode' | 'stoppedReason' | 'exitCode'>;

/** The job's container ended with `exitCode` (0 or not), so ECS stopped the task ("Amazon ECS stopped task error codes"). */
export function essentialContainerExitedTask(exitCode: number, extra: Extra = {}): EcsStoppedTask {
  return stoppedTask({ ...extra, stopCode: STOP_CODES.EssentialContainerExited, stoppedReason: STOPPED_REASONS.essentialContainerExited, exitCode });
}

/**
 * AWS took the Fargate Spot capacity back ("Fargate Spot termination notices"): the containers got SIGTERM, then
 * SIGKILL after their stop timeout. Its stop code is `SpotInterruption` (Task, Amazon ECS API Reference); the
 * warning two minutes before carries `TerminationNotice` and the same reason, so a retry keyed to Spot should
 * match both codes, or the reason.
 */
export function spotInterruptedTask(extra: Extra & { readonly exitCode?: number } = {}): EcsStoppedTask {
  return stoppedTask({ capacityProviderName: 'FARGATE_SPOT', ...extra, stopCode: STOP_CODES.SpotInterruption, stoppedReason: STOPPED_REASONS.spotInterrupted });
}

/**
 * The task never ran its containers: no exit code, and the reason names the error, e.g.
 * `CannotPullContainerError: ...` or `ResourceInitializationError: ...` ("Amazon ECS stopped task error codes").
 */
export function failedToStartTask(stoppedReason: string, extra: Extra = {}): EcsStoppedTask {
  return stoppedTask({ ...extra, stopCode: STOP_CODES.TaskFailedToStart, stoppedReason });
}

export const ECS_STOPPED_TASK_RULES: readonly AwsRule[] = [
  {
    id: 'ecs.stop-codes',
    rule: `A stopped task's stopCode is one of ${TASK_STOP_CODES.join(', ')}; its stoppedReason says more, and each container's exitCode and reason say how it ended.`,
    source: 'Task; Container (Amazon ECS API Reference)',
  },
];

/**
 * The "ECS Task State Change" event ECS sends for a task's stop: its detail is the task as DescribeTasks describes
 * it (rule events.ecs-task-state-change), in the account and region of the task.
 */
export function taskStateChangeEvent(task: EcsStoppedTask): Record<string, unknown> {
  const [, , , region, account] = task.taskArn.split(':');
  return {
    version: '0',
    id: '3317b2af-7005-947d-b652-f55e762e571a',
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account,
    time: new Date(task.stoppedAt).toISOString(),
    region,
    resources: [task.taskArn],
    detail: task,
  };
}
