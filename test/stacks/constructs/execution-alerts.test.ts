import { environment, policyOf, referenceTo, resourcesOf, resourceWhere, rolePolicyOf, stackOf, synth, workflow } from '../../helpers';

const MACHINE = (name: string) => `arn:aws:states:ap-northeast-1:123456789012:stateMachine:wf-dev-${name}`;

describe('ExecutionAlerts', () => {
  const out = synth(stackOf(environment({ workflows: [workflow('nightly'), workflow('weekly', { notifyOnSuccess: true })] })));
  const rule = resourceWhere(out, 'aws_cloudwatch_event_rule', 'name', 'wf-dev-alerts');
  /** The targets that run the notifier (the alarm topic's rule has its own, tested with the alarms). */
  const notifierTargets = (synthesized: typeof out) => resourcesOf(synthesized, 'aws_cloudwatch_event_target').filter((candidate) => candidate.target_id === 'notifier');
  const [target] = notifierTargets(out);
  const notifierDefinition = referenceTo(out, 'aws_ecs_task_definition', 'family', 'wf-dev-notifier');

  it('GIVEN two workflows, one notifying on success THEN one rule matches the unsuccessful ends of both and the success of that one', () => {
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        $or: [
          { stateMachineArn: [MACHINE('nightly'), MACHINE('weekly')], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
          { stateMachineArn: [MACHINE('weekly')], status: ['SUCCEEDED'], output: [{ wildcard: '*all-steps-succeeded*' }] },
        ],
      },
    });
  });

  it('GIVEN the target THEN it runs the notifier task on Fargate in the cluster, in the subnets and security group the steps use', () => {
    expect(notifierTargets(out)).toHaveLength(1);
    expect(target).toMatchObject({
      rule: referenceTo(out, 'aws_cloudwatch_event_rule', 'name', 'wf-dev-alerts', 'name'),
      arn: referenceTo(out, 'aws_ecs_cluster', 'name', 'wf-dev'),
      role_arn: referenceTo(out, 'aws_iam_role', 'name', 'wf-dev-alerts'),
      ecs_target: { task_definition_arn: notifierDefinition, task_count: 1, launch_type: 'FARGATE', platform_version: '1.4.0' },
      dead_letter_config: { arn: referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-alerts-dlq') },
      retry_policy: { maximum_retry_attempts: 5, maximum_event_age_in_seconds: 3600 },
    });
    const network = (target.ecs_target as { network_configuration: { subnets: string[]; security_groups: string[]; assign_public_ip: boolean } }).network_configuration;
    expect(network.subnets.length).toBeGreaterThanOrEqual(2);
    expect(network.security_groups).toEqual([referenceTo(out, 'aws_security_group', 'name', 'wf-dev-tasks', 'id')]);
  });

  it('GIVEN the input transformer THEN its template is the notifier container overrides', () => {
    const transformer = target.input_transformer as { input_paths: Record<string, string>; input_template: string };
    expect(transformer.input_paths).toEqual({ status: '$.detail.status', executionArn: '$.detail.executionArn', error: '$.detail.error', redriveCount: '$.detail.redriveCount' });
    const overrides = JSON.parse(transformer.input_template) as { containerOverrides: { name: string; environment: { name: string; value: string }[] }[] };
    expect(overrides.containerOverrides.map((container) => container.name)).toEqual(['main']);
    expect(overrides.containerOverrides[0].environment).toContainEqual({ name: 'STATE_MACHINE_PREFIX', value: 'wf-dev-' });
  });

  it('GIVEN the role THEN it may run the notifier task definition on the cluster and pass only the notifier roles to ECS tasks', () => {
    expect(rolePolicyOf(out, 'wf-dev-alerts').Statement).toEqual([
      expect.objectContaining({ Action: ['ecs:RunTask'], Resource: [notifierDefinition], Condition: { ArnEquals: { 'ecs:cluster': referenceTo(out, 'aws_ecs_cluster', 'name', 'wf-dev') } } }),
      expect.objectContaining({
        Action: ['iam:PassRole'],
        Resource: [referenceTo(out, 'aws_iam_role', 'name', 'wf-dev-notifier-exec'), referenceTo(out, 'aws_iam_role', 'name', 'wf-dev-notifier-task')],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    ]);
    const trust = policyOf(resourceWhere(out, 'aws_iam_role', 'name', 'wf-dev-alerts'), 'assume_role_policy');
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:events:ap-northeast-1:123456789012:rule/wf-dev-alerts' },
    });
  });

  it('GIVEN the notifier task role THEN it may describe the executions of the alerted state machines only', () => {
    expect(rolePolicyOf(out, 'wf-dev-notifier-task').Statement).toEqual([
      { Sid: 'DescribeAlertedExecutions', Effect: 'Allow', Action: ['states:DescribeExecution'], Resource: ['nightly', 'weekly'].map((name) => `${MACHINE(name).replace(':stateMachine:', ':execution:')}:*`) },
    ]);
  });

  it('GIVEN the dead-letter queue THEN it is encrypted with the environment key, only this rule may send to it, and only over TLS', () => {
    const queue = resourceWhere(out, 'aws_sqs_queue', 'name', 'wf-dev-alerts-dlq');
    expect(queue.kms_master_key_id).toBe(referenceTo(out, 'aws_kms_key', 'description', 'wf-dev: images and logs'));
    const [queuePolicy] = resourcesOf(out, 'aws_sqs_queue_policy');
    expect(policyOf(queuePolicy).Statement).toEqual([
      {
        Sid: 'EventBridgeDeadLettersOfOwnRule',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['sqs:SendMessage'],
        Resource: [referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-alerts-dlq')],
        Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:events:ap-northeast-1:123456789012:rule/wf-dev-alerts' } },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['sqs:*'],
        Resource: [referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-alerts-dlq')],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    const key = policyOf(resourcesOf(out, 'aws_kms_key')[0]);
    expect(key.Statement).toContainEqual(expect.objectContaining({ Sid: 'EventBridgeDeadLettersOfThisAccount', Principal: { Service: 'events.amazonaws.com' } }));
  });

  it('GIVEN a scheduled workflow (overlap skip by default) THEN a second rule tells its skipped runs, with the same role and queue, trusted for both rules only', () => {
    const scheduled = synth(stackOf(environment({ workflows: [workflow('nightly', { schedule: { expression: 'rate(1 day)' } }), workflow('manual')] })));
    const skipped = resourceWhere(scheduled, 'aws_cloudwatch_event_rule', 'name', 'wf-dev-alerts-skipped');
    expect(JSON.parse(String(skipped.event_pattern)).detail).toEqual({ stateMachineArn: [MACHINE('nightly')], status: ['SUCCEEDED'], output: [{ wildcard: '*skipped-while-running*' }] });
    const targets = notifierTargets(scheduled);
    expect(targets.map((target) => target.role_arn)).toEqual(Array<string>(2).fill(referenceTo(scheduled, 'aws_iam_role', 'name', 'wf-dev-alerts')));
    const template = (targets.find((target) => target.rule === referenceTo(scheduled, 'aws_cloudwatch_event_rule', 'name', 'wf-dev-alerts-skipped', 'name'))?.input_transformer as { input_template: string }).input_template;
    expect(JSON.parse(template).containerOverrides[0].environment).toContainEqual({ name: 'NOTIFY_STATUS', value: 'SKIPPED' });
    const rules = ['wf-dev-alerts', 'wf-dev-alerts-skipped'].map((name) => `arn:aws:events:ap-northeast-1:123456789012:rule/${name}`);
    expect(policyOf(resourceWhere(scheduled, 'aws_iam_role', 'name', 'wf-dev-alerts'), 'assume_role_policy').Statement[0].Condition?.ArnLike).toEqual({ 'aws:SourceArn': rules });
    expect(policyOf(resourcesOf(scheduled, 'aws_sqs_queue_policy')[0]).Statement[0].Condition).toEqual({ ArnEquals: { 'aws:SourceArn': rules } });
  });

  it('GIVEN no workflow notifies on success THEN the pattern has no $or; GIVEN no workflow THEN there are no alerts', () => {
    const plain = synth(stackOf(environment({ workflows: [workflow('nightly')] })));
    expect(JSON.parse(String(resourceWhere(plain, 'aws_cloudwatch_event_rule', 'name', 'wf-dev-alerts').event_pattern)).detail).toEqual({
      stateMachineArn: [MACHINE('nightly')],
      status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
    });
    expect(resourcesOf(synth(stackOf(environment({ workflows: [], allowEmpty: true }))), 'aws_cloudwatch_event_rule')).toEqual([]);
  });

  it('GIVEN a workflow that tells its successes and tolerates failed items THEN the notifier is told where the items’ outcomes are, and may count them (ListMapRuns, DescribeMapRun of that workflow only)', () => {
    const fanning = workflow('nightly', { notifyOnSuccess: true, timeoutSeconds: 3600, steps: [{ name: 'convert', forEach: { itemsPath: '$.files', toleratedFailurePercentage: 5 }, task: { image: 'notifier' } }] });
    const out = synth(stackOf(environment({ workflows: [fanning, workflow('other', { notifyOnSuccess: true })] })));
    const [target] = notifierTargets(out);
    const environmentOfTemplate = JSON.parse((target.input_transformer as { input_template: string }).input_template).containerOverrides[0].environment as { name: string; value: string }[];
    expect(environmentOfTemplate).toContainEqual({ name: 'NOTIFY_FAN_OUT_RESULTS', value: 's3://wf-dev-results-123456789012-ap-northeast-1/fan-outs' });
    const statements = policyOf(resourceWhere(out, 'aws_iam_role_policy', 'name', 'describe-alerted-executions')).Statement;
    expect(statements.find((statement) => statement.Sid === 'ListFanOutsOfAlertedExecutions')?.Resource).toEqual([
      'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-nightly:*',
      'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-other:*',
    ]);
    expect(statements.find((statement) => statement.Sid === 'CountFanOutItems')?.Resource).toEqual(['arn:aws:states:ap-northeast-1:123456789012:mapRun:wf-dev-nightly/*']);
    // Without a Distributed fan-out, neither the variable nor the permissions.
    const plain = synth(stackOf(environment({ workflows: [workflow('other', { notifyOnSuccess: true })] })));
    expect(JSON.stringify(notifierTargets(plain))).not.toContain('NOTIFY_FAN_OUT_RESULTS');
    expect(JSON.stringify(resourceWhere(plain, 'aws_iam_role_policy', 'name', 'describe-alerted-executions'))).not.toContain('MapRun');
  });
});
