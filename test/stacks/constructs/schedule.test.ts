import { environment, referenceTo, resourcesOf, resourceWhere, rolePolicyOf, stackOf, synth, workflow } from '../../helpers';

describe('WorkflowSchedule', () => {
  const out = synth(
    stackOf(
      environment({
        workflows: [
          workflow('nightly', { schedule: { expression: 'cron(0 9 * * ? *)', timeZone: 'Asia/Tokyo', deadLetterQueue: true, maximumRetryAttempts: 5, input: { full: true } } }),
          workflow('manual'),
        ],
      }),
    ),
  );

  it('replaces cron with an EventBridge Scheduler schedule in a time zone, with retries and a dead-letter queue', () => {
    expect(resourcesOf(out, 'aws_scheduler_schedule')).toHaveLength(1);
    expect(resourceWhere(out, 'aws_scheduler_schedule', 'name', 'wf-dev-nightly-schedule')).toMatchObject({
      group_name: referenceTo(out, 'aws_scheduler_schedule_group', 'name', 'wf-dev', 'name'),
      schedule_expression: 'cron(0 9 * * ? *)',
      schedule_expression_timezone: 'Asia/Tokyo',
      state: 'ENABLED',
      flexible_time_window: { mode: 'OFF' },
      target: {
        arn: referenceTo(out, 'aws_sfn_state_machine', 'name', 'wf-dev-nightly'),
        role_arn: referenceTo(out, 'aws_iam_role', 'name', 'wf-dev-nightly-schedule'),
        input: '{"full":true}',
        retry_policy: { maximum_retry_attempts: 5, maximum_event_age_in_seconds: 3600 },
        dead_letter_config: { arn: referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-nightly-schedule-dlq') },
      },
    });
    expect(resourceWhere(out, 'aws_sqs_queue', 'name', 'wf-dev-nightly-schedule-dlq')).toMatchObject({ sqs_managed_sse_enabled: true });
  });

  it('has a role allowed only to start its own state machine and to dead-letter', () => {
    expect(rolePolicyOf(out, 'wf-dev-nightly-schedule').Statement).toEqual([
      { Sid: 'StartOwnStateMachine', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [referenceTo(out, 'aws_sfn_state_machine', 'name', 'wf-dev-nightly')] },
      { Sid: 'DeadLetter', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-nightly-schedule-dlq')] },
    ]);
  });
});
