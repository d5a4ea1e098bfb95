import { SECRET_RECOVERY_WINDOW_MIN_DAYS } from '../../../stacks/aws/secretsmanager';
import { containersOf, environment, referenceTo, resourcesOf, resourceWhere, stackOf, synth } from '../../helpers';

const GIVEN_SECRET = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:slack-AbCdEf';

describe('WebhookSecret', () => {
  const out = synth(stackOf());

  it('GIVEN no webhook secret ARN THEN the environment creates one, named after its prefix, encrypted with the environment key', () => {
    expect(resourcesOf(out, 'aws_secretsmanager_secret')).toEqual([
      expect.objectContaining({
        name: 'wf-dev/slack-webhook-url',
        kms_key_id: referenceTo(out, 'aws_kms_key', 'description', resourcesOf(out, 'aws_kms_key')[0].description),
      }),
    ]);
  });

  it('GIVEN the created secret THEN it keeps the Terraform address it had before the construct', () => {
    expect(Object.keys(out.resource.aws_secretsmanager_secret)).toEqual(['WebhookSecret']);
  });

  it('GIVEN the created secret THEN the notifier task reads SLACK_WEBHOOK_URL from it', () => {
    const [container] = containersOf(resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-notifier'));
    expect(container.secrets).toEqual([{ name: 'SLACK_WEBHOOK_URL', valueFrom: '${aws_secretsmanager_secret.WebhookSecret.arn}' }]);
  });

  it('GIVEN an unprotected environment THEN the secret is deleted at once on destroy (no recovery window, no prevent_destroy)', () => {
    expect(resourcesOf(out, 'aws_secretsmanager_secret')[0]).toMatchObject({ recovery_window_in_days: 0, lifecycle: { prevent_destroy: false } });
  });

  it('GIVEN a protected environment THEN the secret refuses destroy and keeps the shortest recovery window', () => {
    const protectedOut = synth(stackOf(environment({ protectFromDestroy: true })));
    expect(resourcesOf(protectedOut, 'aws_secretsmanager_secret')[0]).toMatchObject({
      recovery_window_in_days: SECRET_RECOVERY_WINDOW_MIN_DAYS,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('GIVEN a webhook secret ARN THEN no secret is created and the notifier reads the given one', () => {
    const given = synth(stackOf(environment({ webhookSecretArn: GIVEN_SECRET })));
    expect(resourcesOf(given, 'aws_secretsmanager_secret')).toEqual([]);
    const [container] = containersOf(resourceWhere(given, 'aws_ecs_task_definition', 'family', 'wf-dev-notifier'));
    expect(container.secrets.map((secret) => secret.name)).toEqual(['SLACK_WEBHOOK_URL']);
    expect(container.secrets[0].valueFrom).toContain(GIVEN_SECRET);
  });
});
