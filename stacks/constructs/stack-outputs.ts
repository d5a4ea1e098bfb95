import { Construct } from 'constructs';
import { TerraformOutput, Token } from 'cdktf';

export interface StackOutputsProps {
  /** The SNS topic of the alarms (the second alert channel). */
  readonly alarmTopicArn: string;
  /**
   * The queue of the execution alerts EventBridge could not start the notifier for. @default - no such output
   * (an environment without workflows has no execution alerts)
   */
  readonly alertsDeadLetterQueueUrl?: string;
  readonly clusterName: string;
  readonly notifierRepositoryUrl: string;
  readonly webhookSecretArn: string;
  /** State machine ARN of each workflow, by workflow name. */
  readonly stateMachineArns: Readonly<Record<string, string>>;
}

/**
 * The Terraform outputs of an environment: what an operator needs after deploy (where to subscribe to alarms, put
 * the webhook URL, push the notifier image, find the state machines).
 *
 * Each output is declared in the scope this construct is given (the stack), under its own name: its Terraform
 * address stays `output.<name>` (scripts and workspaces read the outputs by name), and the stack's rendered
 * metadata, which lists its outputs by construct path, stays what it was before this construct existed.
 */
export class StackOutputs extends Construct {
  readonly outputs: Readonly<Record<string, TerraformOutput>>;

  constructor(scope: Construct, id: string, props: StackOutputsProps) {
    super(scope, id);
    const outputs: Record<string, TerraformOutput> = {};
    const output = (name: string, value: unknown, description: string) => {
      outputs[name] = new TerraformOutput(scope, name, { value, description });
    };
    output('alarm_topic_arn', props.alarmTopicArn, 'SNS topic of the alarms (the second alert channel): subscribe e-mail, chat or paging to it');
    if (props.alertsDeadLetterQueueUrl !== undefined) {
      output('alerts_dead_letter_queue_url', props.alertsDeadLetterQueueUrl, 'SQS queue holding the execution alerts EventBridge could not start the notifier for');
    }
    output('cluster_name', props.clusterName, 'ECS cluster the tasks run in');
    output('notifier_repository_url', props.notifierRepositoryUrl, 'ECR repository of the notifier image');
    output(
      'webhook_secret_arn',
      props.webhookSecretArn,
      'Secret to put the Slack webhook URL into: until it holds the URL, every Slack alert fails (and the alarm topic is told so)',
    );
    // As a token: for a plain object value cdktf 0.21 calls util.isArray, which Node.js 22+ reports as
    // deprecated (DEP0044) on stderr at every synthesis. The rendered output is the same map.
    output('state_machine_arns', Token.asAny({ ...props.stateMachineArns }), 'State machine ARN of each workflow, by workflow name');
    this.outputs = outputs;
  }
}
