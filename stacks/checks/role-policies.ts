/**
 * The inline policy of every role an environment's stack creates, rendered before synthesis from the
 * configuration by the builders of stacks/builders/iam.ts that the constructs call, with what only apply knows (a task
 * definition's revision, the random suffix of the secret the stack creates, its KMS key ID, the repository of an
 * image given by URI) at the longest AWS documents. `terraform plan` shows these policies as "known after apply",
 * and IAM refuses at apply a role whose inline policies are too large (rule iam.inline-policy-size): validation
 * measures them here instead, so that a configuration that synthesizes also applies.
 */
import { REPOSITORY_NAME_MAX } from '../aws/ecr';
import { TASK_DEFINITION_REVISIONS_MAX } from '../aws/ecs';
import { isProblem, parseSecretReference, secretWithArn, type SecretReference } from '../aws/ecs-secrets';
import { policySize, ROLE_INLINE_POLICIES_MAX } from '../aws/iam';
import { KEY_ID_LENGTH } from '../aws/kms';
import type { Environment, Workflow } from '../config/types';
import { executionsOf, mapRunsOf } from '../builders/execution-alerts';
import { describeExecutionsPolicy, executionAlertsPolicy, flowLogsPolicy, schedulerPolicy, stateMachinePolicy, taskExecutionPolicy, type PolicyDocument } from '../builders/iam';
import {
  arn,
  clusterName,
  ecsSyncEventsRuleArn,
  executionAlertNames,
  namingFor,
  networkNames,
  NOTIFIER_TASK,
  scheduleGroupName,
  scheduleNames,
  resultsBucketName,
  stateMachineArn,
  stateMachineNames,
  fanOutResultsPattern,
  stateMachineResultsPattern,
  taskDefinitionFamilyArn,
  taskNames,
  webhookSecretName,
  workflowTaskName,
  type Naming,
} from '../builders/names';
import { bucketArn } from '../aws/s3';
import { fansOutDistributed, keepsResults, readsItemsFromS3, skipsOverlappingRuns, tasksOf, tasksWithPaths } from '../config/steps';

/** The parts of the policies that only apply knows, as they are rendered here. */
export interface AfterApply {
  /** The revision of every task definition. */
  readonly revision: string;
  /** The six random characters of the webhook secret the stack creates (rule secretsmanager.arn-suffix). */
  readonly secretSuffix: string;
  /** The ID of the environment's KMS key. */
  readonly keyId: string;
  /** The ECR repository a task's image is pulled from, which an image given by URI decides. */
  readonly repositoryArn: (naming: Naming) => string;
}

/** The longest each of them can be. */
export const LONGEST: AfterApply = {
  revision: String(TASK_DEFINITION_REVISIONS_MAX),
  secretSuffix: 'x'.repeat(6),
  keyId: 'k'.repeat(KEY_ID_LENGTH),
  repositoryArn: (naming) => arn(naming, 'ecr', `repository/${'r'.repeat(REPOSITORY_NAME_MAX)}`),
};

/** One role with its inline policies, and the configuration field that makes them grow. */
export interface RolePolicies {
  readonly role: string;
  readonly documents: readonly PolicyDocument[];
  /** Field of the environment (path relative to it) that a too large policy is reported at. */
  readonly path: readonly PropertyKey[];
  /** What declares the role, e.g. `workflow nightly`. */
  readonly owner: string;
  /** What makes the policies smaller. */
  readonly remedy: string;
}

const roleArn = (naming: Naming, name: string) => arn(naming, 'iam', `role/${name}`, '');

