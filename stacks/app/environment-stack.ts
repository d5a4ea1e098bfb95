import { Construct } from 'constructs';
import { CloudBackend, NamedCloudWorkspace, TaggedCloudWorkspaces, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsEcrAuthorizationToken } from '@cdktf/provider-aws/lib/data-aws-ecr-authorization-token';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { secretReference, secretWithArn } from '../aws/ecs-secrets';
import { secretPlace } from '../aws/secretsmanager';
import { imagePlatformOf } from '../aws/ecs-fargate';
import type { CloudSettings } from './backend';
import { defaultTask } from '../config/task-schema';
import type { Environment, ImageSource, Task } from '../config/types';
import {
  namingFor,
  NOTIFIER_TASK,
  type Naming,
} from '../builders/names';
import { interfaceEndpointServices } from '../config/network-mode';
import { builtImageKey } from '../builders/built-image';
import { writesResults } from '../config/steps';
import { AlarmTopic } from '../constructs/alarm-topic';
import { Alarms } from '../constructs/alarms';
import { environmentAlarmSources } from '../builders/alarms';
import { alertTargetsOf } from '../builders/execution-alerts';
import { ContainerImage, ecrRepositoryArnOf } from '../constructs/container-image';
import { EcsCluster } from '../constructs/ecs-cluster';
import { EncryptionKey } from '../constructs/encryption';
import { ExecutionAlerts } from '../constructs/execution-alerts';
import { FargateTask } from '../constructs/fargate-task';
import { ExistingNetwork } from '../constructs/existing-network';
import { Network } from '../constructs/network';
import { PrivateNetwork } from '../constructs/private-network';
import { ResultsBucket } from '../constructs/results-bucket';
import { ScheduleGroup } from '../constructs/schedule-group';
import { StackOutputs } from '../constructs/stack-outputs';
import { WebhookSecret } from '../constructs/webhook-secret';
import { Workflow } from '../constructs/workflow';
import { WorkflowWithTasks } from '../constructs/workflow-with-tasks';

export interface EnvironmentStackProps {
  readonly environment: Environment;
  /** Build context of the notifier image (holds its Dockerfile). */
  readonly notifierDirectory: string;
  /**
   * Use this notifier image instead of building one: the stack then declares no Docker provider and no
   * Docker resources. @default - built from `notifierDirectory` by the Docker provider
   */
  readonly notifierImageUri?: string;
  /** Terraform Cloud workspace. @default - local state */
  readonly cloud?: CloudSettings;
}

/** The environment variable the notifier reads its webhook URL from. */
export const WEBHOOK_VARIABLE = 'SLACK_WEBHOOK_URL';

interface ResolvedImage {
  readonly imageRef: string;
  readonly pullRepositoryArns: string[];
}

/**
 * One environment = one Terraform stack = one state: network, KMS key, ECS cluster, the notifier image and
 * task, and for each workflow its tasks, state machine and schedule.
 */
