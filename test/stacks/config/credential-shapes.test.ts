// Credential shapes: each refused (and masked), ordinary values accepted.
import { CREDENTIAL_SHAPES, credentialShapeOf, credentialsInEnvironment, credentialsInJson, maskCredentials } from '../../../stacks/config/credential-shapes';

// Test credentials, built from parts so that no scanner takes this file for a leak. None of them is real.
const SLACK_WEBHOOK = ['https://hooks.slack.com/services', 'T00000000', 'B00000000', 'XXXXXXXXXXXXXXXXXXXXXXXX'].join('/');
const SLACK_BOT_TOKEN = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
const SLACK_USER_TOKEN = ['xoxp', '123456789012', '1234567890123', 'abcdef0123456789'].join('-');
const ACCESS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const SESSION_KEY_ID = ['ASIA', 'Y34FZKBOKMUTVV7A'].join('');
const SECRET_ACCESS_KEY = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');
const GITHUB_CLASSIC = ['ghp', 'a'.repeat(18) + 'B1'.repeat(9)].join('_');
const GITHUB_FINE_GRAINED = ['github', 'pat', '11ABCDEFG0123456789abc', 'defghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW'].join('_');
const PRIVATE_KEY = ['-----BEGIN RSA PRIVATE ', 'KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'].join('');
const OPENSSH_KEY = ['-----BEGIN OPENSSH PRIVATE ', 'KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----'].join('');
const DATABASE_URL = ['postgres://app', 'Sup3rS3cret@db.example.com:5432/app'].join(':');
const JWT = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'].join('.');

describe('credential shapes', () => {
  it.each([
    ['SLACK_WEBHOOK_URL', 'slack-webhook-url', SLACK_WEBHOOK],
    ['SLACK_TOKEN', 'slack-token', SLACK_BOT_TOKEN],
    ['TOKEN', 'slack-token', SLACK_USER_TOKEN],
    ['AWS_ACCESS_KEY_ID', 'aws-access-key-id', ACCESS_KEY_ID],
    ['ID', 'aws-access-key-id', SESSION_KEY_ID],
    ['AWS_SECRET_ACCESS_KEY', 'aws-secret-access-key', SECRET_ACCESS_KEY],
    ['GH_TOKEN', 'github-token', GITHUB_CLASSIC],
    ['GITHUB', 'github-token', GITHUB_FINE_GRAINED],
    ['TLS_KEY', 'private-key', PRIVATE_KEY],
    ['DEPLOY', 'private-key', OPENSSH_KEY],
    ['DATABASE_URL', 'url-with-password', DATABASE_URL],
    ['AUTHORIZATION', 'jwt', `Bearer ${JWT}`],
  ])('GIVEN %s = a value shaped like a %s THEN it is recognised', (name, id, value) => {
    expect(credentialShapeOf(value, name)?.id).toBe(id);
  });

  it('GIVEN every shape THEN at least one of the cases above is recognised by it', () => {
    const recognised = new Set(
      [SLACK_WEBHOOK, SLACK_BOT_TOKEN, ACCESS_KEY_ID, GITHUB_CLASSIC, PRIVATE_KEY, DATABASE_URL, JWT].map((value) => credentialShapeOf(value)?.id),
    );
    recognised.add(credentialShapeOf(SECRET_ACCESS_KEY, 'SECRET')?.id);
    expect([...recognised].sort()).toEqual(CREDENTIAL_SHAPES.map((shape) => shape.id).sort());
  });

  it.each([
    ['SERVICE_URL', 'https://api.example.com/v1/items?limit=10'],
    ['SLACK_CHANNEL_URL', 'https://example.slack.com/archives/C0123456789'],
    ['HOOKS_HOST', 'https://hooks.example.com/services/abc'],
    ['MAIL', 'ops@example.com'],
    ['SSH_URL', 'ssh://git@github.com/org/repo.git'],
    ['DATABASE_HOST', 'postgres://db.example.com:5432/app'],
    ['REQUEST_ID', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
    ['GREETING_B64', Buffer.from('hello, these are ordinary words').toString('base64')],
    ['SECRET_ARN', 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:slack-AbCdEf'],
    ['ROLE_ARN', 'arn:aws:iam::123456789012:role/wf-dev-task'],
    ['GIT_COMMIT_KEY', 'e4fb2c1a9d7b3f0c5e8a2d6b1f4c7e0a3b9d2f5c'],
    ['CHECKSUM', 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7d'],
    ['KEY_ROTATION_DAYS', '90'],
    ['LOG_LEVEL', 'info'],
    ['PUBLIC_KEY', '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----'],
    ['ROLE_ID', 'AROAEXAMPLEID1234567'],
  ])('GIVEN %s = an ordinary value THEN it is not taken for a credential', (name, value) => {
    expect(credentialShapeOf(value, name)).toBeUndefined();
  });

  it('GIVEN a 40-character secret-key shape under a name that is not key-ish THEN it is not taken for a credential', () => {
    expect(credentialShapeOf(SECRET_ACCESS_KEY, 'GREETING')).toBeUndefined();
    expect(credentialShapeOf(SECRET_ACCESS_KEY, 'APP_SECRET')?.id).toBe('aws-secret-access-key');
  });

  it('GIVEN an environment THEN each credential is found under its name, masked', () => {
    const found = credentialsInEnvironment({ LOG_LEVEL: 'info', SLACK_WEBHOOK_URL: SLACK_WEBHOOK, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY });
    expect(found.map((entry) => [entry.path, entry.shape.id, entry.masked])).toEqual([
      [['SLACK_WEBHOOK_URL'], 'slack-webhook-url', `<slack-webhook-url, ${SLACK_WEBHOOK.length} characters, not shown>`],
      [['AWS_SECRET_ACCESS_KEY'], 'aws-secret-access-key', '<aws-secret-access-key, 40 characters, not shown>'],
    ]);
  });

  it('GIVEN a JSON input THEN credentials are found at any depth, each under its key', () => {
    const input = { full: true, targets: [{ url: 'https://example.com' }, { url: DATABASE_URL }], auth: { secret: SECRET_ACCESS_KEY, note: SECRET_ACCESS_KEY } };
    expect(credentialsInJson(input).map((entry) => [entry.path, entry.shape.id])).toEqual([
      [['targets', 1, 'url'], 'url-with-password'],
      [['auth', 'secret'], 'aws-secret-access-key'],
    ]);
  });

  it('GIVEN text holding credentials THEN masking leaves none of them and keeps the rest', () => {
    const text = JSON.stringify({ hook: SLACK_WEBHOOK, key: ACCESS_KEY_ID, db: DATABASE_URL, level: 'info' });
    const masked = maskCredentials(text);
    for (const secret of [SLACK_WEBHOOK, ACCESS_KEY_ID, DATABASE_URL, 'Sup3rS3cret', 'XXXXXXXXXXXXXXXXXXXXXXXX']) expect(masked).not.toContain(secret);
    expect(masked).toContain('"level":"info"');
    expect(masked).toContain('<slack-webhook-url, not shown>');
  });
});
