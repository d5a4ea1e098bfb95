import { environment, resourcesOf, stackOf, synth } from '../../helpers';

describe('EnvironmentStack', () => {
  const out = synth(stackOf());

  it('pins the AWS provider to the environment account and region, with default tags', () => {
    expect(out.provider.aws).toEqual([
      expect.objectContaining({
        region: 'ap-northeast-1',
        allowed_account_ids: ['123456789012'],
        default_tags: [{ tags: { Project: 'wf', Environment: 'dev', ManagedBy: 'cdktf' } }],
      }),
    ]);
  });

  it('never asks AWS who it is: ARNs come from the declared account', () => {
    expect(out.data.aws_caller_identity).toBeUndefined();
    expect(out.data.aws_availability_zones).toBeUndefined();
    expect(out.json).toContain('arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule');
  });

  it('declares no remote state by default: the app, which prepares the stack as it renders it for its checks, adds local state (see app.test.ts)', () => {
    expect(Object.keys(out.terraform.backend ?? {})).toEqual(['local']);
    expect(out.terraform.cloud).toBeUndefined();
  });

  it('runs an ECS cluster with Container Insights and both Fargate capacity providers', () => {
    expect(resourcesOf(out, 'aws_ecs_cluster')).toEqual([expect.objectContaining({ name: 'wf-dev', setting: [{ name: 'containerInsights', value: 'enabled' }] })]);
    expect(resourcesOf(out, 'aws_ecs_cluster_capacity_providers')[0].capacity_providers).toEqual(['FARGATE', 'FARGATE_SPOT']);
  });

  it('creates an empty webhook secret unless one is given', () => {
    expect(resourcesOf(out, 'aws_secretsmanager_secret')).toEqual([expect.objectContaining({ name: 'wf-dev/slack-webhook-url' })]);
    const given = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:slack-AbCdEf';
    const withSecret = synth(stackOf(environment({ webhookSecretArn: given })));
    expect(resourcesOf(withSecret, 'aws_secretsmanager_secret')).toEqual([]);
    expect(withSecret.json).toContain(given);
  });

  it('outputs what a user needs after deploy', () => {
    expect(Object.keys(out.output).sort()).toEqual(['alarm_topic_arn', 'alerts_dead_letter_queue_url', 'cluster_name', 'notifier_repository_url', 'state_machine_arns', 'webhook_secret_arn']);
    expect(out.output.alerts_dead_letter_queue_url.value).toMatch(/^\$\{aws_sqs_queue\.ExecutionAlerts_DeadLetterQueue_.*\.url\}$/);
    expect(out.output.state_machine_arns.value).toEqual({ 'daily-batch': expect.stringMatching(/^\$\{aws_sfn_state_machine\..*\.arn\}$/) });
  });

  it('GIVEN Terraform Cloud settings THEN renders a cloud block instead of the local backend', () => {
    const cloud = synth(stackOf(environment({ terraformCloud: { organization: 'acme', workspace: 'workflows-dev' } })));
    expect(cloud.terraform.cloud).toEqual({ organization: 'acme', hostname: 'app.terraform.io', workspaces: { name: 'workflows-dev' } });
    expect(cloud.terraform.backend).toBeUndefined();
  });
});
