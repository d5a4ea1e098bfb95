// The alarms and the alarm topic of an environment, read from the synthesized stack.
import { environment, referenceTo, resourcesOf, resourceWhere, stackOf, synth, workflow } from '../../helpers';

const ARN = (resource: string) => `arn:aws:states:ap-northeast-1:123456789012:stateMachine:${resource}`;

describe('GIVEN an environment with a scheduled workflow and one run by hand', () => {
  const out = synth(
    stackOf(environment({ alarmEmails: ['oncall@example.com'], workflows: [workflow('nightly', { schedule: { expression: 'rate(1 day)', deadLetterQueue: true } }), workflow('adhoc')] })),
  );
  const topic = referenceTo(out, 'aws_sns_topic', 'name', 'wf-dev-alarms');
  const alarm = (name: string) => resourceWhere(out, 'aws_cloudwatch_metric_alarm', 'alarm_name', name);
  const fires = { statistic: 'Sum', period: 300, evaluation_periods: 1, threshold: 0, comparison_operator: 'GreaterThanThreshold', treat_missing_data: 'notBreaching', alarm_actions: [topic] };

  it('THEN the topic is encrypted with the environment key and mails the address given', () => {
    expect(resourceWhere(out, 'aws_sns_topic', 'name', 'wf-dev-alarms')).toMatchObject({ kms_master_key_id: referenceTo(out, 'aws_kms_key', 'description', 'wf-dev: images and logs') });
    expect(resourcesOf(out, 'aws_sns_topic_subscription')).toEqual([{ topic_arn: topic, protocol: 'email', endpoint: 'oncall@example.com' }]);
    expect(out.output.alarm_topic_arn.value).toBe(topic);
  });

  it.each(['nightly', 'adhoc'])('THEN state machine %s has an alarm each on failed, timed-out and aborted executions (the backstop for best-effort events)', (workflowName) => {
    const machine = `wf-dev-${workflowName}`;
    expect(alarm(`${machine}-failed`)).toMatchObject({ ...fires, namespace: 'AWS/States', metric_name: 'ExecutionsFailed', dimensions: { StateMachineArn: ARN(machine) } });
    expect(alarm(`${machine}-timed-out`)).toMatchObject({ ...fires, namespace: 'AWS/States', metric_name: 'ExecutionsTimedOut', dimensions: { StateMachineArn: ARN(machine) } });
    expect(alarm(`${machine}-aborted`)).toMatchObject({ ...fires, namespace: 'AWS/States', metric_name: 'ExecutionsAborted', dimensions: { StateMachineArn: ARN(machine) } });
    expect(String(alarm(`${machine}-failed`).alarm_description)).toContain('redrive-execution');
  });

  it.each(['wf-dev-alerts-dlq', 'wf-dev-nightly-schedule-dlq'])('THEN dead-letter queue %s has an alarm on any message in it', (queue) => {
    expect(resourcesOf(out, 'aws_sqs_queue').map((candidate) => candidate.name)).toContain(queue);
    expect(alarm(`${queue}-not-empty`)).toMatchObject({ ...fires, statistic: 'Maximum', namespace: 'AWS/SQS', metric_name: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: queue } });
  });

  it.each([
    ['dropped', 'InvocationDroppedCount'],
    ['target-errors', 'TargetErrorCount'],
    ['dlq-failed', 'InvocationsFailedToBeSentToDeadLetterCount'],
  ])('THEN the schedule group has an alarm on Scheduler runs %s', (what, metric) => {
    expect(alarm(`wf-dev-schedules-${what}`)).toMatchObject({ ...fires, namespace: 'AWS/Scheduler', metric_name: metric, dimensions: { ScheduleGroup: 'wf-dev' } });
  });

  it('THEN every alarm publishes to the topic only, and no alarm is left out of the list above', () => {
    const alarms = resourcesOf(out, 'aws_cloudwatch_metric_alarm');
    expect(alarms).toHaveLength(2 * 3 + 2 + 3);
    for (const each of alarms) expect(each.alarm_actions).toEqual([topic]);
  });

  it('THEN the notifier’s own failures go to the topic: a stopped notifier task with a non-zero exit, or one that never started', () => {
    const rule = resourceWhere(out, 'aws_cloudwatch_event_rule', 'name', 'wf-dev-notifier-failed');
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      source: ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      detail: {
        clusterArn: ['arn:aws:ecs:ap-northeast-1:123456789012:cluster/wf-dev'],
        taskDefinitionArn: [{ prefix: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/wf-dev-notifier:' }],
        lastStatus: ['STOPPED'],
        $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
      },
    });
    const target = resourcesOf(out, 'aws_cloudwatch_event_target').find((candidate) => candidate.target_id === 'alarm-topic');
    expect(target).toMatchObject({ arn: topic, rule: referenceTo(out, 'aws_cloudwatch_event_rule', 'name', 'wf-dev-notifier-failed', 'name') });
    const transformer = target?.input_transformer as { input_paths: Record<string, string>; input_template: string };
    expect(transformer.input_paths.execution).toBe('$.detail.overrides.containerOverrides[0].environment[0].value');
    expect(JSON.parse(transformer.input_template)).toContain('<execution>');
  });
});

describe('GIVEN an environment without workflows', () => {
  it('THEN there is the topic but no alarm and no notifier rule (nothing runs)', () => {
    const out = synth(stackOf(environment({ workflows: [], allowEmpty: true })));
    expect(resourcesOf(out, 'aws_sns_topic')).toHaveLength(1);
    expect(resourcesOf(out, 'aws_cloudwatch_metric_alarm')).toEqual([]);
    expect(resourcesOf(out, 'aws_cloudwatch_event_rule')).toEqual([]);
  });
});