/** Every role of the environment's stack that has inline policies, with those policies. */
export function environmentRolePolicies(env: Environment, afterApply: AfterApply = LONGEST): RolePolicies[] {
  const naming = namingFor(env);
  const webhook = env.webhookSecretArn
    ? reference(env.webhookSecretArn, naming)
    : secretWithArn(arn(naming, 'secretsmanager', `secret:${webhookSecretName(naming)}-${afterApply.secretSuffix}`));
  // The variable's name is not in any policy: only the reference counts.
  const notifierSecrets: Record<string, SecretReference> = webhook ? { WEBHOOK: webhook } : {};
  const roles: RolePolicies[] = [
    {
      role: networkNames(naming).flowLogRole,
      documents: [flowLogsPolicy(arn(naming, 'logs', `log-group:${networkNames(naming).flowLogGroup}`))],
      path: ['name'],
      owner: `environment ${env.name}`,
      remedy: 'shorten the project or environment name',
    },
    executionRole(naming, NOTIFIER_TASK, {}, notifierSecrets, afterApply, { path: ['webhookSecretArn'], owner: 'the notifier task' }),
  ];
  if (!Array.isArray(env.workflows)) return roles;
  if (env.workflows.length > 0) {
    const notifier = taskNames(naming, NOTIFIER_TASK);
    roles.push({
      role: executionAlertNames(naming).role,
      documents: [
        executionAlertsPolicy({
          taskDefinitionArn: arn(naming, 'ecs', `task-definition/${notifier.family}:${afterApply.revision}`),
          passRoleArns: [roleArn(naming, notifier.executionRole), roleArn(naming, notifier.taskRole)],
          clusterArn: arn(naming, 'ecs', `cluster/${clusterName(naming)}`),
        }),
      ],
      path: ['name'],
      owner: `the execution alerts of environment ${env.name}`,
      remedy: 'shorten the project or environment name',
    });
    roles.push({
      role: notifier.taskRole,
      documents: [
        describeExecutionsPolicy(
          env.workflows.map((workflow) => executionsOf(stateMachineArn(naming, workflow.name))),
          env.workflows.filter((workflow) => workflow.notifyOnSuccess && fansOutDistributed(workflow)).map((workflow) => mapRunsOf(stateMachineArn(naming, workflow.name))),
        ),
      ],
      path: ['workflows'],
      owner: `the execution alerts of environment ${env.name}`,
      remedy: 'split the environment, or shorten its workflow names',
    });
  }
  env.workflows.forEach((workflow, w) => {
    if (!Array.isArray(workflow.steps)) return;
    roles.push(...workflowRolePolicies(naming, workflow, ['workflows', w], notifierSecrets, afterApply));
  });
  return roles;
}

function workflowRolePolicies(naming: Naming, workflow: Workflow, at: PropertyKey[], notifierSecrets: Record<string, SecretReference>, afterApply: AfterApply): RolePolicies[] {
  const owner = `workflow ${workflow.name}`;
  const machine = stateMachineNames(naming, workflow.name);
  const taskNamesOf = tasksOf(workflow).map((task) => taskNames(naming, workflowTaskName(workflow.name, task.name)));
  const roles: RolePolicies[] = [
    {
      role: machine.role,
      documents: [
        stateMachinePolicy({
          taskDefinitionFamilyArns: taskNamesOf.map((names) => taskDefinitionFamilyArn(naming, names.family)),
          passRoleArns: taskNamesOf.flatMap((names) => [roleArn(naming, names.executionRole), roleArn(naming, names.taskRole)]),
          clusterArn: arn(naming, 'ecs', `cluster/${clusterName(naming)}`),
          clusterTasksArn: arn(naming, 'ecs', `task/${clusterName(naming)}/*`),
          ecsSyncEventsRuleArn: ecsSyncEventsRuleArn(naming),
          ...(skipsOverlappingRuns(workflow) ? { listOwnExecutionsArn: stateMachineArn(naming, workflow.name) } : {}),
          ...(fansOutDistributed(workflow) ? { childExecutionsOfArn: stateMachineArn(naming, workflow.name) } : {}),
          ...(keepsResults(workflow) || readsItemsFromS3(workflow)
            ? {
                readResults: {
                  bucketArn: bucketArn(naming.partition, resultsBucketName(naming)),
                  keyPattern: stateMachineResultsPattern(machine.stateMachine),
                  kmsKeyArn: arn(naming, 'kms', `key/${afterApply.keyId}`),
                  region: naming.region,
                },
              }
            : {}),
          ...(fansOutDistributed(workflow)
            ? {
                writeFanOutResults: {
                  bucketArn: bucketArn(naming.partition, resultsBucketName(naming)),
                  keyPattern: fanOutResultsPattern(workflow.name),
                  kmsKeyArn: arn(naming, 'kms', `key/${afterApply.keyId}`),
                  region: naming.region,
                },
              }
            : {}),
        }),
      ],
      path: [...at, 'steps'],
      owner,
      remedy: 'split the workflow into smaller ones, or shorten its task names',
    },
  ];
  for (const [task, path] of tasksWithPaths(workflow, at)) {
    const extra = task.image === 'notifier' ? notifierSecrets : {};
    roles.push(executionRole(naming, workflowTaskName(workflow.name, task.name), task.secrets, extra, afterApply, { path: [...path, 'secrets'], owner: `step ${task.name} of ${owner}` }));
  }
  if (workflow.schedule) {
    const schedule = scheduleNames(machine.schedule);
    roles.push({
      role: schedule.role,
      documents: [
        schedulerPolicy(stateMachineArn(naming, workflow.name), workflow.schedule.deadLetterQueue ? arn(naming, 'sqs', schedule.deadLetterQueue) : undefined, {
          kmsKeyArn: arn(naming, 'kms', `key/${afterApply.keyId}`),
          scheduleArn: arn(naming, 'scheduler', `schedule/${scheduleGroupName(naming)}/${schedule.schedule}`),
          region: naming.region,
        }),
      ],
      path: [...at, 'schedule'],
      owner,
      remedy: 'shorten the workflow name',
    });
  }
  return roles;
}

