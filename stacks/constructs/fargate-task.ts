import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { Task } from '../config/types';
import { readBack } from '../aws/ecs-read-back';
import { secretReference, type SecretReference } from '../aws/ecs-secrets';
import { ecsTasksAssumeRolePolicy, taskExecutionPolicy, taskRolePolicy, type ResultsAccess } from '../builders/iam';
import { jsonAttribute } from './json-attribute';
import { RolePolicyAttachments } from './role-policy-attachments';
import { arn, roleSettings, CONTAINER_NAME, taskNames, type Naming } from '../builders/names';

export { CONTAINER_NAME } from '../builders/names';

export interface FargateTaskProps {
  readonly naming: Naming;
  /** Name after the prefix (`<workflow>-<task>`): family `<prefix>-<name>`, roles and log group derive from it. */
  readonly name: string;
  readonly task: Task;
  /** Image reference for the container (`repo@sha256:...` when built by this stack). */
  readonly imageRef: string;
  /** ECR repositories the execution role may pull from. */
  readonly pullRepositoryArns: readonly string[];
  /**
   * Secrets of this stack injected into the container (the notifier's webhook URL), variable name -> reference;
   * they are encrypted with `kmsKeyArn`, which the execution role may then use through Secrets Manager.
   * @default - none
   */
  readonly extraSecrets?: Readonly<Record<string, SecretReference>>;
  /**
   * The KMS key that encrypts `extraSecrets`, and their region: the execution role may decrypt with it through
   * Secrets Manager there. @default - the stack's `kmsKeyArn`, in the stack's region
   */
  readonly extraSecretsKey?: { readonly arn: string; readonly region: string };
  readonly logRetentionDays: number;
  readonly kmsKeyArn: string;
  /** Refuse `terraform destroy` of the log group. @default false */
  readonly protectFromDestroy?: boolean;
  /**
   * Tags of the task definition, which the state machine propagates to every task it starts (`Workflow`, `Step`,
   * `Environment`: cost per step). @default - the provider's default tags only
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** The key the task writes its result to, for a step that reports one (`reportsResult`). @default - writes no result */
  readonly writeResult?: ResultsAccess;
}

/**
 * One Fargate task definition with its own log group, execution role (pull its image, write its log
 * group, read its secrets) and task role (nothing, unless the task writes a result or allows ECS Exec). The
 * container is hardened: non-root, read-only root filesystem (writable only with ECS Exec, whose agent needs
 * it: rule ecs.exec-task-requirements), all capabilities dropped, not privileged; scratch paths become task volumes.
 * The container definition is rendered in the form ECS reads it back (stacks/aws/ecs-read-back.ts), so an
 * unchanged task plans no change; a replaced revision is kept registered (`skip_destroy`).
 */
export class FargateTask extends Construct {
  readonly definition: EcsTaskDefinition;
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FargateTaskProps) {
    super(scope, id);
    const { naming, task } = props;
    // Every valueFrom form ECS accepts, each with the IAM resource that matches the secret's real ARN.
    const secrets: Record<string, SecretReference> = {
      ...Object.fromEntries(Object.entries(task.secrets).map(([variable, valueFrom]) => [variable, secretReference(valueFrom, naming)])),
      ...props.extraSecrets,
    };
    const resourcesOf = (service: SecretReference['service']) => [
      ...new Set(Object.values(secrets).filter((secret) => secret.service === service).map((secret) => secret.resource)),
    ];
    const names = taskNames(naming, props.name);
    const name = names.family;
    const logGroupName = names.logGroup;

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
      lifecycle: { preventDestroy: props.protectFromDestroy ?? false },
    });
    const trust = jsonAttribute(this, ecsTasksAssumeRolePolicy(naming.accountId, arn(naming, 'ecs', '*')));
    this.executionRole = new IamRole(this, 'ExecutionRole', {
      name: names.executionRole,
      ...roleSettings(props.naming),
      description: `ECS agent for ${name}: pull the image, write logs, read secrets`,
      assumeRolePolicy: trust,
    });
    new IamRolePolicy(this, 'ExecutionPolicy', {
      name: 'start-task',
      role: this.executionRole.id,
      policy: jsonAttribute(this,
        taskExecutionPolicy({
          repositoryArns: props.pullRepositoryArns,
          logGroupArn: arn(naming, 'logs', `log-group:${logGroupName}`),
          secretArns: resourcesOf('secretsmanager'),
          parameterArns: resourcesOf('ssm'),
          ...(props.extraSecrets && Object.keys(props.extraSecrets).length > 0
            ? { secretsKeyArn: props.extraSecretsKey?.arn ?? props.kmsKeyArn, region: props.extraSecretsKey?.region ?? naming.region }
            : {}),
        }),
      ),
    });
    this.taskRole = new IamRole(this, 'TaskRole', {
      name: names.taskRole,
      ...roleSettings(props.naming),
      description: `Application role of ${name}: no permissions unless granted`,
      assumeRolePolicy: trust,
    });
    const ownPolicy = taskRolePolicy(task, props.writeResult);
    if (ownPolicy) new IamRolePolicy(this, 'TaskPolicy', { name: 'workflow-task', role: this.taskRole.id, policy: jsonAttribute(this, ownPolicy) });
    if (task.taskRole.managedPolicyArns.length > 0) new RolePolicyAttachments(this, 'TaskRoleManagedPolicies', { role: this.taskRole.name, policyArns: task.taskRole.managedPolicyArns });

    const volumes = task.scratchPaths.map((containerPath, index) => ({ name: `scratch-${index}`, containerPath }));
    const container = {
      name: CONTAINER_NAME,
      image: props.imageRef,
      essential: true,
      user: task.user,
      readonlyRootFilesystem: !task.enableExecuteCommand,
      privileged: false,
      ...(task.command ? { command: task.command } : {}),
      environment: Object.entries(task.environment).map(([name, value]) => ({ name, value })),
      secrets: Object.entries(secrets).map(([name, secret]) => ({ name, valueFrom: secret.valueFrom })),
      mountPoints: volumes.map((volume) => ({ sourceVolume: volume.name, containerPath: volume.containerPath, readOnly: false })),
      linuxParameters: { initProcessEnabled: true, capabilities: { drop: ['ALL'] } },
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': logGroupName, 'awslogs-region': naming.region, 'awslogs-stream-prefix': task.name },
      },
      stopTimeout: 30,
    };
    this.definition = new EcsTaskDefinition(this, 'Definition', {
      family: name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(task.cpu),
      memory: String(task.memoryMiB),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: task.cpuArchitecture },
      ...(task.ephemeralStorageGiB === undefined ? {} : { ephemeralStorage: { sizeInGib: task.ephemeralStorageGiB } }),
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      // As ECS reads them back (DescribeTaskDefinition): anything else differs from the state after every apply,
      // and container_definitions forces replacement.
      containerDefinitions: jsonAttribute(this, readBack([container])),
      volume: volumes.map((volume) => ({ name: volume.name })),
      ...(props.tags ? { tags: { ...props.tags } } : {}),
      // A replaced revision stays ACTIVE: executions running or redriven from before a deploy still run it
      // (DeregisterTaskDefinition: an INACTIVE revision cannot run new tasks).
      skipDestroy: true,
    });
  }
}
