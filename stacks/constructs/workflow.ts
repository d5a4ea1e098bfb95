import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { buildDefinition, type TaskTarget } from '../builders/asl';
import { tasksOf } from '../config/steps';
import type { Workflow as WorkflowConfig } from '../config/types';
import { fansOutDistributed, keepsResults, readsItemsFromS3, skipsOverlappingRuns } from '../config/steps';
import { assumeRolePolicy, stateMachinePolicy } from '../builders/iam';
import { jsonAttribute } from './json-attribute';
import { arn, roleSettings, ecsSyncEventsRuleArn, fanOutResultsPattern, stateMachineArn, stateMachineNames, stateMachineResultsPattern, taskDefinitionFamilyArn, type Naming } from '../builders/names';
import { CONTAINER_NAME, FargateTask } from './fargate-task';
import { WorkflowSchedule } from './schedule';
import type { ResultsBucket } from './results-bucket';
import type { ScheduleGroup } from './schedule-group';

export interface WorkflowProps {
  readonly naming: Naming;
  readonly workflow: WorkflowConfig;
  readonly cluster: EcsCluster;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** `AssignPublicIp` of every task the state machine starts. */
  readonly assignPublicIp: boolean;
  /** Task of every step, by task name. */
  readonly tasks: Readonly<Record<string, FargateTask>>;
  readonly logRetentionDays: number;
  readonly kmsKeyArn: string;
  /** The environment's schedule group, which holds the workflow's schedule. */
  readonly scheduleGroup: ScheduleGroup;
  /** Refuse `terraform destroy` of the log group. @default false */
  readonly protectFromDestroy?: boolean;
  /** The environment's results bucket, where steps that report a result write it. @default - none: no step reports one */
  readonly results?: ResultsBucket;
}

/**
 * One Standard state machine running a workflow's steps, its own least-privilege role (run only its task
 * definitions, pass only their roles, to ECS only), execution logs and X-Ray tracing, and its schedule.
 */
export class Workflow extends Construct {
  readonly stateMachine: SfnStateMachine;
  readonly role: IamRole;
  readonly schedule?: WorkflowSchedule;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const { naming, workflow } = props;
    const names = stateMachineNames(naming, workflow.name);
    const name = names.stateMachine;
    const ownTasks = tasksOf(workflow).map((task) => props.tasks[task.name]);
    const target = (task: FargateTask, config: Pick<TaskTarget, 'capacity' | 'timeoutSeconds' | 'retry'>): TaskTarget => ({
      taskDefinitionFamily: task.definition.family,
      containerName: CONTAINER_NAME,
      ...config,
    });
    const definition = buildDefinition({
      workflow,
      clusterArn: props.cluster.arn,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      assignPublicIp: props.assignPublicIp,
      region: naming.region,
      targets: Object.fromEntries(tasksOf(workflow).map((task) => [task.name, target(props.tasks[task.name], task)])),
      ...(props.results ? { resultsBucket: props.results.bucketName } : {}),
    });
    const readsResults = props.results && (keepsResults(workflow) || readsItemsFromS3(workflow));

    const ownArn = stateMachineArn(naming, workflow.name);
    this.role = new IamRole(this, 'Role', {
      name: names.role,
      ...roleSettings(naming),
      description: `Step Functions role of ${name}: run its own ECS tasks only`,
      assumeRolePolicy: jsonAttribute(this, assumeRolePolicy('states.amazonaws.com', naming.accountId, ownArn)),
    });
    const rolePolicy = new IamRolePolicy(this, 'RolePolicy', {
      name: 'run-own-tasks',
      role: this.role.id,
      policy: jsonAttribute(this,
        stateMachinePolicy({
          taskDefinitionFamilyArns: ownTasks.map((task) => taskDefinitionFamilyArn(naming, task.definition.family)),
          passRoleArns: ownTasks.flatMap((task) => [task.executionRole.arn, task.taskRole.arn]),
          clusterArn: props.cluster.arn,
          clusterTasksArn: arn(naming, 'ecs', `task/${props.cluster.name}/*`),
          ecsSyncEventsRuleArn: ecsSyncEventsRuleArn(naming),
          ...(skipsOverlappingRuns(workflow) ? { listOwnExecutionsArn: ownArn } : {}),
          ...(fansOutDistributed(workflow) ? { childExecutionsOfArn: ownArn } : {}),
          ...(readsResults && props.results
            ? { readResults: { bucketArn: props.results.bucketArn, keyPattern: stateMachineResultsPattern(name), kmsKeyArn: props.kmsKeyArn, region: naming.region } }
            : {}),
          ...(fansOutDistributed(workflow) && props.results
            ? { writeFanOutResults: { bucketArn: props.results.bucketArn, keyPattern: fanOutResultsPattern(workflow.name), kmsKeyArn: props.kmsKeyArn, region: naming.region } }
            : {}),
        }),
      ),
    });
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: names.logGroup,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
      lifecycle: { preventDestroy: props.protectFromDestroy ?? false },
    });
    this.stateMachine = new SfnStateMachine(this, 'StateMachine', {
      name,
      type: 'STANDARD',
      roleArn: this.role.arn,
      definition: jsonAttribute(this, definition),
      loggingConfiguration: { logDestination: `${logGroup.arn}:*`, level: 'ALL', includeExecutionData: true },
      tracingConfiguration: { enabled: true },
      dependsOn: [rolePolicy],
    });
    if (workflow.schedule) {
      this.schedule = new WorkflowSchedule(this, 'Schedule', {
        naming,
        name: names.schedule,
        schedule: workflow.schedule,
        stateMachineArn: this.stateMachine.arn,
        group: props.scheduleGroup,
        kmsKeyArn: props.kmsKeyArn,
      });
    }
  }
}
