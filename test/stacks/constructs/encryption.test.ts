import { environment, policyOf, resourcesOf, stackOf, statement, synth } from '../../helpers';

describe('EncryptionKey', () => {
  it('creates a rotated key whose policy lets CloudWatch Logs use it only for this account and region', () => {
    const [key] = resourcesOf(synth(stackOf()), 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: false } });
    const logs = statement(policyOf(key), 'CloudWatchLogsOfThisAccount');
    expect(logs.Principal).toEqual({ Service: 'logs.ap-northeast-1.amazonaws.com' });
    expect(logs.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:ap-northeast-1:123456789012:log-group:*' } });
  });

  it('GIVEN protectFromDestroy THEN the key, repository and log groups refuse terraform destroy', () => {
    const out = synth(stackOf(environment({ protectFromDestroy: true })));
    for (const type of ['aws_kms_key', 'aws_ecr_repository', 'aws_cloudwatch_log_group']) {
      for (const resource of resourcesOf(out, type)) expect(resource.lifecycle).toEqual({ prevent_destroy: true });
    }
  });
});
