// The example result job (examples/list-items), bundled as its image runs it, against a fake credentials endpoint
// and S3 on 127.0.0.1 (answering from the model of stacks/aws/s3.ts): it writes its result to RESULT_KEY, signed
// with the task role's credentials, refuses a result larger than the later steps can take by exiting 1, exits 1
// when it cannot write, and writes nothing without a key.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { overridesLengthOf, resultOf } from '../../examples/list-items/src/job';
import { REPO_ROOT, runCommand } from '../notifier/helpers';
import { CREDENTIALS, startFakeAws, type FakeAws } from './fake-aws';

const BUNDLE = path.join(REPO_ROOT, 'examples', 'list-items', 'dist', 'list-items.mjs');
const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-nightly:run-1';
const BUCKET = 'wf-dev-results-123456789012-ap-northeast-1';
const KEY = 'wf-dev-nightly/run-1/list_items.json';
const STEP = { RESULT_BUCKET: BUCKET, RESULT_KEY: KEY, EXECUTION_ARN };

let aws: FakeAws;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'examples', 'list-items', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
});

beforeEach(async () => {
  aws = await startFakeAws();
});

afterEach(async () => {
  await aws.close();
});

const runJob = (env: Record<string, string>, awsEnv: Record<string, string> = aws.env()) => runCommand(process.execPath, [BUNDLE], { env: { ...awsEnv, ...env } });

describe('examples/list-items', () => {
  it('GIVEN RESULT_BUCKET and RESULT_KEY WHEN the items fit THEN it puts them as JSON at that key, signed with the task role’s credentials for the execution’s region, and exits 0', async () => {
    const result = await runJob({ ...STEP, RESULT_MAX_CHARS: '1024', ITEMS: 'day-1, day-2,day-3' });

    expect(result.code).toBe(0);
    expect(aws.calls).toHaveLength(1);
    const [call] = aws.calls;
    expect(call).toMatchObject({ method: 'PUT', bucket: BUCKET, key: KEY, body: '{"items":["day-1","day-2","day-3"]}' });
    expect(aws.bucket(BUCKET).keys()).toEqual([KEY]);
    expect(call.headers.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.AccessKeyId}/\\d{8}/ap-northeast-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$`),
    );
    expect(call.headers['x-amz-security-token']).toBe(CREDENTIALS.Token);
    // The bucket's default encryption (the environment key) applies: no header that would pick aws/s3 instead.
    expect(call.headers['x-amz-server-side-encryption']).toBeUndefined();
  });

  it('GIVEN a result larger than RESULT_MAX_CHARS THEN it writes nothing and exits 1, so the step fails at its task', async () => {
    const items = Array.from({ length: 50 }, (_, i) => `item-${i}`).join(',');
    const length = overridesLengthOf(resultOf({ ITEMS: items }));
    const result = await runJob({ ...STEP, RESULT_MAX_CHARS: String(length - 1), ITEMS: items });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`takes ${length} characters`);
    expect(aws.calls).toEqual([]);
  });

  it('GIVEN a result of exactly RESULT_MAX_CHARS as the overrides count it (quotes escaped) THEN it is written', async () => {
    const length = overridesLengthOf(resultOf({ ITEMS: 'a,b' }));
    expect(length).toBe(JSON.stringify('{"items":["a","b"]}').length - 2);
    const result = await runJob({ ...STEP, RESULT_MAX_CHARS: String(length), ITEMS: 'a,b' });

    expect(result.code).toBe(0);
    expect(aws.calls.map((call) => call.method)).toEqual(['PUT']);
  });

  it('GIVEN no RESULT_MAX_CHARS (a result a Distributed fan-out reads from S3) THEN any size is written', async () => {
    const items = Array.from({ length: 2000 }, (_, i) => `item-${i}`).join(',');
    const result = await runJob({ ...STEP, ITEMS: items });

    expect(result.code).toBe(0);
    expect(JSON.parse(aws.calls[0].body).items).toHaveLength(2000);
  });

  it('GIVEN S3 cannot be reached THEN it exits 1: the task fails, and with it the step, at once', async () => {
    const unreachable = { ...aws.env(), AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9/' };
    const result = await runJob(STEP, unreachable);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('could not write the result');
  });

  it('GIVEN no result key THEN it exits 2 and writes nothing', async () => {
    const result = await runJob({ EXECUTION_ARN });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain('reportsResult: true');
    expect(aws.calls).toEqual([]);
  });
});
