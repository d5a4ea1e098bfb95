// Every form ECS documents for a container secret, and the IAM resource that matches the real ARN behind it.
import { parseSecretReference, secretPartitionProblem, secretReferenceProblem } from '../../../stacks/aws/ecs-secrets';

const PLACE = { partition: 'aws', region: 'ap-northeast-1', accountId: '123456789012' };
const SECRETS = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret';
const PARAMETERS = 'arn:aws:ssm:ap-northeast-1:123456789012:parameter';
const VERSION_ID = '9d4cb84b-ad69-40c0-a0ab-cead3EXAMPLE';

describe('parseSecretReference (rules ecs.secretsmanager-value-from, ecs.ssm-value-from)', () => {
  it.each([
    ['a complete secret ARN', `${SECRETS}:prod/db-AbCdEf`, `${SECRETS}:prod/db-AbCdEf`],
    ['a JSON key of a complete ARN', `${SECRETS}:prod/db-AbCdEf:password::`, `${SECRETS}:prod/db-AbCdEf`],
    ['a version stage', `${SECRETS}:prod/db-AbCdEf::AWSPREVIOUS:`, `${SECRETS}:prod/db-AbCdEf`],
    ['a version ID', `${SECRETS}:prod/db-AbCdEf:::${VERSION_ID}`, `${SECRETS}:prod/db-AbCdEf`],
    ['a JSON key and a version stage', `${SECRETS}:prod/db-AbCdEf:username:AWSCURRENT:`, `${SECRETS}:prod/db-AbCdEf`],
    ['the colons of nothing', `${SECRETS}:prod/db-AbCdEf:::`, `${SECRETS}:prod/db-AbCdEf`],
    ['a partial ARN (no random suffix)', `${SECRETS}:prod/api-token`, `${SECRETS}:prod/api-token-??????`],
    ['a JSON key of a partial ARN', `${SECRETS}:prod/db:password::`, `${SECRETS}:prod/db-??????`],
    ['a secret of another Region and account', 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:shared/token', 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:shared/token-??????'],
  ])('GIVEN %s THEN the execution role is granted the secret’s real ARN', (_, valueFrom, resource) => {
    expect(parseSecretReference(valueFrom, PLACE)).toEqual({ valueFrom, service: 'secretsmanager', resource });
  });

  it.each([
    ['a parameter ARN', `${PARAMETERS}/app/token`, `${PARAMETERS}/app/token`],
    ['a parameter ARN of one level', `${PARAMETERS}/token`, `${PARAMETERS}/token`],
    ['a parameter name', 'token', `${PARAMETERS}/token`],
    ['a parameter name with a leading slash', '/token', `${PARAMETERS}/token`],
    ['a parameter name in a hierarchy', '/app/prod/token', `${PARAMETERS}/app/prod/token`],
    ['a parameter of another Region, by ARN', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/token', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/token'],
  ])('GIVEN %s THEN the execution role is granted the parameter’s ARN', (_, valueFrom, resource) => {
    expect(parseSecretReference(valueFrom, PLACE)).toEqual({ valueFrom, service: 'ssm', resource });
  });

  it('GIVEN a parameter name in a China Region THEN its ARN is in that partition', () => {
    expect(parseSecretReference('/app/token', { partition: 'aws-cn', region: 'cn-north-1', accountId: '123456789012' })).toMatchObject({
      resource: 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/app/token',
    });
  });

  it.each([
    ['a JSON key without the colons after it', `${SECRETS}:prod/db-AbCdEf:password`, /every colon present \(got 1 after the name\)/],
    ['too many parts', `${SECRETS}:prod/db-AbCdEf:a:b:c:d`, /every colon present \(got 4 after the name\)/],
    ['a version stage and a version ID', `${SECRETS}:prod/db-AbCdEf::AWSCURRENT:${VERSION_ID}`, /both a version stage and a version ID/],
    ['a secret name with a space', `${SECRETS}:prod/db name`, /characters a secret name cannot hold/],
    ['an ARN of another service', 'arn:aws:s3:::bucket/key', /names no Region or account/],
    ['an ARN of another service with a Region', 'arn:aws:kms:ap-northeast-1:123456789012:key/abc', /not an ARN of kms/],
    ['a Secrets Manager ARN without secret:', 'arn:aws:secretsmanager:ap-northeast-1:123456789012:prod/db', /names secret:<name>/],
    ['a parameter ARN with a version', `${PARAMETERS}/app/token:3`, /a parameter ARN is …:parameter\/<name>/],
    ['a parameter name in a hierarchy without its leading slash', 'app/token', /starts with a slash: \/app\/token/],
    ['a value with spaces', 'hunter 2', /must be a Secrets Manager secret ARN .* an SSM parameter ARN .* or the name of a parameter/],
    ['a URL', 'https://hooks.slack.com/services/T0/B0/X', /must be a Secrets Manager secret ARN/],
  ])('GIVEN %s THEN it is refused and says why', (_, valueFrom, message) => {
    expect(parseSecretReference(valueFrom, PLACE)).toEqual({ problem: expect.stringMatching(message) });
    expect(secretReferenceProblem(valueFrom)).toMatch(message);
  });

  it('GIVEN a full ARN of another partition THEN it is refused where the task runs, although its form is right', () => {
    const china = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:prod/db-AbCdEf';
    expect(secretReferenceProblem(china)).toBeUndefined();
    expect(parseSecretReference(china, PLACE)).toEqual({ problem: 'is in partition aws-cn, but the task runs in aws: its execution role can never be granted it' });
    expect(secretPartitionProblem(china, 'aws-cn')).toBeUndefined();
    expect(secretPartitionProblem('/app/token', 'aws')).toBeUndefined();
  });
});

describe('secretReferenceProblem for a Secrets Manager secret only (webhookSecretArn)', () => {
  it.each([`${SECRETS}:slack-AbCdEf`, `${SECRETS}:slack`, `${SECRETS}:slack-AbCdEf:url::`])('GIVEN %s THEN it is accepted', (valueFrom) => {
    expect(secretReferenceProblem(valueFrom, 'secretsmanager')).toBeUndefined();
  });

  it.each([
    ['a parameter name', 'slack', /^must be a Secrets Manager secret ARN \(…:secret:<name>/],
    ['a parameter ARN', `${PARAMETERS}/slack`, /^must be a Secrets Manager secret ARN \(…:secret:<name>/],
    ['a secret ARN of a bad form', `${SECRETS}:slack:url`, /every colon present/],
  ])('GIVEN %s THEN it is refused', (_, valueFrom, message) => {
    expect(secretReferenceProblem(valueFrom, 'secretsmanager')).toMatch(message);
  });
});