export class EnvironmentStack extends TerraformStack {
  readonly naming: Naming;
  /** Where the tasks run: a public or private network of the stack's own, or an existing one. */
  readonly network: Network | PrivateNetwork | ExistingNetwork;
  readonly cluster: EcsCluster;
  readonly notifierImage: ContainerImage;
  readonly notifierTask: FargateTask;
  readonly workflows: Workflow[];
  readonly executionAlerts?: ExecutionAlerts;
  /** Where steps write the results they hand to later steps: only in an environment with such a step. */
  readonly results?: ResultsBucket;
  /** The second alert channel, and the alarms that feed it. */
  readonly alarmTopic: AlarmTopic;
  readonly alarms: Alarms;
  private dockerProvider?: DockerProvider;
  private readonly builtImages = new Map<string, ContainerImage>();
  private readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, private readonly props: EnvironmentStackProps) {
    super(scope, id);
    const env = props.environment;
    const naming = (this.naming = namingFor(env));
    const protectFromDestroy = env.protectFromDestroy;

    new AwsProvider(this, 'Aws', {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: { Project: env.project, Environment: env.name, ManagedBy: 'cdktf' } }],
    });
    if (props.cloud) {
      const { workspace, workspaceTags } = props.cloud;
      new CloudBackend(this, {
        organization: props.cloud.organization,
        hostname: props.cloud.hostname,
        workspaces: workspaceTags ? new TaggedCloudWorkspaces(workspaceTags) : new NamedCloudWorkspace(workspace ?? id),
      });
    }

    this.key = new EncryptionKey(this, 'Encryption', { naming, protectFromDestroy });
    this.network = this.networkOf(env);
    this.cluster = new EcsCluster(this, 'Cluster', { naming });
    const webhookSecretArn = env.webhookSecretArn ?? new WebhookSecret(this, 'WebhookSecret', { naming, kmsKeyArn: this.key.key.arn, protectFromDestroy }).arn;
    if (props.notifierImageUri === undefined) this.ensureDockerProvider();
    this.notifierImage = new ContainerImage(this, 'NotifierImage', {
      ...this.imageDefaults(),
      name: NOTIFIER_TASK,
      directory: props.notifierDirectory,
      imageUri: props.notifierImageUri,
    });
    const notifierSecrets = { [WEBHOOK_VARIABLE]: env.webhookSecretArn ? secretReference(env.webhookSecretArn, naming) : secretWithArn(webhookSecretArn) };
    // A webhook secret of another account or region is decrypted with its own key, there (validated: resolve.ts).
    const webhookKey = env.webhookSecretArn && env.webhookSecretKmsKeyArn ? { arn: env.webhookSecretKmsKeyArn, region: secretPlace(env.webhookSecretArn)?.region ?? env.region } : undefined;
    const taskDefaults = { naming, logRetentionDays: env.logRetentionDays, kmsKeyArn: this.key.key.arn, protectFromDestroy };
    this.notifierTask = new FargateTask(this, 'NotifierTask', {
      ...taskDefaults,
      name: NOTIFIER_TASK,
      task: defaultTask(NOTIFIER_TASK),
      imageRef: this.notifierImage.imageRef,
      pullRepositoryArns: this.notifierImage.pullRepositoryArns,
      extraSecrets: notifierSecrets,
      extraSecretsKey: webhookKey,
    });

    const scheduleGroup = new ScheduleGroup(this, 'ScheduleGroup', { naming });
    const results = (this.results = env.workflows.some(writesResults)
      ? new ResultsBucket(this, 'Results', { naming, kmsKeyArn: this.key.key.arn, protectFromDestroy })
      : undefined);
    this.workflows = env.workflows.map(
      (workflow) =>
        new WorkflowWithTasks(this, workflow.name, {
          naming,
          workflow,
          environmentName: env.name,
          imageFor: (task, taskName) => this.imageFor(task, taskName),
          notifierSecrets,
          notifierSecretsKey: webhookKey,
          cluster: this.cluster,
          subnetIds: this.network.taskSubnetIds,
          securityGroupIds: this.network.taskSecurityGroupIds,
          assignPublicIp: this.network.assignPublicIp,
          logRetentionDays: env.logRetentionDays,
          kmsKeyArn: this.key.key.arn,
          scheduleGroup,
          protectFromDestroy,
          results,
        }).workflow,
    );

    if (this.workflows.length > 0) {
      this.executionAlerts = new ExecutionAlerts(this, 'ExecutionAlerts', {
        naming,
        ...alertTargetsOf(naming, env.workflows),
        cluster: this.cluster,
        notifier: this.notifierTask,
        subnetIds: this.network.taskSubnetIds,
        securityGroupIds: this.network.taskSecurityGroupIds,
        assignPublicIp: this.network.assignPublicIp,
        kmsKeyArn: this.key.key.arn,
      });
    }

    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { naming, kmsKeyArn: this.key.key.arn, emails: env.alarmEmails });
    this.alarms = new Alarms(this, 'Alarms', { naming, topicArn: this.alarmTopic.topic.arn, ...environmentAlarmSources(naming, env.workflows, this.executionAlerts !== undefined) });

    new StackOutputs(this, 'Outputs', {
      alarmTopicArn: this.alarmTopic.topic.arn,
      alertsDeadLetterQueueUrl: this.executionAlerts?.deadLetterQueue.url,
      clusterName: this.cluster.name,
      notifierRepositoryUrl: this.notifierImage.repository.repositoryUrl,
      webhookSecretArn,
      stateMachineArns: Object.fromEntries(this.workflows.map((workflow, index) => [env.workflows[index].name, workflow.stateMachine.arn])),
    });
  }

  /** The network of the environment's mode; the public one keeps the construct IDs of the first version. */
  private networkOf(env: Environment): Network | PrivateNetwork | ExistingNetwork {
    const settings = env.network;
    if (settings.mode === 'existing') return new ExistingNetwork(this, 'Network', { naming: this.naming, ...settings });
    const created = {
      naming: this.naming,
      vpcCidr: env.vpcCidr,
      availabilityZones: env.availabilityZones,
      logRetentionDays: env.logRetentionDays,
      kmsKeyArn: this.key.key.arn,
      protectFromDestroy: env.protectFromDestroy,
    };
    if (settings.mode === 'public') return new Network(this, 'Network', created);
    return new PrivateNetwork(this, 'Network', {
      ...created,
      natGateways: settings.natGateways,
      interfaceEndpoints: settings.endpoints ? interfaceEndpointServices(env) : [],
    });
  }

  private imageDefaults() {
    return { naming: this.naming, kmsKeyArn: this.key.key.arn, protectFromDestroy: this.props.environment.protectFromDestroy };
  }

  private imageFor(task: Task, repositoryName: string): ResolvedImage {
    const source: ImageSource = task.image;
    const scratch = { paths: task.scratchPaths, user: task.user };
    // The notifier is built for each architecture and set of scratch volumes it runs with.
    if (source === 'notifier') return this.notifierImage.variant({ platform: imagePlatformOf(task.cpuArchitecture), scratch });
    if ('uri' in source) {
      const repository = ecrRepositoryArnOf(source.uri, this.naming.partition);
      return { imageRef: source.uri, pullRepositoryArns: repository ? [repository] : [] };
    }
    // Tasks built from the same folder, Dockerfile, arguments and platform share one image and repository.
    const key = builtImageKey(task) ?? repositoryName;
    let image = this.builtImages.get(key);
    if (!image) {
      this.ensureDockerProvider();
      // Two tasks whose images make one repository name get two IDs: the checks of the rendered stack refuse the name.
      const id = this.node.tryFindChild(`Image-${repositoryName}`) ? `Image-${repositoryName}-${this.builtImages.size}` : `Image-${repositoryName}`;
      image = new ContainerImage(this, id, {
        ...this.imageDefaults(),
        name: repositoryName,
        directory: source.directory,
        dockerfile: source.dockerfile,
        buildArgs: source.buildArgs,
        platform: imagePlatformOf(task.cpuArchitecture),
      });
      this.builtImages.set(key, image);
    }
    return image.variant({ scratch });
  }

  /** The Docker provider logs in to this account's ECR with a short-lived token, never `docker login`. */
  private ensureDockerProvider(): void {
    if (this.dockerProvider) return;
    const token = new DataAwsEcrAuthorizationToken(this, 'EcrToken', { registryId: this.naming.accountId });
    this.dockerProvider = new DockerProvider(this, 'Docker', {
      registryAuth: [{ address: token.proxyEndpoint, username: token.userName, password: token.password }],
    });
  }
}
