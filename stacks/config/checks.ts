/**
 * The rules that span fields of the configuration (unique names, zones of the region, secrets in the partition,
 * step results and fan-outs, schedules, images), run after the schema by resolve.ts. Each problem names its
 * field.
 */
import * as path from 'node:path';
import type { z } from 'zod';
import { secretPartitionProblem } from '../aws/ecs-secrets';
import { KEY_ARN } from '../aws/kms';
import { secretPlace } from '../aws/secretsmanager';
import { partitionOfRegion } from '../aws/partitions';
import { scheduleExpressionProblems, timeZoneProblem } from '../aws/scheduler-expressions';
import { capacityArchitectureProblem } from '../aws/ecs-fargate';
import { DISTRIBUTED_MAP_CONCURRENCY_MAX, INLINE_MAP_CONCURRENCY_MAX } from '../aws/states';
import { buildFolderProblem } from '../builders/image-context';
import { partitionOf } from '../builders/names';
import { parseCidr } from '../builders/network-math';
import { credentialsInJson } from './credential-shapes';
import { taskProblems } from './task-checks';
import { duplicates } from './network-schema';
import { isForEach, isParallel, resultStaysInS3, tasksWithPaths } from './steps';
import type { Environment, ResolveOptions, Task, Workflow } from './types';

function environmentTasksWithPaths(env: Environment, at: readonly PropertyKey[]): [Task, PropertyKey[]][] {
  return env.workflows.flatMap((workflow, w) => tasksWithPaths(workflow, [...at, 'workflows', w]));
}

/**
 * Every image a task runs can be built or pulled for it: a build folder exists and holds its Dockerfile, the
 * notifier given by NOTIFIER_IMAGE_URI is only run where its platform is known to fit, and the
 * capacity provider runs the task's architecture (rules `ecs.runtime-architecture`, `ecs.bind-mount-owner`,
 * `ecs.fargate-spot-platform`).
 */
export function checkImages(environments: Environment[], ctx: RefineContext, options: Required<Pick<ResolveOptions, 'projectRoot'>> & ResolveOptions): void {
  for (const [task, at] of environments.flatMap((env, e) => environmentTasksWithPaths(env, [e]))) {
    const image = task.image;
    if (image === 'notifier' && options.prebuiltNotifier) {
      if (task.cpuArchitecture !== 'X86_64') {
        problem(ctx, [...at, 'cpuArchitecture'], task.cpuArchitecture, 'runs the notifier image from NOTIFIER_IMAGE_URI, whose platform is unknown here and taken as linux/amd64: use X86_64, or leave NOTIFIER_IMAGE_URI unset so that the notifier is built for ARM64');
      }
    } else if (typeof image === 'object' && 'directory' in image) {
      const folder = path.resolve(options.projectRoot, image.directory);
      const inside = path.relative(options.projectRoot, folder);
      if (!image.allowOutsideProject && (inside.startsWith('..') || path.isAbsolute(inside))) {
        problem(ctx, [...at, 'image', 'directory'], image.directory, `must be inside the project (${options.projectRoot}): everything in it is copied into cdktf.out as the build context; move it in, or set allowOutsideProject: true`);
      } else {
        const found = buildFolderProblem(folder, image.dockerfile);
        if (found) problem(ctx, [...at, 'image', found.field], image[found.field], found.message);
      }
    }
    const capacity = capacityArchitectureProblem(task.capacity, task.cpuArchitecture);
    if (capacity) problem(ctx, [...at, 'capacity'], task.capacity, capacity);
  }
}


type RefineContext = z.RefinementCtx<Environment[]>;

function problem(ctx: RefineContext, path: PropertyKey[], input: unknown, message: string): void {
  ctx.addIssue({ code: 'custom', path, input, message });
}

export function checkEnvironments(environments: Environment[], ctx: RefineContext): void {
  duplicates(environments.map((env) => env.name)).forEach((index) =>
    problem(ctx, [index, 'name'], environments[index].name, 'environment names must be unique'),
  );
  environments.forEach((env, index) => checkEnvironment(env, ctx, [index]));
  // Physical names, inline policy sizes and state machine limits are checked on the rendered stacks
  // (stacks/checks, run by stacks/app/app.ts buildApp), once the configuration is valid.
}

