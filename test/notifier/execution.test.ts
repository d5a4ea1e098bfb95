import { describeMapRunOutput, listMapRunsOutput, mapRunArn, type MapRun } from '../../stacks/aws/states';
import { buildMessage } from '../../notifier/src/message';
import { amzDateOf, describeExecution, fanOutSummaries, signV4, stepOfCause } from '../../notifier/src/execution';
import { essentialContainerExitedTask, spotInterruptedTask, taskFailedCause } from '../../stacks/aws/ecs-stopped-task';

describe('signV4', () => {
  it('GIVEN the "get-vanilla" case of the AWS Signature Version 4 test suite THEN it gives the documented signature', () => {
    const headers = signV4(
      { method: 'GET', host: 'example.amazonaws.com', path: '/', headers: {}, body: '' },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      'us-east-1',
      'service',
      '20150830T123600Z',
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('GIVEN temporary credentials THEN the session token is sent and signed', () => {
    const headers = signV4({ method: 'POST', host: 'h', path: '/', headers: { 'x-amz-target': 't' }, body: '{}' }, { accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' }, 'r', 's', '20261129T000000Z');
    expect(headers['x-amz-security-token']).toBe('T');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-target,');
  });

  it('writes the date as AWS wants it', () => {
    expect(amzDateOf(Date.UTC(2026, 10, 29, 9, 30, 5, 123))).toBe('20261129T093005Z');
  });
});

describe('stepOfCause', () => {
  it('GIVEN an ECS task failure cause THEN the step is its task family after the workflow prefix', () => {
    expect(stepOfCause(taskFailedCause(essentialContainerExitedTask(1, { family: 'wf-dev-daily-batch-task2' })), 'wf-dev-daily-batch-')).toBe('task2');
    expect(stepOfCause(taskFailedCause(spotInterruptedTask({ family: 'wf-dev-daily-batch-load-items' })), 'wf-dev-daily-batch-')).toBe('load-items');
  });

  it.each([
    ['no cause', undefined],
    ['text', 'not json'],
    ['a JSON array', '[]'],
    ['another workflow’s task', taskFailedCause(essentialContainerExitedTask(1, { family: 'wf-dev-other-task1' }))],
    ['the prefix alone', taskFailedCause(essentialContainerExitedTask(1, { family: 'wf-dev-daily-batch-' }))],
  ])('GIVEN %s THEN no step', (_name, cause) => {
    expect(stepOfCause(cause, 'wf-dev-daily-batch-')).toBeUndefined();
  });
});

describe('describeExecution', () => {
  const ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-daily-batch:run-1';
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('GIVEN task role credentials THEN it calls DescribeExecution of the execution’s region, signed, and returns its error and cause', async () => {
    const requests: [string, RequestInit | undefined][] = [];
    const fake: typeof fetch = async (input, init) => {
      requests.push([String(input), init]);
      return String(input).startsWith('http://169.254.170.2/')
        ? json({ AccessKeyId: 'A', SecretAccessKey: 'S', Token: 'T' })
        : json({ status: 'FAILED', error: 'States.TaskFailed', cause: '{"Group":"family:x"}' });
    };
    const details = await describeExecution(ARN, { fetch: fake, env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/id' }, nowMs: () => 0, signal: new AbortController().signal });
    expect(details).toEqual({ error: 'States.TaskFailed', cause: '{"Group":"family:x"}' });
    expect(requests.map(([url]) => url)).toEqual(['http://169.254.170.2/v2/credentials/id', 'https://states.ap-northeast-1.amazonaws.com/']);
    const headers = requests[1][1]?.headers as Record<string, string>;
    expect(headers['x-amz-target']).toBe('AWSStepFunctions.DescribeExecution');
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=A\/19700101\/ap-northeast-1\/states\/aws4_request, /);
    expect(JSON.parse(String(requests[1][1]?.body))).toEqual({ executionArn: ARN });
  });

  it('GIVEN no credentials endpoint, or an error answer THEN it throws', async () => {
    const deps = { env: {}, nowMs: () => 0, signal: new AbortController().signal };
    await expect(describeExecution(ARN, { ...deps, fetch: async () => json({}) })).rejects.toThrow(/no task role credentials/);
    const denied: typeof fetch = async (input) => (String(input).startsWith('http://') ? json({ AccessKeyId: 'A', SecretAccessKey: 'S' }) : json({ __type: 'AccessDeniedException' }, 400));
    await expect(describeExecution(ARN, { ...deps, env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/x' }, fetch: denied })).rejects.toThrow(/answered 400/);
  });
});

describe('fanOutSummaries', () => {
  const ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-nightly:run-1';
  const runs: MapRun[] = [
    { stateMachineName: 'wf-dev-nightly', label: 'convert-files', id: '0d1e2f3a-4b5c', succeeded: 117, failed: 3 },
    { stateMachineName: 'wf-dev-nightly', label: 'archive', id: '9a8b7c6d-5e4f', succeeded: 12, failed: 0 },
  ];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

  it('GIVEN an execution with two Distributed fan-outs THEN each is counted from DescribeMapRun and located under the ResultWriter prefix', async () => {
    const targets: string[] = [];
    let credentialFetches = 0;
    // The Step Functions API as its reference documents these calls (stacks/aws/states.ts).
    const fake: typeof fetch = async (input, init) => {
      if (String(input).startsWith('http://169.254.170.2/')) {
        credentialFetches += 1;
        return json({ AccessKeyId: 'A', SecretAccessKey: 'S', Token: 'T' });
      }
      const target = (init?.headers as Record<string, string>)['x-amz-target'];
      targets.push(target);
      const body = JSON.parse(String(init?.body)) as { executionArn?: string; mapRunArn?: string };
      if (target === 'AWSStepFunctions.ListMapRuns') return json(listMapRunsOutput(String(body.executionArn), runs));
      return json(describeMapRunOutput(ARN, runs.find((run) => body.mapRunArn === mapRunArn(ARN, run)) ?? runs[0]));
    };
    const deps = { fetch: fake, env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/id' }, nowMs: () => 0, signal: new AbortController().signal };
    const summaries = await fanOutSummaries(ARN, deps, (step) => `s3://wf-dev-results-123456789012-ap-northeast-1/fan-outs/nightly/${step.replace(/-/g, '_')}`);
    expect(targets).toEqual(['AWSStepFunctions.ListMapRuns', 'AWSStepFunctions.DescribeMapRun', 'AWSStepFunctions.DescribeMapRun']);
    // The task role's credentials are fetched once for the three calls.
    expect(credentialFetches).toBe(1);
    expect(summaries).toEqual([
      { step: 'convert-files', failed: 3, total: 120, resultsLocation: 's3://wf-dev-results-123456789012-ap-northeast-1/fan-outs/nightly/convert_files/0d1e2f3a-4b5c/' },
      { step: 'archive', failed: 0, total: 12, resultsLocation: 's3://wf-dev-results-123456789012-ap-northeast-1/fan-outs/nightly/archive/9a8b7c6d-5e4f/' },
    ]);
    expect(buildMessage({ status: 'SUCCEEDED', workflowName: 'nightly', executionArn: ARN, fanOuts: summaries }).text).toContain(
      "convert-files: 3 of 120 items failed (tolerated); each item's outcome in s3://wf-dev-results-123456789012-ap-northeast-1/fan-outs/nightly/convert_files/0d1e2f3a-4b5c/",
    );
  });
});
