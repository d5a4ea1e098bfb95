import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { FARGATE_PLATFORM_VERSION } from '../aws/ecs-fargate';
import { ALERT_INPUT_PATHS, alertEventPattern, alertInputTemplate, executionsOf, mapRunsOf, skippedEventPattern, type AlertedStateMachine } from '../builders/execution-alerts';
import { assumeRolePolicy, deadLetterQueuePolicy, describeExecutionsPolicy, executionAlertsPolicy } from '../builders/iam';
import { arn, roleSettings, CONTAINER_NAME, executionAlertNames, type Naming } from '../builders/names';
import type { FargateTask } from './fargate-task';
import { jsonAttribute } from './json-attribute';

export interface ExecutionAlertsProps {
  readonly naming: Naming;
  /** The state machines whose ends are alerted, with whether a success is alerted too. */
  readonly stateMachines: readonly AlertedStateMachine[];
  /** The state machines whose runs are skipped while another execution runs: each skip is told too. @default - none */
  readonly skippingStateMachineArns?: readonly string[];
  readonly cluster: EcsCluster;
  /** The Slack notifier task, which the alerts run. */
  readonly notifier: FargateTask;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Give the notifier task a public IP (as the workflows' steps get). @default true */
  readonly assignPublicIp?: boolean;
  /** The environment's KMS key, which encrypts the dead-letter queue. */
  readonly kmsKeyArn: string;
  /** How often EventBridge retries a notifier task it could not start. @default 5 */
  readonly maximumRetryAttempts?: number;
  /**
   * Where the Distributed fan-outs of these state machines write each item's outcome (`s3://<bucket>/fan-outs`), and
   * which state machines have one: a success message then says how many items failed and where.
   * @default - no Distributed fan-out
   */
  readonly fanOutResults?: { readonly location: string; readonly stateMachineArns: readonly string[] };
  /** How long EventBridge keeps trying. @default 3600 */
  readonly maximumEventAgeSeconds?: number;
}

/**
 * Alerts from how an execution ended: an EventBridge rule on the "Step Functions Execution Status Change"
 * events of the environment's state machines (FAILED, TIMED_OUT, ABORTED, and SUCCEEDED where asked) runs the
 * notifier as an ECS task, its overrides made from the event by an input transformer. The rule sees what a
 * catch inside the definition cannot: the state machine's own time-out, a manual stop, run-time errors.
 * EventBridge runs the task with its own role (run the notifier's task definition in the cluster, pass the
 * notifier's two roles to ECS tasks, nothing else), retries, and dead-letters what it could not start into an
 * SQS queue encrypted with the environment's key that only this rule may send to.
 */
export class ExecutionAlerts extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly skippedRule?: CloudwatchEventRule;
  readonly role: IamRole;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: ExecutionAlertsProps) {
    super(scope, id);
    const { naming } = props;
    const assignPublicIp = props.assignPublicIp ?? true;
    const maximumRetryAttempts = props.maximumRetryAttempts ?? 5;
    const maximumEventAgeSeconds = props.maximumEventAgeSeconds ?? 3600;
    const names = executionAlertNames(naming);
    const ruleArn = arn(naming, 'events', `rule/${names.rule}`);
    const skipping = props.skippingStateMachineArns ?? [];
    const ruleArns = [ruleArn, ...(skipping.length > 0 ? [arn(naming, 'events', `rule/${names.skippedRule}`)] : [])];

    this.rule = new CloudwatchEventRule(this, 'Rule', {
      name: names.rule,
      description: `${naming.prefix}: tell Slack how each workflow execution ended`,
      eventPattern: jsonAttribute(this, alertEventPattern(props.stateMachines)),
    });
    this.deadLetterQueue = new SqsQueue(this, 'DeadLetterQueue', {
      name: names.deadLetterQueue,
      kmsMasterKeyId: props.kmsKeyArn,
      messageRetentionSeconds: 1_209_600,
    });
    new SqsQueuePolicy(this, 'DeadLetterQueuePolicy', {
      queueUrl: this.deadLetterQueue.url,
      policy: jsonAttribute(this, deadLetterQueuePolicy(this.deadLetterQueue.arn, ruleArns.length > 1 ? ruleArns : ruleArn)),
    });
    this.role = new IamRole(this, 'Role', {
      name: names.role,
      ...roleSettings(naming),
      description: `EventBridge role of ${names.rule}: run the notifier task`,
      assumeRolePolicy: jsonAttribute(this, assumeRolePolicy('events.amazonaws.com', naming.accountId, ruleArns.length > 1 ? ruleArns : ruleArn)),
    });
    new IamRolePolicy(this, 'RolePolicy', {
      name: 'run-notifier',
      role: this.role.id,
      policy: jsonAttribute(this,
        executionAlertsPolicy({
          taskDefinitionArn: props.notifier.definition.arn,
          passRoleArns: [props.notifier.executionRole.arn, props.notifier.taskRole.arn],
          clusterArn: props.cluster.arn,
        }),
      ),
    });
    // The notifier reads the cause and the failed step of what it alerts on: those executions only.
    new IamRolePolicy(this, 'NotifierTaskPolicy', {
      name: 'describe-alerted-executions',
      role: props.notifier.taskRole.id,
      policy: jsonAttribute(this,
        describeExecutionsPolicy(
          props.stateMachines.map((machine) => executionsOf(machine.stateMachineArn)),
          (props.fanOutResults?.stateMachineArns ?? []).map(mapRunsOf),
        ),
      ),
    });
    const target = (id: string, rule: CloudwatchEventRule, fixed?: { status: string; text: string }) =>
      new CloudwatchEventTarget(this, id, {
        rule: rule.name,
        targetId: 'notifier',
        arn: props.cluster.arn,
        roleArn: this.role.arn,
        ecsTarget: {
          taskDefinitionArn: props.notifier.definition.arn,
          taskCount: 1,
          launchType: 'FARGATE',
          platformVersion: FARGATE_PLATFORM_VERSION,
          networkConfiguration: { subnets: [...props.subnetIds], securityGroups: [...props.securityGroupIds], assignPublicIp },
        },
        inputTransformer: {
          inputPaths: { ...ALERT_INPUT_PATHS },
          inputTemplate: alertInputTemplate({
            containerName: CONTAINER_NAME,
            stateMachinePrefix: `${naming.prefix}-`,
            region: naming.region,
            fixed,
            ...(fixed === undefined && props.fanOutResults ? { fanOutResults: props.fanOutResults.location } : {}),
          }),
        },
        retryPolicy: { maximumRetryAttempts, maximumEventAgeInSeconds: maximumEventAgeSeconds },
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
      });
    target('Target', this.rule);
    if (skipping.length > 0) {
      this.skippedRule = new CloudwatchEventRule(this, 'SkippedRule', {
        name: names.skippedRule,
        description: `${naming.prefix}: tell Slack a scheduled run was skipped because the previous one was running`,
        eventPattern: jsonAttribute(this, skippedEventPattern(skipping)),
      });
      target('SkippedTarget', this.skippedRule, { status: 'SKIPPED', text: 'Skipped: the previous execution was still running, so no step ran' });
    }
  }
}
