import { environment, policyOf, referenceTo, resourcesOf, resourceWhere, rolePolicyOf, stackOf, synth, workflow } from '../../helpers';

describe('WorkflowSchedule', () => {
  const out = synth(
    stackOf(
      environment({
        workflows: [
          workflow('nightly', { schedule: { expression: 'cron(0 9 * * ? *)', timeZone: 'Asia/Tokyo', maximumRetryAttempts: 5, input: { full: true } } }),
          workflow('hourly', { schedule: { expression: 'rate(1 hour)', deadLetterQueue: false } }),
          workflow('manual'),
        ],
      }),
    ),
  );
  const key = () => referenceTo(out, 'aws_kms_key', 'description', 'wf-dev: images and logs');

  it('replaces cron with an EventBridge Scheduler schedule in a time zone, with retries, a dead-letter queue by default and the environment key', () => {
    expect(resourcesOf(out, 'aws_scheduler_schedule')).toHaveLength(2);
    expect(resourceWhere(out, 'aws_scheduler_schedule', 'name', 'wf-dev-nightly-schedule')).toMatchObject({
      group_name: referenceTo(out, 'aws_scheduler_schedule_group', 'name', 'wf-dev', 'name'),
      schedule_expression: 'cron(0 9 * * ? *)',
      schedule_expression_timezone: 'Asia/Tokyo',
      state: 'ENABLED',
      flexible_time_window: { mode: 'OFF' },
      kms_key_arn: key(),
      target: {
        arn: referenceTo(out, 'aws_sfn_state_machine', 'name', 'wf-dev-nightly'),
        role_arn: referenceTo(out, 'aws_iam_role', 'name', 'wf-dev-nightly-schedule'),
        input: '{"full":true}',
        retry_policy: { maximum_retry_attempts: 5, maximum_event_age_in_seconds: 3600 },
        dead_letter_config: { arn: referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-nightly-schedule-dlq') },
      },
    });
  });

  it('encrypts the dead-letter queue with the environment key (not SSE-SQS), keeps messages 14 days, and refuses requests without TLS', () => {
    const queue = resourceWhere(out, 'aws_sqs_queue', 'name', 'wf-dev-nightly-schedule-dlq');
    expect(queue).toMatchObject({ kms_master_key_id: key(), message_retention_seconds: 1_209_600 });
    expect(queue.sqs_managed_sse_enabled).toBeUndefined();
    const queuePolicy = resourceWhere(out, 'aws_sqs_queue_policy', 'queue_url', referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-nightly-schedule-dlq', 'url'));
    expect(policyOf(queuePolicy).Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['sqs:*'],
        Resource: [referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-nightly-schedule-dlq')],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('has a role allowed only to start its own state machine, to dead-letter through SQS with the key, and to decrypt its own schedule’s input', () => {
    expect(rolePolicyOf(out, 'wf-dev-nightly-schedule').Statement).toEqual([
      { Sid: 'StartOwnStateMachine', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [referenceTo(out, 'aws_sfn_state_machine', 'name', 'wf-dev-nightly')] },
      { Sid: 'DeadLetter', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-nightly-schedule-dlq')] },
      {
        Sid: 'DecryptOwnSchedulePayload',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [key()],
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:scheduler:schedule:arn': 'arn:aws:scheduler:ap-northeast-1:123456789012:schedule/wf-dev/wf-dev-nightly-schedule' } },
      },
      {
        Sid: 'EncryptDeadLettersThroughSqs',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: [key()],
        Condition: { StringEquals: { 'kms:ViaService': 'sqs.ap-northeast-1.amazonaws.com' } },
      },
    ]);
  });

  it('GIVEN deadLetterQueue: false THEN the schedule has no queue and its role may not send nor use the key through SQS', () => {
    expect(resourcesOf(out, 'aws_sqs_queue').map((queue) => queue.name)).not.toContain('wf-dev-hourly-schedule-dlq');
    const schedule = resourceWhere(out, 'aws_scheduler_schedule', 'name', 'wf-dev-hourly-schedule');
    expect(schedule).toMatchObject({ kms_key_arn: key(), target: { retry_policy: { maximum_retry_attempts: 3, maximum_event_age_in_seconds: 3600 } } });
    expect(schedule.target).not.toHaveProperty('dead_letter_config');
    expect(rolePolicyOf(out, 'wf-dev-hourly-schedule').Statement.map((statement) => statement.Sid)).toEqual(['StartOwnStateMachine', 'DecryptOwnSchedulePayload']);
  });
});
