import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { environmentAlarms, NOTIFIER_FAILURE_INPUT_PATHS, notifierFailurePattern, notifierFailureTemplate, type EnvironmentAlarmsProps } from '../builders/alarms';
import { arn, clusterName, notifierFailureRuleName, type Naming } from '../builders/names';
import { jsonAttribute } from './json-attribute';

export interface AlarmsProps extends EnvironmentAlarmsProps {
  readonly naming: Naming;
  /** The alarm topic's ARN, where every alarm and the notifier failure rule publish. */
  readonly topicArn: string;
  /** The notifier's task definition family, when execution alerts run it. @default - no notifier failure rule */
  readonly notifierFamily?: string;
}

/**
 * CloudWatch alarms wherever a Slack alert can be lost (executions that failed, timed out or were aborted, since
 * status change events are best effort; dead-letter queues not empty; Scheduler runs dropped or failing), and an
 * EventBridge rule on the notifier's own stopped tasks, all to the alarm topic.
 */
export class Alarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[];
  readonly notifierFailureRule?: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { naming } = props;
    this.alarms = environmentAlarms(props).map(
      (alarm) =>
        new CloudwatchMetricAlarm(this, alarm.name, {
          alarmName: alarm.name,
          alarmDescription: alarm.description,
          namespace: alarm.metric.namespace,
          metricName: alarm.metric.metricName,
          dimensions: { [alarm.metric.dimension]: alarm.resource },
          statistic: alarm.statistic,
          period: alarm.periodSeconds,
          evaluationPeriods: 1,
          threshold: alarm.threshold,
          comparisonOperator: 'GreaterThanThreshold',
          // No data is no failure: a workflow that did not run, a queue with nothing in it.
          treatMissingData: 'notBreaching',
          alarmActions: [props.topicArn],
        }),
    );
    if (props.notifierFamily === undefined) return;
    this.notifierFailureRule = new CloudwatchEventRule(this, 'NotifierFailedRule', {
      name: notifierFailureRuleName(naming),
      description: `${naming.prefix}: the Slack notifier stopped without delivering`,
      eventPattern: jsonAttribute(this,
        notifierFailurePattern({
          clusterArn: arn(naming, 'ecs', `cluster/${clusterName(naming)}`),
          notifierTaskDefinitionPrefix: arn(naming, 'ecs', `task-definition/${props.notifierFamily}:`),
        }),
      ),
    });
    new CloudwatchEventTarget(this, 'NotifierFailedTarget', {
      rule: this.notifierFailureRule.name,
      targetId: 'alarm-topic',
      arn: props.topicArn,
      inputTransformer: { inputPaths: { ...NOTIFIER_FAILURE_INPUT_PATHS }, inputTemplate: notifierFailureTemplate(props.notifierLogGroup) },
    });
  }
}
