/**
 * The schema of one task (a step's container): what it runs, its size, retries and options. Every option is
 * documented here once: the options reference (docs/options.md) is generated from these comments.
 */
import { z } from 'zod';
import { EPHEMERAL_STORAGE_GIB } from '../aws/ecs-fargate';
import { secretReferenceProblem, type SecretService } from '../aws/ecs-secrets';
import { taskRoleSchema } from './role-schema';

/** A lower-case name that is also a valid piece of every AWS physical name built from it. */
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const nameSchema = (what: string, max: number) =>
  z
    .string()
    .regex(NAME, `${what} must be lower-case letters, digits and single hyphens, starting with a letter`)
    .max(max, `${what} must be at most ${max} characters`);

/** A `valueFrom` ECS accepts for a container secret (rules ecs.secretsmanager-value-from, ecs.ssm-value-from). */
export const secretSchema = (only?: SecretService) =>
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
    /** Build arguments. They stay in the image's history: never a secret. @default - none */
    buildArgs: z.record(z.string(), z.string()).default({}),
    /**
     * Accept a `directory` outside the project (the folder of package.json). Everything in it that `.dockerignore`
     * does not exclude is copied into `cdktf.out` as the build context. @default false
     */
    allowOutsideProject: z.boolean().default(false),
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

/**
 * Folders a scratch volume must not be mounted on: the root, the folders of the image's system (a volume hides
 * what the image has there) and the kernel's virtual filesystems (nothing may be mounted below them either).
 */
const SYSTEM_FOLDERS = ['/bin', '/boot', '/etc', '/lib', '/lib32', '/lib64', '/sbin', '/usr', '/var', '/run'];
const VIRTUAL_FOLDERS = ['/proc', '/sys', '/dev'];

/** Scratch paths are distinct, written plainly (no `.`, `..`, `//` or trailing `/`) and outside the system. */
function checkScratchPaths(paths: string[], ctx: z.RefinementCtx<string[]>): void {
  const seen = new Set<string>();
  paths.forEach((folder, index) => {
    const add = (message: string) => ctx.addIssue({ code: 'custom', path: [index], input: folder, message });
    if (!folder.startsWith('/')) return; // the regex has said so
    if (folder === '/') add('must not be the root folder: give a folder of its own, such as /tmp or /scratch');
    else if (folder.split('/').slice(1).some((part) => part === '' || part === '.' || part === '..')) add('must be written plainly: no ".", ".." or empty parts, no trailing "/"');
    else if (SYSTEM_FOLDERS.includes(folder)) add(`must not be a system folder (${SYSTEM_FOLDERS.join(', ')}): a volume there hides what the image has in it`);
    else if (VIRTUAL_FOLDERS.some((virtual) => folder === virtual || folder.startsWith(`${virtual}/`))) add(`must not be in ${VIRTUAL_FOLDERS.join(', ')}: the kernel's virtual filesystems`);
    else if (seen.has(folder)) add('scratch paths must be distinct');
    else if ([...seen].some((other) => folder.startsWith(`${other}/`) || other.startsWith(`${folder}/`))) add('must not lie inside another scratch path, or hold one');
    seen.add(folder);
  });
}

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

export const taskSchema = z.strictObject({
  /** Step name, unique within its workflow; also names the task definition and its roles. */
  name: nameSchema('task name', 32),
  /**
   * The container image the step runs: `{ directory }` (built from a folder of the project and pushed to the
   * step's ECR repository), `{ uri }` (built elsewhere, pinned by digest) or `"notifier"` (the sample Slack notifier).
   * Required: a step that forgot its image would otherwise run something else.
   */
  image: imageSchema,
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
  /**
   * Ephemeral storage of the task (its root filesystem and scratch volumes), in GiB: 21 to 200 (rule
   * ecs.fargate-ephemeral-storage), for a job that fills Fargate's default with "no space left on device".
   * @default - Fargate's 20 GiB
   */
  ephemeralStorageGiB: z.number().int().min(EPHEMERAL_STORAGE_GIB.min).max(EPHEMERAL_STORAGE_GIB.max).optional(),
  /** CPU architecture of the task, and of the image built for it: ARM64 (Graviton) costs less per vCPU. @default "X86_64" */
  cpuArchitecture: z.enum(['X86_64', 'ARM64']).default('X86_64'),
  /** FARGATE_SPOT is cheaper and may be interrupted. @default "FARGATE" */
  capacity: z.enum(['FARGATE', 'FARGATE_SPOT']).default('FARGATE'),
  /** Step time-out: the step fails with States.Timeout after this. @default 3600 */
  timeoutSeconds: z.number().int().min(60).max(31_536_000).default(3600),
  /** What is retried, how often and how long apart. @default - capacity retries with backoff and full jitter; no retry of a failed task */
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
  scratchPaths: z.array(z.string().regex(/^\/[\w./-]*$/, 'must be an absolute path')).superRefine(checkScratchPaths).default([]),
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
  /**
   * What the job itself may do in AWS (its task role): statements of an inline policy and managed policies, e.g.
   * read one bucket. The stack's own grants (writing the step's result, ECS Exec) come on top.
   * @default - nothing: the task role has no permissions of its own
   */
  taskRole: taskRoleSchema.default({ statements: [], managedPolicyArns: [] }),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownTaskOptionsMessage(issue.keys) : undefined) });


/** A task with every default filled in, e.g. the notifier task that sends the notifications. */
export function defaultTask(name: string): z.output<typeof taskSchema> {
  return taskSchema.parse({ name, image: 'notifier' });
}