/** The execution role of one task: its image's repository, its log group, its secrets (and the stack key for the stack's own). */
function executionRole(
  naming: Naming,
  taskName: string,
  secrets: Readonly<Record<string, string>>,
  extraSecrets: Readonly<Record<string, SecretReference>>,
  afterApply: AfterApply,
  at: { path: PropertyKey[]; owner: string },
): RolePolicies {
  const names = taskNames(naming, taskName);
  const references = [...Object.values(secrets).flatMap((valueFrom) => reference(valueFrom, naming) ?? []), ...Object.values(extraSecrets)];
  const resourcesOf = (service: SecretReference['service']) => [...new Set(references.filter((secret) => secret.service === service).map((secret) => secret.resource))];
  const document = taskExecutionPolicy({
    repositoryArns: [afterApply.repositoryArn(naming)],
    logGroupArn: arn(naming, 'logs', `log-group:${names.logGroup}`),
    secretArns: resourcesOf('secretsmanager'),
    parameterArns: resourcesOf('ssm'),
    ...(Object.keys(extraSecrets).length > 0 ? { secretsKeyArn: arn(naming, 'kms', `key/${afterApply.keyId}`), region: naming.region } : {}),
  });
  return { role: names.executionRole, documents: [document], ...at, remedy: 'give the task fewer secrets' };
}

/** The reference, or nothing for one the configuration check reports. */
function reference(valueFrom: string, naming: Naming): SecretReference | undefined {
  const parsed = parseSecretReference(valueFrom, naming);
  return isProblem(parsed) ? undefined : parsed;
}

/** A role whose inline policies would be larger than IAM accepts. */
export interface PolicySizeProblem {
  readonly path: readonly PropertyKey[];
  readonly value: unknown;
  readonly message: string;
}

/** Every role of the environment whose inline policies, at their longest, would exceed the IAM quota. */
export function inlinePolicySizeProblems(env: Environment): PolicySizeProblem[] {
  return environmentRolePolicies(env).flatMap((role) => {
    const size = role.documents.reduce((total, document) => total + policySize(document), 0);
    if (size <= ROLE_INLINE_POLICIES_MAX) return [];
    return [
      {
        path: role.path,
        value: role.path.at(-1) === 'steps' ? `${env.workflows[Number(role.path[1])]?.steps.length} steps` : role.owner,
        message:
          `${role.owner} gives IAM role "${role.role}" inline policies of up to ${size.toLocaleString('en-US')} characters (white space not counted, ` +
          `ARNs known only after apply at their longest), over the ${ROLE_INLINE_POLICIES_MAX.toLocaleString('en-US')} IAM accepts (rule iam.inline-policy-size): ${role.remedy}`,
      },
    ];
  });
}
