/**
 * What a user declares in `main.ts`: environments and the workflows each runs. The schema is the single source
 * of defaults and of the rules a single field can break; checks.ts holds the rules across fields, resolve.ts runs
 * both. Every option is documented here once: the options reference (docs/options.md) is generated from these
 * comments.
 */
import { z } from 'zod';
import { LOG_RETENTION_DAYS } from '../aws/logs';
import { KEY_ARN } from '../aws/kms';
import { partitionOfRegion } from '../aws/partitions';
import { checkNetworkFields, DEFAULT_VPC_CIDR, networkSchema, resolveNetwork } from './network-schema';
import { nameSchema, secretSchema, taskSchema } from './task-schema';
import { permissionsBoundarySchema, rolePathSchema } from './role-schema';

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

/** A group of tasks that run at the same time: the group fails when any of them fails. */
export const parallelStepSchema = z.strictObject({
  /** Name of the parallel group (a state name). */
  name: nameSchema('parallel group name', 32),
  /** The tasks that run at the same time: at least two. */
  parallel: z.array(taskSchema).min(2, 'a parallel group needs at least two tasks'),
});

/** One task run once per item of a list (a Map state). */
export const forEachStepSchema = z.strictObject({
  /** Step name: also names the task definition and its roles, like a task's. */
  name: nameSchema('task name', 32),
  /** Run the task once per item of a list (a Map state). */
  forEach: forEachSchema,
  /** The task each item runs: every task option but `name` (the step's) and `reportsResult`. */
  task: taskSchema.omit({ name: true }),
});

/** A step runs one task, or a group of tasks in parallel (the group fails when any of them fails). */
export const stepSchema = z.union([parallelStepSchema, forEachStepSchema, taskSchema], {
  error: 'must be a task, a parallel group { name, parallel: [tasks] } or a fan-out { name, forEach, task }',
});

/**
 * The kind of step a key marks: a step with `parallel` is a parallel group, one with `forEach` or `task` a fan-out.
 * zod reports a union's failure from the branch whose only problem is an unknown key (here the task's, which does
 * not know `parallel`); validation reports it from the branch the key marks instead (stacks/config/resolve.ts).
 */
export const STEP_KINDS: readonly { readonly keys: readonly string[]; readonly schema: z.ZodType }[] = [
  { keys: ['parallel'], schema: parallelStepSchema },
  { keys: ['forEach', 'task'], schema: forEachStepSchema },
];

export const scheduleSchema = z.strictObject({
  /**
   * EventBridge Scheduler expression: `cron(0 9 * * ? *)`, `rate(1 day)` or `at(2026-01-01T09:00:00)`. Every cron
   * field is checked as AWS documents it; day-of-week counts 1-7 from Sunday (crontab's 1-5 is 2-6 here).
   */
  expression: z.string(),
  /** Canonical IANA time zone name of the expression, e.g. "Asia/Tokyo" (not "JST" or "asia/tokyo"). @default "UTC" */
  timeZone: z.string().default('UTC'),
  /** Whether the schedule starts executions; `false` keeps it, paused. @default true */
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

export const workflowSchema = z.strictObject({
  /** Unique within the environment; names the state machine. */
  name: nameSchema('workflow name', 32),
  /** Steps, run in order: each starts as soon as the one before has ended. */
  steps: z.array(stepSchema).min(1, 'a workflow needs at least one step'),
  /** When the workflow starts by itself: one EventBridge Scheduler schedule, in place of a crontab line. @default - started by hand or by another system */
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
  /** Host name of Terraform Cloud, or of a Terraform Enterprise installation. @default - TF_CLOUD_HOSTNAME, else "app.terraform.io" */
  hostname: z.string().min(1).optional(),
});

export const environmentSchema = z.strictObject({
  /** Environment name: one Terraform stack, one state, one prefix for every physical name. */
  name: nameSchema('environment name', 12),
  /** Prefix of every physical name (`<project>-<environment>-...`). @default "wf" */
  project: nameSchema('project', 12).default('wf'),
  /** The AWS account this environment deploys to; the provider refuses any other. */
  accountId: z.string().regex(/^\d{12}$/, 'must be exactly 12 digits'),
  /** AWS region, e.g. "ap-northeast-1". */
  region: z.string().refine((region) => partitionOfRegion(region) !== undefined, 'must be an AWS region such as ap-northeast-1, us-gov-west-1 or eu-isoe-west-1 (rule aws.partitions: the region names of every partition)'),
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
  /**
   * Retention of every log group, in days: one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120,
   * 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653). @default 365
   */
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
    .default(365),
  /**
   * Guard the data against `terraform destroy` (`prevent_destroy`): the ECR repositories, the log groups, the KMS
   * key, the results bucket and the webhook secret the stack creates.
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
   * With a `webhookSecretArn` of another account or region: the ARN of the KMS key that encrypts it, in the
   * secret's account and region. The notifier's execution role may then decrypt with it, through Secrets Manager
   * only (rule secretsmanager.foreign-secret-key). @default - none: required for a secret of another account or region
   */
  webhookSecretKmsKeyArn: z.string().regex(KEY_ARN, 'must be a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab').optional(),
  /**
   * E-mail addresses subscribed to the environment's alarm topic, the second alert channel that needs neither
   * Slack nor the notifier (each address confirms its subscription once, through the link SNS sends).
   * @default - none: subscribe what you like to the `alarm_topic_arn` output
   */
  alarmEmails: z.array(z.email('must be an e-mail address')).default([]),
  /**
   * Path of every IAM role the stack creates, e.g. `/workflows/`: it goes into the role ARNs, not the names
   * (rule iam.role-path). @default "/"
   */
  rolePath: rolePathSchema.optional(),
  /**
   * Permissions boundary of every IAM role the stack creates, by managed policy ARN, where the account requires
   * one (rule iam.permissions-boundary). @default - none
   */
  permissionsBoundaryArn: permissionsBoundarySchema.optional(),
  /** Terraform Cloud remote state. @default - local state in terraform.<env>.tfstate */
  terraformCloud: cloudSchema.optional(),
  /** Workflows of this environment. @default - none */
  workflows: z.array(workflowSchema).default([]),
  /**
   * Synthesize the environment without workflows (its network, cluster, notifier and alarms), e.g. to set it up
   * before its first workflow. Without it, an environment with no workflows is refused as a likely mistake.
   * @default false
   */
  allowEmpty: z.boolean().default(false),
})
  .superRefine(checkNetworkFields)
  .transform((env) => ({
    ...env,
    availabilityZones: env.availabilityZones ?? [],
    vpcCidr: env.vpcCidr ?? DEFAULT_VPC_CIDR,
    network: resolveNetwork(env.network),
    protectFromDestroy: env.protectFromDestroy ?? env.name.startsWith('prod'),
  }));