function checkEnvironment(env: Environment, ctx: RefineContext, at: PropertyKey[]): void {
  if (typeof env.region === 'string' && partitionOfRegion(env.region) !== undefined && Array.isArray(env.availabilityZones)) {
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
  if (env.terraformCloud?.workspace && env.terraformCloud.workspaceTags) {
    problem(ctx, [...at, 'terraformCloud'], env.terraformCloud, 'give either workspace or workspaceTags, not both');
  }
  if (!Array.isArray(env.workflows)) return;
  if (env.workflows.length === 0 && !env.allowEmpty) {
    problem(ctx, [...at, 'workflows'], env.workflows, 'declares no workflow: add one, or set allowEmpty: true to deploy the environment without any');
  }
  duplicates(env.workflows.map((workflow) => workflow.name)).forEach((index) =>
    problem(ctx, [...at, 'workflows', index, 'name'], env.workflows[index].name, 'workflow names must be unique within an environment'),
  );
  env.workflows.forEach((workflow, index) => checkWorkflow(workflow, ctx, [...at, 'workflows', index]));
}

/**
 * The notifier can read a webhook secret of another account or region only with its KMS key, in the secret's own
 * account and region (rule secretsmanager.foreign-secret-key).
 */
function checkWebhookSecretKey(env: Environment, ctx: RefineContext, at: PropertyKey[]): void {
  const secret = env.webhookSecretArn === undefined ? undefined : secretPlace(env.webhookSecretArn);
  const key = env.webhookSecretKmsKeyArn === undefined ? undefined : KEY_ARN.exec(env.webhookSecretKmsKeyArn);
  if (!secret) {
    if (env.webhookSecretKmsKeyArn !== undefined && env.webhookSecretArn === undefined) problem(ctx, [...at, 'webhookSecretKmsKeyArn'], env.webhookSecretKmsKeyArn, 'only with a webhookSecretArn: the secret the stack creates is encrypted with the environment key');
    return;
  }
  const foreign = secret.accountId !== env.accountId || secret.region !== env.region;
  if (foreign && key === undefined) {
    problem(ctx, [...at, 'webhookSecretArn'], env.webhookSecretArn, `is in ${secret.accountId}/${secret.region}, not the environment's ${env.accountId}/${env.region}: give webhookSecretKmsKeyArn, the customer managed key that encrypts it, so that the notifier may decrypt it (rule secretsmanager.foreign-secret-key)`);
  } else if (key && (key[3] !== secret.accountId || key[2] !== secret.region)) {
    problem(ctx, [...at, 'webhookSecretKmsKeyArn'], env.webhookSecretKmsKeyArn, `must be a key in the secret's account and region (${secret.accountId}/${secret.region}) (rule secretsmanager.foreign-secret-key)`);
  }
}

/** A secret given by full ARN is in the environment's partition: no role can be granted one of another. */
function checkSecretPartitions(env: Environment, ctx: RefineContext, at: PropertyKey[]): void {
  const partition = partitionOf(env.region);
  const check = (valueFrom: string | undefined, path: PropertyKey[]) => {
    const found = valueFrom === undefined ? undefined : secretPartitionProblem(valueFrom, partition);
    if (found) problem(ctx, path, valueFrom, found);
  };
  check(env.webhookSecretArn, [...at, 'webhookSecretArn']);
  checkWebhookSecretKey(env, ctx, at);
  if (!Array.isArray(env.workflows)) return;
  for (const [task, path] of environmentTasksWithPaths(env, at)) {
    for (const [variable, valueFrom] of Object.entries(task.secrets)) check(valueFrom, [...path, 'secrets', variable]);
  }
}

function checkWorkflow(workflow: Workflow, ctx: RefineContext, at: PropertyKey[]): void {
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
    for (const found of taskProblems(task)) problem(ctx, [...path, ...found.path], found.value, found.message);
  }
  checkStepResults(workflow, ctx, at);
  checkFanOuts(workflow, ctx, at);
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

