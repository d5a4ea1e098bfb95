// The example callback job (examples/list-items), bundled as its image runs it, against a fake credentials endpoint
// and Step Functions API on 127.0.0.1: it reports its result with the task token, refuses a result larger than the
// later steps can take, and reports nothing without a token.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { overridesLengthOf, resultOf } from '../../examples/list-items/src/job';
import { REPO_ROOT, runCommand } from '../notifier/helpers';
import { CREDENTIALS, startFakeAws, type FakeAws } from './fake-aws';

const BUNDLE = path.join(REPO_ROOT, 'examples', 'list-items', 'dist', 'list-items.mjs');
const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-nightly:run-1';
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAR-token';

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

const runJob = (env: Record<string, string>) => runCommand(process.execPath, [BUNDLE], { env: { ...aws.env(), ...env } });

describe('examples/list-items', () => {
  it('GIVEN a task token WHEN the items fit THEN it reports them with SendTaskSuccess, signed with the task role’s credentials for the execution’s region', async () => {
    const result = await runJob({ TASK_TOKEN: TOKEN, EXECUTION_ARN, TASK_RESULT_MAX_CHARS: '1024', ITEMS: 'day-1, day-2,day-3' });

    expect(result.code).toBe(0);
    expect(aws.calls).toHaveLength(1);
    const [call] = aws.calls;
    expect(call.target).toBe('AWSStepFunctions.SendTaskSuccess');
    expect(call.body).toEqual({ taskToken: TOKEN, output: '{"items":["day-1","day-2","day-3"]}' });
    expect(call.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.AccessKeyId}/\\d{8}/ap-northeast-1/states/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$`));
    expect(call.securityToken).toBe(CREDENTIALS.Token);
  });

  it('GIVEN a result larger than TASK_RESULT_MAX_CHARS THEN it reports ResultTooLarge with SendTaskFailure instead', async () => {
    const items = Array.from({ length: 50 }, (_, i) => `item-${i}`).join(',');
    const length = overridesLengthOf(resultOf({ ITEMS: items }));
    const result = await runJob({ TASK_TOKEN: TOKEN, EXECUTION_ARN, TASK_RESULT_MAX_CHARS: String(length - 1), ITEMS: items });

    expect(result.code).toBe(0);
    expect(aws.calls.map((call) => [call.target, call.body.error])).toEqual([['AWSStepFunctions.SendTaskFailure', 'ResultTooLarge']]);
    expect(String(aws.calls[0].body.cause)).toContain(`takes ${length} characters`);
  });

  it('GIVEN a result of exactly TASK_RESULT_MAX_CHARS as the overrides count it (quotes escaped) THEN it is reported', async () => {
    const length = overridesLengthOf(resultOf({ ITEMS: 'a,b' }));
    expect(length).toBe(JSON.stringify('{"items":["a","b"]}').length - 2);
    const result = await runJob({ TASK_TOKEN: TOKEN, EXECUTION_ARN, TASK_RESULT_MAX_CHARS: String(length), ITEMS: 'a,b' });

    expect(result.code).toBe(0);
    expect(aws.calls.map((call) => call.target)).toEqual(['AWSStepFunctions.SendTaskSuccess']);
  });

  it('GIVEN no task token THEN it exits 2 and calls nothing', async () => {
    const result = await runJob({ EXECUTION_ARN });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain('waitForCallback: true');
    expect(aws.calls).toEqual([]);
  });
});
