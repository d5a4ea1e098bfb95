import { environment, referenceTo, stackOf, synth, workflow } from '../../helpers';

const GIVEN_SECRET = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:slack-AbCdEf';

describe('StackOutputs', () => {
  const out = synth(stackOf(environment({ workflows: [workflow('nightly'), workflow('weekly')] })));

  it('GIVEN an environment with workflows THEN every output is declared under its own name as its address', () => {
    expect(Object.keys(out.output).sort()).toEqual(['alarm_topic_arn', 'alerts_dead_letter_queue_url', 'cluster_name', 'notifier_repository_url', 'state_machine_arns', 'webhook_secret_arn']);
  });

  it('GIVEN the outputs THEN each refers to the resource it names', () => {
    expect(out.output.alarm_topic_arn.value).toBe(referenceTo(out, 'aws_sns_topic', 'name', 'wf-dev-alarms'));
    expect(out.output.alerts_dead_letter_queue_url.value).toBe(referenceTo(out, 'aws_sqs_queue', 'name', 'wf-dev-alerts-dlq', 'url'));
    expect(out.output.cluster_name.value).toBe(referenceTo(out, 'aws_ecs_cluster', 'name', 'wf-dev', 'name'));
    expect(out.output.notifier_repository_url.value).toBe(referenceTo(out, 'aws_ecr_repository', 'name', 'wf-dev/notifier', 'repository_url'));
    expect(out.output.webhook_secret_arn.value).toBe(referenceTo(out, 'aws_secretsmanager_secret', 'name', 'wf-dev/slack-webhook-url'));
  });

  it('GIVEN two workflows THEN state_machine_arns maps each workflow name to its state machine', () => {
    expect(out.output.state_machine_arns.value).toEqual({
      nightly: referenceTo(out, 'aws_sfn_state_machine', 'name', 'wf-dev-nightly'),
      weekly: referenceTo(out, 'aws_sfn_state_machine', 'name', 'wf-dev-weekly'),
    });
  });

  it('GIVEN an environment without workflows THEN there is no dead-letter queue output and the state machine map is empty', () => {
    const empty = synth(stackOf(environment({ workflows: [], allowEmpty: true })));
    expect(empty.output.alerts_dead_letter_queue_url).toBeUndefined();
    expect(empty.output.state_machine_arns.value).toEqual({});
  });

  it('GIVEN a webhook secret ARN THEN webhook_secret_arn is that ARN', () => {
    const given = synth(stackOf(environment({ webhookSecretArn: GIVEN_SECRET })));
    expect(given.output.webhook_secret_arn.value).toBe(GIVEN_SECRET);
  });
});
