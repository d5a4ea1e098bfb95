import { Construct } from 'constructs';
import type { SecretReference } from '../aws/ecs-secrets';
import { resultKey } from '../builders/asl';
import { stateMachineNames, stepResultPattern, workflowTaskName } from '../builders/names';
import { reportsResult, tasksOf } from '../config/steps';
import type { Task } from '../config/types';
import { FargateTask, type FargateTaskProps } from './fargate-task';
import { Workflow, type WorkflowProps } from './workflow';

/** The image a task runs: its reference and the repositories its execution role may pull from. */
export interface TaskImage {
  readonly imageRef: string;
  readonly pullRepositoryArns: readonly string[];
}

export interface WorkflowWithTasksProps extends Omit<WorkflowProps, 'tasks'> {
  /** The environment's name, in each task definition's `Environment` tag. */
  readonly environmentName: string;
  /** The image of each task (`<workflow>-<task>` names a built one's repository). */
  readonly imageFor: (task: Task, taskName: string) => TaskImage;
  /** Secrets of the stack that tasks running the notifier image get (its webhook URL), and their key. */
  readonly notifierSecrets: Readonly<Record<string, SecretReference>>;
  /** @default - the stack's key, in its region */
  readonly notifierSecretsKey?: FargateTaskProps['extraSecretsKey'];
}

/**
 * One workflow: a Fargate task per step (tagged `Workflow`, `Step`, `Environment` for cost per step, with the key
 * of its result when it reports one) and the state machine that runs them. Its ID is the workflow's name.
 */
export class WorkflowWithTasks extends Construct {
  readonly tasks: Readonly<Record<string, FargateTask>>;
  readonly workflow: Workflow;

  constructor(scope: Construct, id: string, props: WorkflowWithTasksProps) {
    super(scope, id);
    const { naming, workflow, results } = props;
    const stateMachine = stateMachineNames(naming, workflow.name).stateMachine;
    this.tasks = Object.fromEntries(
      tasksOf(workflow).map((task) => {
        const taskName = workflowTaskName(workflow.name, task.name);
        const image = props.imageFor(task, taskName);
        const fargateTask = new FargateTask(this, task.name, {
          naming,
          logRetentionDays: props.logRetentionDays,
          kmsKeyArn: props.kmsKeyArn,
          protectFromDestroy: props.protectFromDestroy,
          name: taskName,
          task,
          imageRef: image.imageRef,
          pullRepositoryArns: image.pullRepositoryArns,
          extraSecrets: task.image === 'notifier' ? props.notifierSecrets : {},
          extraSecretsKey: props.notifierSecretsKey,
          tags: { Workflow: workflow.name, Step: task.name, Environment: props.environmentName },
          ...(results && reportsResult(task)
            ? { writeResult: { bucketArn: results.bucketArn, keyPattern: stepResultPattern(stateMachine, resultKey(task.name)), kmsKeyArn: props.kmsKeyArn, region: naming.region } }
            : {}),
        });
        return [task.name, fargateTask];
      }),
    );
    this.workflow = new Workflow(this, 'Workflow', {
      naming,
      workflow,
      cluster: props.cluster,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      assignPublicIp: props.assignPublicIp,
      tasks: this.tasks,
      logRetentionDays: props.logRetentionDays,
      kmsKeyArn: props.kmsKeyArn,
      scheduleGroup: props.scheduleGroup,
      protectFromDestroy: props.protectFromDestroy,
      results,
    });
  }
}
