/**
 * What a user declares in `main.ts`: environments and the workflows each runs.
 *
 * The schema is the single source of defaults and rules. `resolveEnvironments` checks every environment at
 * once and throws one {@link ConfigError} listing every problem (field path, value, what is allowed), before
 * anything is synthesized, so a bad configuration writes nothing.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { secretPartitionProblem, secretReferenceProblem, type SecretService } from '../aws/ecs-secrets';
import { LOG_RETENTION_DAYS } from '../aws/logs';
import { scheduleExpressionProblems, timeZoneProblem } from '../aws/scheduler-expressions';
import { credentialsInEnvironment, credentialsInJson, maskCredentials } from './credential-shapes';
import { capacityArchitectureProblem, fargateSizeProblem } from '../aws/ecs-fargate';
import { buildFolderProblem } from '../builders/image-context';
import { partitionOf } from '../builders/names';
import { parseCidr } from '../builders/network-math';
import { inlinePolicySizeProblems } from '../checks/role-policies';
import { describeName, nameClashes, physicalNames, tooLongNames } from '../checks/physical-names';
import { forEachTask, isForEach, isParallel, resultStaysInS3, tasksWithPaths } from './steps';
import { workflowLimitProblems } from '../checks/workflow-limits';
import type { Network } from './network-mode';
import { SECURITY_GROUP_ID, SUBNET_ID, TASK_SECURITY_GROUPS_MAX, TASK_SUBNETS_MAX, VPC_ID } from '../aws/vpc';
import { DISTRIBUTED_MAP_CONCURRENCY_MAX, INLINE_MAP_CONCURRENCY_MAX } from '../aws/states';

/** A lower-case name that is also a valid piece of every AWS physical name built from it. */
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const nameSchema = (what: string, max: number) =>
  z
    .string()
    .regex(NAME, `${what} must be lower-case letters, digits and single hyphens, starting with a letter`)
    .max(max, `${what} must be at most ${max} characters`);

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
/** A `valueFrom` ECS accepts for a container secret (rules ecs.secretsmanager-value-from, ecs.ssm-value-from). */
const secretSchema = (only?: SecretService) =>
  z.string().superRefine((value, ctx) => {
    const problem = secretReferenceProblem(value, only);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const IMAGE_REFERENCE = /^[a-z0-9.\-_:/]+(:[\w.-]+)?(@sha256:[a-f0-9]{64})?$/;
/** An image reference pinned by digest. */
export const DIGEST = /@sha256:[a-f0-9]{64}$/;

/** Where a task's image comes from. */
const imageSchema = z.union([
  z.strictObject({
    /**
     * Folder holding a Dockerfile, relative to the project root (the folder of package.json): the Docker provider
     * builds and pushes it. It must exist and hold `dockerfile` (checked before anything is written).
     */
    directory: z.string().min(1),
    /** Dockerfile name inside `directory`. @default "Dockerfile" */
    dockerfile: z.string().min(1).default('Dockerfile'),
    /** Build arguments. @default - none */
    buildArgs: z.record(z.string(), z.string()).default({}),
  }),
  z
    .strictObject({
      /** An image built elsewhere, pinned by digest (`repo@sha256:...`) so that what runs is what was reviewed. */
      uri: z.string().regex(IMAGE_REFERENCE, 'must be an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:...'),
      /** Accept a tag (`repo:1.2`), which can later point at another image. @default false */
      allowMutableTag: z.boolean().default(false),
    })
    .refine((image) => image.allowMutableTag || DIGEST.test(image.uri), {
      message: 'must be pinned by digest (repo@sha256:<64 hex>), or set allowMutableTag: true',
      path: ['uri'],
    }),
  z.literal('notifier').describe('the notifier image built from notifier/ (or NOTIFIER_IMAGE_URI)'),
], { error: 'must be "notifier", { directory } or { uri }' });

const retrySchema = z.strictObject({
  /**
   * Attempts after the first one for the transient errors of starting a task: RunTask `Failures` such as no Fargate
   * capacity (`AmazonECS.Unknown`) and ECS API errors and throttling (`ECS.AmazonECSException`). @default 3
   */
  capacityRetries: z.number().int().min(0).max(10).default(3),
  /**
   * With `capacity: "FARGATE_SPOT"`: attempts after the first one when Fargate Spot interrupted the task (stop code
   * `SpotInterruption`). A task that failed by itself is not run again by this, only by `taskFailureRetries`.
   * @default 2
   */
  spotInterruptionRetries: z.number().int().min(0).max(10).default(2),
  /** Seconds before the first retry. @default 10 */
  intervalSeconds: z.number().int().min(1).max(3600).default(10),
  /** Multiplier applied to the interval after each retry. @default 2 */
  backoffRate: z.number().min(1).max(10).default(2),
  /** Upper bound of any single wait, in seconds. @default 300 */
  maxDelaySeconds: z.number().int().min(1).max(31_622_400).default(300),
  /**
   * Also retry when the task itself failed (`States.TaskFailed`, non-zero exit). Only for idempotent jobs:
   * a half-done job must not be silently re-run. @default 0 (never)
   */
  taskFailureRetries: z.number().int().min(0).max(10).default(0),
});

/** Task options that were replaced: a configuration that still uses one is told what replaced it. */
const REPLACED_TASK_OPTIONS: Readonly<Record<string, string>> = {
  waitForCallback: 'waitForCallback was replaced by reportsResult: true (the container writes its result as JSON to RESULT_KEY in RESULT_BUCKET; the step runs with ecs:runTask.sync)',
  heartbeatSeconds: 'heartbeatSeconds was removed with waitForCallback: a step with reportsResult: true runs with ecs:runTask.sync, which tracks its task; timeoutSeconds bounds it',
};

/** The message of unknown task options: what replaced each one that was replaced. */
function unknownTaskOptionsMessage(keys: readonly string[]): string | undefined {
  const replaced = keys.filter((key) => key in REPLACED_TASK_OPTIONS);
  if (replaced.length === 0) return undefined;
  const others = keys.filter((key) => !(key in REPLACED_TASK_OPTIONS));
  return [...replaced.map((key) => REPLACED_TASK_OPTIONS[key]), ...(others.length > 0 ? [`unrecognized keys: ${others.map((key) => `"${key}"`).join(', ')}`] : [])].join('; ');
}

const taskSchema = z.strictObject({
  /** Step name, unique within its workflow; also names the task definition and its roles. */
  name: nameSchema('task name', 32),
  /** @default "notifier" - the sample Slack notifier */
  image: imageSchema.default('notifier'),
  /** Command (overrides the image's CMD). @default - the image's CMD */
  command: z.array(z.string()).optional(),
  /** Plain environment values. Never put secrets here: use `secrets`. @default - none */
  environment: z.record(z.string().regex(ENV_VAR_NAME, 'must be a valid environment variable name'), z.string()).default({}),
  /**
   * Environment variable name -> secret, in any form ECS accepts: a Secrets Manager secret ARN (complete, or
   * partial without the six random characters), optionally followed by `:<json-key>:<version-stage>:<version-id>`;
   * an SSM parameter ARN; or the name of a parameter in the environment's Region (`name` or `/path/name`). The
   * execution role may read exactly these secrets and parameters. @default - none
   */
  secrets: z.record(z.string().regex(ENV_VAR_NAME, 'must be a valid environment variable name'), secretSchema()).default({}),
  /** CPU units (256 = 0.25 vCPU). Only the Fargate cpu/memory pairs are accepted. @default 256 */
  cpu: z.number().int().default(256),
  /** Memory in MiB. @default 512 */
  memoryMiB: z.number().int().default(512),
  /** @default "X86_64" */
  cpuArchitecture: z.enum(['X86_64', 'ARM64']).default('X86_64'),
  /** FARGATE_SPOT is cheaper and may be interrupted. @default "FARGATE" */
  capacity: z.enum(['FARGATE', 'FARGATE_SPOT']).default('FARGATE'),
  /** Step time-out: the step fails with States.Timeout after this. @default 3600 */
  timeoutSeconds: z.number().int().min(60).max(31_536_000).default(3600),
  /** @default - capacity retries with backoff and full jitter; no retry of a failed task */
  retry: retrySchema.default(retrySchema.parse({})),
  /** Numeric user (and group) the container runs as; never root. @default "65532:65532" (distroless nonroot) */
  user: z
    .string()
    .regex(/^\d+(:\d+)?$/, 'must be a numeric uid or uid:gid')
    .refine((user) => Number(user.split(':')[0]) !== 0, 'must not be root (uid 0)')
    .default('65532:65532'),
  /**
   * Writable scratch folders (the root filesystem is read-only), as absolute container paths: task volumes, which
   * images built here declare as VOLUMEs owned by `user` (an image given by `uri` must do so itself). @default - none
   */
  scratchPaths: z.array(z.string().regex(/^\/[\w./-]*$/, 'must be an absolute path')).default([]),
  /**
   * Also pass the execution input, as JSON, in `EXECUTION_INPUT`. It counts against the 8,192 characters of
   * container overrides: the schedule's input is checked, an execution started by hand with a larger input
   * fails this step only. @default false - the task gets `EXECUTION_ARN`, not the input
   */
  passExecutionInput: z.boolean().default(false),
  /**
   * The step hands a result to later steps. It runs with `ecs:runTask.sync` like every step (a stop or time-out
   * stops its task, a container that dies fails the step at once), and its container gets `RESULT_BUCKET` and
   * `RESULT_KEY` (`<state machine>/<execution name>/<step key>.json` in the environment's results bucket) and writes
   * its result there as JSON, which its task role may do for that key only; a container that cannot write its result
   * must exit non-zero. After the task the state machine reads the result back (state `<step>: read result`), and
   * later steps get every result so far, by step key, in `STEP_RESULTS` (JSON). A result that a Distributed fan-out
   * reads (`forEach.itemsFromStep` with `toleratedFailurePercentage`) stays in S3: the fan-out reads its items from
   * there, and it is neither read back nor in `STEP_RESULTS`. Replaces `waitForCallback` and `heartbeatSeconds`.
   * @default false - the step's result is discarded
   */
  reportsResult: z.boolean().default(false),
  /**
   * With `reportsResult` (a result that is read back): the most characters the result may take in later steps'
   * container overrides (its JSON, escaped as in the overrides' JSON). Every later step's overrides are checked with
   * every earlier result at this size, within the 8,192 ECS accepts (rule ecs.overrides-size); the container is told
   * the size in `RESULT_MAX_CHARS` and must exit non-zero instead of writing a larger result (the example job does).
   * @default 1024
   */
  resultMaxChars: z.number().int().min(2).max(8000).default(1024),
  /**
   * Allow ECS Exec into the running task (`aws ecs execute-command`): the state machine starts the task with
   * `EnableExecuteCommand`, its task role may open Session Manager channels, and its root filesystem is writable,
   * which the Session Manager agent inside the container needs (rule ecs.exec-task-requirements). For debugging a
   * stuck task; leave off in production. @default false
   */
  enableExecuteCommand: z.boolean().default(false),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownTaskOptionsMessage(issue.keys) : undefined) });

/** Items a fan-out runs at a time unless told (Inline mode allows 40: rule states.inline-map-concurrency). */
const FOR_EACH_CONCURRENCY_DEFAULT = 10;

const forEachSchema = z.strictObject({
  /**
   * JSONPath of the array to run the task over: in the execution input (`$.items`), or in the result of the
   * earlier step named by `itemsFromStep`. Each item reaches its container as JSON in `ITEM`. A Distributed fan-out
   * over a result reads its items from S3 (rule states.item-reader-json), where the result must be the array itself:
   * its `itemsPath` is `$`.
   */
  itemsPath: z.string().regex(/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/, 'must be a JSONPath such as $.items or $.batch.files[0] (names of letters, digits and underscores, or array indexes)'),
  /** Take the items from the result of this earlier `reportsResult` step instead of the execution input. @default - the execution input */
  itemsFromStep: z.string().optional(),
  /** Most items run at a time. @default 10 */
  maxConcurrency: z.number().int().min(1).default(FOR_EACH_CONCURRENCY_DEFAULT),
  /**
   * Let the step succeed while at most this percentage of items fails (after their retries). This runs the step
   * in Distributed mode (rule states.tolerated-failure-distributed): each item is a child execution, and the
   * state machine role may start, watch and stop executions of its own state machine only.
   * @default - Inline mode: the step fails when any item fails
   */
  toleratedFailurePercentage: z.number().min(0).max(100).optional(),
});

/** A step runs one task, or a group of tasks in parallel (the group fails when any of them fails). */
const stepSchema = z.union(
  [
    z.strictObject({
      /** Name of the parallel group (a state name). */
      name: nameSchema('parallel group name', 32),
      parallel: z.array(taskSchema).min(2, 'a parallel group needs at least two tasks'),
    }),
    z.strictObject({
      /** Step name: also names the task definition and its roles, like a task's. */
      name: nameSchema('task name', 32),
      /** Run the task once per item of a list (a Map state). */
      forEach: forEachSchema,
      /** The task each item runs: every task option but `name` (the step's) and `reportsResult`. */
      task: taskSchema.omit({ name: true }),
    }),
    taskSchema,
  ],
  { error: 'must be a task, a parallel group { name, parallel: [tasks] } or a fan-out { name, forEach, task }' },
);

const scheduleSchema = z.strictObject({
  /**
   * EventBridge Scheduler expression: `cron(0 9 * * ? *)`, `rate(1 day)` or `at(2026-01-01T09:00:00)`. Every cron
   * field is checked as AWS documents it; day-of-week counts 1-7 from Sunday (crontab's 1-5 is 2-6 here).
   */
  expression: z.string(),
  /** Canonical IANA time zone name of the expression, e.g. "Asia/Tokyo" (not "JST" or "asia/tokyo"). @default "UTC" */
  timeZone: z.string().default('UTC'),
  /** @default true */
  enabled: z.boolean().default(true),
  /** How often the scheduler retries starting the execution. @default 3 */
  maximumRetryAttempts: z.number().int().min(0).max(185).default(3),
  /** How long the scheduler keeps trying, in seconds. @default 3600 */
  maximumEventAgeSeconds: z.number().int().min(60).max(86400).default(3600),
  /**
   * An SQS dead-letter queue for the starts Scheduler could not make once its retries are spent (encrypted with the
   * environment's key, TLS only, kept 14 days): each message is the execution input, with attributes naming the error.
   * `false` drops what could not be started. @default true
   */
  deadLetterQueue: z.boolean().default(true),
  /** Execution input (JSON object). @default {} */
  input: z.record(z.string(), z.unknown()).default({}),
});

const workflowSchema = z.strictObject({
  /** Unique within the environment; names the state machine. */
  name: nameSchema('workflow name', 32),
  /** Steps, run in order: each starts as soon as the one before has ended. */
  steps: z.array(stepSchema).min(1, 'a workflow needs at least one step'),
  /** @default - started by hand or by another system */
  schedule: scheduleSchema.optional(),
  /** Notify Slack when the workflow succeeds as well as when it fails. @default false */
  notifyOnSuccess: z.boolean().default(false),
  /**
   * Time-out of the whole execution, in seconds: past it the execution ends TIMED_OUT (and is alerted).
   * @default - what the steps can take: each task's time-out and retries, parallel groups by their longest task
   */
  timeoutSeconds: z.number().int().min(60).max(31_536_000).optional(),
  /**
   * What a run does while another execution of the workflow is running: `skip` ends it at once (it succeeds,
   * saying it was skipped, and Slack is told), `allow` runs it alongside.
   * @default - "skip" when the workflow has a schedule, else "allow"
   */
  overlap: z.enum(['skip', 'allow']).optional(),
});

const cloudSchema = z.strictObject({
  /** Terraform Cloud organization. @default - TF_CLOUD_ORGANIZATION */
  organization: z.string().min(1).optional(),
  /** Workspace name. @default - TF_WORKSPACE */
  workspace: z.string().min(1).optional(),
  /** Select workspaces by tags instead of one name. @default - none */
  workspaceTags: z.array(z.string().min(1)).optional(),
  /** @default - TF_CLOUD_HOSTNAME, else "app.terraform.io" */
  hostname: z.string().min(1).optional(),
});

const DEFAULT_VPC_CIDR = '10.0.0.0/16';

const idSchema = (pattern: RegExp, example: string) =>
  z.string().regex(pattern, `must be an ID such as ${example} (rule vpc.resource-id-shape: 8 or 17 hex digits)`);

/**
 * Where the tasks run. Three kinds: `{ mode: "public" }` (a new VPC, public subnets, tasks with a public IP);
 * `{ mode: "private" }` (a new VPC, tasks in private subnets behind NAT); or an existing network
 * `{ vpcId, subnetIds }`, in which the stack creates no VPC, subnet, route or flow log.
 */
const networkSchema = z.strictObject({
  /** `"public"` or `"private"` for a network the stack creates; leave out for an existing network. */
  mode: z.enum(['public', 'private']).optional(),
  /** Private mode: one NAT gateway (cheapest) or one per zone (a zone failure leaves the others out). @default 1 */
  natGateways: z.union([z.literal(1), z.literal('per-zone')], { error: 'must be 1 or "per-zone"' }).optional(),
  /** Private mode: interface endpoints for ECR, CloudWatch Logs, Secrets Manager (and SSM when used). @default false */
  endpoints: z.boolean().optional(),
  /** Existing network: the VPC the tasks run in. */
  vpcId: idSchema(VPC_ID, 'vpc-0123456789abcdef0').optional(),
  /** Existing network: at least two subnets, in different zones, with a route out (NAT, proxy or endpoints). */
  subnetIds: z.array(idSchema(SUBNET_ID, 'subnet-0123456789abcdef0')).optional(),
  /** Existing network: the tasks' security groups. @default - a group created in `vpcId`, outbound HTTPS only */
  securityGroupIds: z.array(idSchema(SECURITY_GROUP_ID, 'sg-0123456789abcdef0')).optional(),
  /** Existing network: give each task a public IP (only for public subnets). @default false */
  assignPublicIp: z.boolean().optional(),
});

type NetworkInput = z.output<typeof networkSchema>;

function resolveNetwork(input: NetworkInput | undefined): Network {
  if (input?.vpcId !== undefined) {
    return { mode: 'existing', vpcId: input.vpcId, subnetIds: input.subnetIds ?? [], securityGroupIds: input.securityGroupIds, assignPublicIp: input.assignPublicIp ?? false };
  }
  if (input?.mode === 'private') return { mode: 'private', natGateways: input.natGateways ?? 1, endpoints: input.endpoints ?? false };
  return { mode: 'public' };
}

interface NetworkFields {
  readonly availabilityZones?: unknown;
  readonly vpcCidr?: unknown;
  readonly network?: NetworkInput;
}

/** Which network fields go together: each misplaced field once, with what it belongs to. */
function checkNetworkFields(env: NetworkFields, ctx: z.RefinementCtx<NetworkFields>): void {
  const network = env.network;
  const add = (path: PropertyKey[], input: unknown, message: string) => ctx.addIssue({ code: 'custom', path, input, message });
  const existing = network !== undefined && (network.vpcId !== undefined || network.subnetIds !== undefined || network.securityGroupIds !== undefined || network.assignPublicIp !== undefined);
  if (!existing) {
    if (env.availabilityZones === undefined) add(['availabilityZones'], undefined, 'at least two availability zones are required for a network the stack creates');
    // Each subnet is a sixteenth of the VPC block: private mode has a private and a public subnet per zone.
    const zones = Array.isArray(env.availabilityZones) ? env.availabilityZones.length : 0;
    const most = network?.mode === 'private' ? 8 : 16;
    if (zones > most) add(['availabilityZones'], env.availabilityZones, `at most ${most} zones in ${network?.mode ?? 'public'} mode (each subnet is a sixteenth of vpcCidr)`);
    if (network?.mode !== 'private') {
      for (const field of ['natGateways', 'endpoints'] as const) {
        if (network?.[field] !== undefined) add(['network', field], network[field], `only applies to { mode: "private" }, not to mode "${network.mode ?? 'public'}"`);
      }
    }
    return;
  }
  if (network.mode !== undefined) add(['network', 'mode'], network.mode, 'leave mode out for an existing network ({ vpcId, subnetIds }): the stack creates no network');
  for (const field of ['natGateways', 'endpoints'] as const) {
    if (network[field] !== undefined) add(['network', field], network[field], 'only applies to { mode: "private" }, not to an existing network');
  }
  if (network.vpcId === undefined) add(['network', 'vpcId'], undefined, 'an existing network needs the vpcId its subnets are in');
  const subnets = network.subnetIds ?? [];
  if (subnets.length < 2) add(['network', 'subnetIds'], network.subnetIds, 'give at least two subnets, in different availability zones');
  if (subnets.length > TASK_SUBNETS_MAX) add(['network', 'subnetIds'], network.subnetIds, `at most ${TASK_SUBNETS_MAX} subnets (rule ecs.awsvpc-subnets-and-groups)`);
  duplicates(subnets).forEach((index) => add(['network', 'subnetIds', index], subnets[index], 'subnets must be distinct'));
  const groups = network.securityGroupIds;
  if (groups !== undefined && (groups.length < 1 || groups.length > TASK_SECURITY_GROUPS_MAX)) {
    add(['network', 'securityGroupIds'], groups, `give 1 to ${TASK_SECURITY_GROUPS_MAX} security groups (rule ecs.awsvpc-subnets-and-groups), or leave out for a group created by the stack`);
  }
  if (env.availabilityZones !== undefined) add(['availabilityZones'], env.availabilityZones, 'only for a network the stack creates: the zones of an existing network are those of its subnets');
  if (env.vpcCidr !== undefined) add(['vpcCidr'], env.vpcCidr, 'only for a network the stack creates: leave it out with an existing network');
}

export const environmentSchema = z.strictObject({
  /** Environment name: one Terraform stack, one state, one prefix for every physical name. */
  name: nameSchema('environment name', 12),
  /** Prefix of every physical name (`<project>-<environment>-...`). @default "wf" */
  project: nameSchema('project', 12).default('wf'),
  /** The AWS account this environment deploys to; the provider refuses any other. */
  accountId: z.string().regex(/^\d{12}$/, 'must be exactly 12 digits'),
  /** AWS region, e.g. "ap-northeast-1". */
  region: z.string().regex(REGION, 'must be an AWS region such as ap-northeast-1 or us-east-1'),
  /**
   * At least two availability zones of the region, by name (one subnet each, two in private mode). Only for a
   * network the stack creates: an error with an existing network. @default - required unless the network exists
   */
  availabilityZones: z.array(z.string()).min(2, 'at least two availability zones are required').optional(),
  /**
   * VPC CIDR block, /16 to /24; each subnet is a /(n+4). Only for a network the stack creates.
   * @default "10.0.0.0/16"
   */
  vpcCidr: z.string().optional(),
  /** Where the tasks run: see {@link networkSchema}. @default { mode: "public" } */
  network: networkSchema.optional(),
  /** Retention of every log group, in days. @default 365 */
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
    .default(365),
  /**
   * Guard the repositories, log groups and KMS key against `terraform destroy` (`prevent_destroy`).
   * @default - true for an environment whose name starts with "prod", false otherwise
   */
  protectFromDestroy: z.boolean().optional(),
  /**
   * Secrets Manager secret holding the Slack webhook URL: its ARN (complete or partial), optionally followed by
   * `:<json-key>:<version-stage>:<version-id>`. @default - a secret `<prefix>/slack-webhook-url` is created empty:
   * put the URL into it
   */
  webhookSecretArn: secretSchema('secretsmanager').optional(),
  /**
   * E-mail addresses subscribed to the environment's alarm topic, the second alert channel that needs neither
   * Slack nor the notifier (each address confirms its subscription once, through the link SNS sends).
   * @default - none: subscribe what you like to the `alarm_topic_arn` output
   */
  alarmEmails: z.array(z.email('must be an e-mail address')).default([]),
  /** Terraform Cloud remote state. @default - local state in terraform.<env>.tfstate */
  terraformCloud: cloudSchema.optional(),
  /** Workflows of this environment. @default - none */
  workflows: z.array(workflowSchema).default([]),
})
  .superRefine(checkNetworkFields)
  .transform((env) => ({
    ...env,
    availabilityZones: env.availabilityZones ?? [],
    vpcCidr: env.vpcCidr ?? DEFAULT_VPC_CIDR,
    network: resolveNetwork(env.network),
    protectFromDestroy: env.protectFromDestroy ?? env.name.startsWith('prod'),
  }));

export type EnvironmentInput = z.input<typeof environmentSchema>;
export type Environment = z.output<typeof environmentSchema>;
export type WorkflowInput = z.input<typeof workflowSchema>;
export type Workflow = z.output<typeof workflowSchema>;
export type Task = z.output<typeof taskSchema>;
export type TaskInput = z.input<typeof taskSchema>;
export type Step = z.output<typeof stepSchema>;
export type ParallelStep = Extract<Step, { parallel: Task[] }>;
export type ForEachStep = Extract<Step, { forEach: unknown }>;
export type ImageSource = Task['image'];
export type Schedule = z.output<typeof scheduleSchema>;
export type RetryPolicy = Task['retry'];

export { isParallel, tasksOf } from './steps';
export { assignsPublicIp, type Network } from './network-mode';

export interface ConfigProblem {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.path}: ${p.message} (got ${describeValue(p.value)})`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // Never print a credential, whichever check reports the value it sits in.
  const text = maskCredentials(JSON.stringify(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export interface ResolveOptions {
  /** Folder that relative `image.directory` paths start from. @default - the working directory */
  readonly projectRoot?: string;
  /**
   * The notifier image is given (NOTIFIER_IMAGE_URI) rather than built here: its platform is unknown, so notifier
   * steps must be X86_64. (Like an image given by `uri`, it must itself declare the scratch VOLUMEs.) @default false
   */
  readonly prebuiltNotifier?: boolean;
}

/**
 * Validates and fills in defaults for every environment; throws one ConfigError listing every problem. In the
 * result, every `image.directory` is absolute (resolved against `projectRoot`).
 */
export function resolveEnvironments(inputs: readonly EnvironmentInput[], options: ResolveOptions = {}): Environment[] {
  const projectRoot = options.projectRoot ?? process.cwd();
  const result = z
    .array(environmentSchema)
    .superRefine(checkEnvironments)
    .superRefine((environments, ctx) => checkImages(environments, ctx, { ...options, projectRoot }))
    .safeParse(inputs, { reportInput: true });
  if (result.success) return withAbsoluteFolders(result.data, projectRoot);
  throw new ConfigError(
    result.error.issues.flatMap(closestBranch).map((issue) => ({
      path: formatPath(issue.path, inputs),
      value: issue.input,
      message: issue.message,
    })),
  );
}

/** Every task of every workflow of an environment, with the path of its configuration (`at` is the environment's). */
function environmentTasksWithPaths(env: Environment, at: readonly PropertyKey[]): [Task, PropertyKey[]][] {
  return env.workflows.flatMap((workflow, w) => tasksWithPaths(workflow, [...at, 'workflows', w]));
}

/**
 * Every image a task runs can be built or pulled for it: a build folder exists and holds its Dockerfile, the
 * notifier given by NOTIFIER_IMAGE_URI is only run where its platform is known to fit, and the
 * capacity provider runs the task's architecture (rules `ecs.runtime-architecture`, `ecs.bind-mount-owner`,
 * `ecs.fargate-spot-platform`).
 */
function checkImages(environments: Environment[], ctx: RefineContext, options: Required<Pick<ResolveOptions, 'projectRoot'>> & ResolveOptions): void {
  for (const [task, at] of environments.flatMap((env, e) => environmentTasksWithPaths(env, [e]))) {
    const image = task.image;
    if (image === 'notifier' && options.prebuiltNotifier) {
      if (task.cpuArchitecture !== 'X86_64') {
        problem(ctx, [...at, 'cpuArchitecture'], task.cpuArchitecture, 'runs the notifier image from NOTIFIER_IMAGE_URI, whose platform is unknown here and taken as linux/amd64: use X86_64, or leave NOTIFIER_IMAGE_URI unset so that the notifier is built for ARM64');
      }
    } else if (typeof image === 'object' && 'directory' in image) {
      const folder = buildFolderProblem(path.resolve(options.projectRoot, image.directory), image.dockerfile);
      if (folder) problem(ctx, [...at, 'image', folder.field], image[folder.field], folder.message);
    }
    const capacity = capacityArchitectureProblem(task.capacity, task.cpuArchitecture);
    if (capacity) problem(ctx, [...at, 'capacity'], task.capacity, capacity);
  }
}

/** The environments with every `image.directory` made absolute. */
function withAbsoluteFolders(environments: Environment[], projectRoot: string): Environment[] {
  const resolveTask = (task: Task): Task =>
    typeof task.image === 'object' && 'directory' in task.image
      ? { ...task, image: { ...task.image, directory: path.resolve(projectRoot, task.image.directory) } }
      : task;
  return environments.map((env) => ({
    ...env,
    workflows: env.workflows.map((workflow) => ({
      ...workflow,
      steps: workflow.steps.map((step): Step => {
        if (isParallel(step)) return { ...step, parallel: step.parallel.map(resolveTask) };
        return isForEach(step) ? { ...step, task: resolveTask(forEachTask(step)) } : resolveTask(step);
      }),
    })),
  }));
}

/**
 * A union (task or parallel group, kinds of image) reports every branch's failure; for an object, keep only
 * the branch it came closest to matching, so the message names the real problem.
 */
function closestBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0 || !isRecord(issue.input)) return [issue];
  const best = issue.errors.reduce((closest, branch) => (branch.length < closest.length ? branch : closest));
  return best.flatMap((inner) => closestBranch({ ...inner, path: [...issue.path, ...inner.path] }));
}

function formatPath(path: readonly PropertyKey[], root: unknown): string {
  let text = '';
  let node: unknown = root;
  for (const key of path) {
    const child = isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') {
      const name = isRecord(child) && typeof child.name === 'string' ? `=${child.name}` : '';
      text += `[${key}${name}]`;
    } else {
      text += text ? `.${String(key)}` : String(key);
    }
    node = child;
  }
  return `environments${text.startsWith('[') ? '' : '.'}${text}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type RefineContext = z.RefinementCtx<Environment[]>;

function problem(ctx: RefineContext, path: PropertyKey[], input: unknown, message: string): void {
  ctx.addIssue({ code: 'custom', path, input, message });
}

function checkEnvironments(environments: Environment[], ctx: RefineContext): void {
  duplicates(environments.map((env) => env.name)).forEach((index) =>
    problem(ctx, [index, 'name'], environments[index].name, 'environment names must be unique'),
  );
  environments.forEach((env, index) => checkEnvironment(env, ctx, [index]));
  checkPhysicalNames(environments, ctx);
}

/**
 * Every physical name fits its AWS limit, and no two declarations make the same name in one namespace (that
 * would synthesize and plan, then fail at apply): each clash once, naming both fields.
 */
function checkPhysicalNames(environments: Environment[], ctx: RefineContext): void {
  const names = physicalNames(environments);
  for (const { name, max } of tooLongNames(names)) {
    problem(ctx, [...name.source.path], valueAt(environments, name.source.path), `makes the ${name.kind} name "${name.name}" longer than ${max} characters: shorten the task, workflow, project or environment name`);
  }
  for (const clash of nameClashes(names)) {
    const shared = clash.names.map(describeName);
    const listed = shared.length > 4 ? [...shared.slice(0, 4), `${shared.length - 4} more`] : shared;
    problem(
      ctx,
      [...clash.second.path],
      valueAt(environments, clash.second.path),
      `${clash.second.label} makes the same physical names as ${clash.first.label} (${formatPath(clash.first.path, environments)}): ${listed.join(', ')}; rename one of them`,
    );
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);
}

function checkEnvironment(env: Environment, ctx: RefineContext, at: PropertyKey[]): void {
  if (typeof env.region === 'string' && REGION.test(env.region) && Array.isArray(env.availabilityZones)) {
    env.availabilityZones.forEach((zone, index) => {
      if (!new RegExp(`^${env.region}[a-z]$`).test(zone)) {
        problem(ctx, [...at, 'availabilityZones', index], zone, `must be a zone of region ${env.region}, such as ${env.region}a`);
      }
    });
    duplicates(env.availabilityZones).forEach((index) =>
      problem(ctx, [...at, 'availabilityZones', index], env.availabilityZones[index], 'availability zones must be distinct'),
    );
  }
  if (typeof env.vpcCidr === 'string') {
    const block = parseCidr(env.vpcCidr);
    if (typeof block === 'string') problem(ctx, [...at, 'vpcCidr'], env.vpcCidr, block);
    else if (block.prefixLength < 16 || block.prefixLength > 24) {
      problem(ctx, [...at, 'vpcCidr'], env.vpcCidr, 'prefix length must be between /16 and /24');
    }
  }
  checkSecretPartitions(env, ctx, at);
  // Every role's inline policies within the IAM quota, with the ARNs known only after apply at their longest.
  for (const found of inlinePolicySizeProblems(env)) problem(ctx, [...at, ...found.path], found.value, found.message);
  if (env.terraformCloud?.workspace && env.terraformCloud.workspaceTags) {
    problem(ctx, [...at, 'terraformCloud'], env.terraformCloud, 'give either workspace or workspaceTags, not both');
  }
  if (!Array.isArray(env.workflows)) return;
  duplicates(env.workflows.map((workflow) => workflow.name)).forEach((index) =>
    problem(ctx, [...at, 'workflows', index, 'name'], env.workflows[index].name, 'workflow names must be unique within an environment'),
  );
  env.workflows.forEach((workflow, index) => checkWorkflow(workflow, env, ctx, [...at, 'workflows', index]));
}

/** A secret given by full ARN is in the environment's partition: no role can be granted one of another. */
function checkSecretPartitions(env: Environment, ctx: RefineContext, at: PropertyKey[]): void {
  const partition = partitionOf(env.region);
  const check = (valueFrom: string | undefined, path: PropertyKey[]) => {
    const found = valueFrom === undefined ? undefined : secretPartitionProblem(valueFrom, partition);
    if (found) problem(ctx, path, valueFrom, found);
  };
  check(env.webhookSecretArn, [...at, 'webhookSecretArn']);
  if (!Array.isArray(env.workflows)) return;
  for (const [task, path] of environmentTasksWithPaths(env, at)) {
    for (const [variable, valueFrom] of Object.entries(task.secrets)) check(valueFrom, [...path, 'secrets', variable]);
  }
}

function checkWorkflow(workflow: Workflow, env: Environment, ctx: RefineContext, at: PropertyKey[]): void {
  if (!Array.isArray(workflow.steps)) return;
  const stateNames = workflow.steps.flatMap((step) => (isParallel(step) ? [step.name, ...step.parallel.map((t) => t.name)] : [step.name]));
  const duplicated = new Set(duplicates(stateNames).map((index) => stateNames[index]));
  workflow.steps.forEach((step, stepIndex) => {
    if (isParallel(step) && duplicated.has(step.name)) {
      problem(ctx, [...at, 'steps', stepIndex, 'name'], step.name, 'step names must be unique within a workflow');
    }
  });
  for (const [task, path] of tasksWithPaths(workflow, at)) {
    if (duplicated.has(task.name)) problem(ctx, [...path, 'name'], task.name, 'step names must be unique within a workflow');
    for (const found of credentialsInEnvironment(task.environment)) {
      problem(ctx, [...path, 'environment', ...found.path], found.masked, `looks like ${found.shape.what}, a credential: a plain environment value is stored in clear in the task definition, readable by anyone allowed ecs:DescribeTaskDefinition; put it in Secrets Manager (or SSM Parameter Store) and give its ARN in secrets instead`);
    }
    const size = fargateSizeProblem(task.cpu, task.memoryMiB);
    if (size) problem(ctx, [...path, 'memoryMiB'], { cpu: task.cpu, memoryMiB: task.memoryMiB }, size);
  }
  checkStepResults(workflow, ctx, at);
  checkFanOuts(workflow, ctx, at);
  // Sizes of the state machine definition, its container overrides and the schedule's input.
  if (workflow.steps.length > 0) {
    for (const limit of workflowLimitProblems(env, workflow)) problem(ctx, [...at, ...limit.path], limit.value, limit.message);
  }
  if (workflow.schedule) {
    for (const found of credentialsInJson(workflow.schedule.input)) {
      problem(ctx, [...at, 'schedule', 'input', ...found.path], found.masked, `looks like ${found.shape.what}, a credential: the schedule's input is stored in clear in the schedule and in every execution's history; keep it in Secrets Manager and give the task its ARN in secrets instead`);
    }
    const { expression, timeZone } = workflow.schedule;
    for (const message of scheduleExpressionProblems(expression)) problem(ctx, [...at, 'schedule', 'expression'], expression, message);
    const zone = timeZoneProblem(timeZone);
    if (zone) problem(ctx, [...at, 'schedule', 'timeZone'], timeZone, zone);
  }
}

/**
 * A result is reported by a plain step: one in a parallel group or a fan-out would have no single key in the
 * execution state and in S3.
 */
function checkStepResults(workflow: Workflow, ctx: RefineContext, at: PropertyKey[]): void {
  for (const [task, path] of tasksWithPaths(workflow, at)) {
    const plain = path.at(-2) === 'steps';
    if (task.reportsResult && !plain) {
      problem(ctx, [...path, 'reportsResult'], true, 'a step in a parallel group or a fan-out cannot report a result: make it a step of its own');
    }
  }
}

/**
 * A fan-out takes its items from the input or from an earlier step's result, runs at most as many at a time as its
 * mode allows (rule states.inline-map-concurrency), and sits in a workflow with a time-out of its own: how long it
 * takes depends on the number of items, which is not known before it runs.
 */
function checkFanOuts(workflow: Workflow, ctx: RefineContext, at: PropertyKey[]): void {
  workflow.steps.forEach((step, index) => {
    if (!isForEach(step)) return;
    const path = [...at, 'steps', index, 'forEach'];
    const { itemsFromStep, maxConcurrency, toleratedFailurePercentage } = step.forEach;
    if (itemsFromStep !== undefined) {
      const source = workflow.steps.slice(0, index).find((earlier) => earlier.name === itemsFromStep);
      if (!source || isParallel(source) || isForEach(source) || !source.reportsResult) {
        problem(ctx, [...path, 'itemsFromStep'], itemsFromStep, 'must name an earlier step of this workflow with reportsResult: true (a step that reports a result)');
      } else if (toleratedFailurePercentage !== undefined && step.forEach.itemsPath !== '$') {
        problem(ctx, [...path, 'itemsPath'], step.forEach.itemsPath, `must be $ in a Distributed fan-out over a result: its items are read from S3 (rule states.item-reader-json), where the result of ${itemsFromStep} must be the JSON array itself`);
      } else if (toleratedFailurePercentage === undefined && resultStaysInS3(workflow, itemsFromStep)) {
        problem(ctx, [...path, 'itemsFromStep'], itemsFromStep, `the result of ${itemsFromStep} is read by a Distributed fan-out straight from S3 and is not kept in the execution state, which an Inline fan-out reads: give this fan-out a toleratedFailurePercentage too, or use another step's result`);
      }
    }
    const most = toleratedFailurePercentage === undefined ? INLINE_MAP_CONCURRENCY_MAX : DISTRIBUTED_MAP_CONCURRENCY_MAX;
    if (maxConcurrency > most) {
      const mode = toleratedFailurePercentage === undefined ? 'Inline mode (no toleratedFailurePercentage)' : 'Distributed mode';
      problem(ctx, [...path, 'maxConcurrency'], maxConcurrency, `at most ${most.toLocaleString('en-US')} items at a time in ${mode} (rule states.inline-map-concurrency)`);
    }
    if (workflow.timeoutSeconds === undefined) {
      problem(ctx, [...at, 'timeoutSeconds'], undefined, `step ${step.name} runs once per item, so how long the workflow takes is not known here: set the workflow's timeoutSeconds`);
    }
  });
}

/** Indexes of the entries that repeat an earlier one. */
function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  return values.flatMap((value, index) => (seen.has(value) ? [index] : (seen.add(value), [])));
}

/** A task with every default filled in, e.g. the notifier task that sends the notifications. */
export function defaultTask(name: string): Task {
  return taskSchema.parse({ name });
}
