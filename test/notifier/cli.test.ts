// The bundled notifier as a process, against a real HTTP server on 127.0.0.1. These tests check what happens
// (requests, log lines, reasons, exit codes), never how long it took: a loaded machine stretches real time at
// will. The exact waits, time-outs and deadline arithmetic are tested on a virtual clock in deliver.test.ts.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { essentialContainerExitedTask, TASK_FAILED_ERROR, taskFailedCause } from '../../stacks/aws/ecs-stopped-task';
import {
  assertNoSecret,
  buildBundle,
  type FakeSlack,
  logLines,
  type Reply,
  runNotifier,
  type RunOptions,
  type RunResult,
  SECRET_PATH,
  startFakeSlack,
} from './helpers';

/**
 * Short waits between attempts, so that retries take little time; a generous attempt time-out, so that a busy
 * machine never turns a slow answer into a time-out.
 */
const FAST = {
  NOTIFY_BACKOFF_BASE_MS: '20',
  NOTIFY_BACKOFF_MAX_MS: '40',
  NOTIFY_ATTEMPT_TIMEOUT_MS: '10000',
};

let server: FakeSlack | undefined;

beforeAll(() => {
  buildBundle();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(replies: readonly Reply[], env: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
  server = await startFakeSlack(replies);
  const result = await runNotifier({ ...options, env: { SLACK_WEBHOOK_URL: server.url, ...FAST, ...env } });
  assertNoSecret(result);
  return result;
}

function outcomeOf(result: RunResult): Record<string, unknown> {
  const outcome = logLines(result).filter((line) => line.event === 'outcome');
  expect(outcome).toHaveLength(1);
  return outcome[0];
}

function attemptsOf(result: RunResult): Record<string, unknown>[] {
  return logLines(result).filter((line) => line.event === 'attempt');
}

function requests(): FakeSlack['requests'] {
  if (server === undefined) throw new Error('no server');
  return server.requests;
}

describe('notifier process against a webhook on 127.0.0.1', () => {
  it('GIVEN a 200 WHEN it runs THEN it posts one Block Kit message and exits 0', async () => {
    const result = await run([{ status: 200 }], {
      NOTIFY_TEXT: 'Nightly import finished',
      NOTIFY_STATUS: 'SUCCEEDED',
      WORKFLOW_NAME: 'nightly-import',
      STEP_NAME: 'Import',
      EXECUTION_ARN: 'arn:aws:states:eu-west-1:123456789012:execution:nightly-import:run-1',
    });

    expect(result.code).toBe(0);
    expect(requests()).toHaveLength(1);
    const [request] = requests();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(SECRET_PATH);
    expect(request.contentType).toMatch(/^application\/json/);
    const payload = JSON.parse(request.body) as { text: string; blocks: { type: string }[] };
    expect(payload.text).toContain('Nightly import finished');
    expect(payload.blocks[0].type).toBe('header');
    expect(request.body).toContain(
      'https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:nightly-import:run-1',
    );
    const lines = logLines(result);
    expect(lines.map((line) => line.event)).toEqual(['attempt', 'outcome']);
    expect(outcomeOf(result)).toMatchObject({ delivered: true, reason: 'delivered', attempts: 1, exitCode: 0, target: `http://127.0.0.1:${server?.port}` });
  });

  it('takes the text from the first argument before NOTIFY_TEXT', async () => {
    const result = await run([{ status: 200 }], { NOTIFY_TEXT: 'from env' }, { args: ['from argument'] });

    expect(result.code).toBe(0);
    const payload = JSON.parse(requests()[0].body) as { text: string };
    expect(payload.text).toContain('from argument');
    expect(payload.text).not.toContain('from env');
  });

  it('GIVEN 429 with Retry-After: 1 WHEN it runs THEN it waits as told (1000 ms, not its own backoff) and delivers on the next try', async () => {
    const result = await run([{ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }, { status: 200 }], {
      NOTIFY_TEXT: 'hello',
    });

    expect(result.code).toBe(0);
    expect(requests()).toHaveLength(2);
    expect(attemptsOf(result)).toEqual([
      expect.objectContaining({ attempt: 1, status: 429, result: 'retry', reason: 'rate_limited', detail: 'HTTP 429 rate_limited', nextDelayMs: 1000 }),
      expect.objectContaining({ attempt: 2, status: 200, result: 'delivered' }),
    ]);
    expect(outcomeOf(result)).toMatchObject({ delivered: true, attempts: 2, exitCode: 0 });
  });

  it('GIVEN 500, 503 then 200 WHEN it runs THEN it retries with backoff and exits 0 on the third try', async () => {
    const result = await run([{ status: 500, body: 'rollup_error' }, { status: 503 }, { status: 200 }], { NOTIFY_TEXT: 'hello' });

    expect(result.code).toBe(0);
    expect(requests()).toHaveLength(3);
    expect(outcomeOf(result)).toMatchObject({ delivered: true, attempts: 3 });
    const attempts = logLines(result).filter((line) => line.event === 'attempt');
    expect(attempts.map((line) => line.status)).toEqual([500, 503, 200]);
    for (const attempt of attempts.slice(0, 2)) {
      expect(attempt.nextDelayMs).toBeGreaterThanOrEqual(0);
      expect(attempt.nextDelayMs).toBeLessThanOrEqual(40);
    }
  });

  it.each([
    [400, 'invalid_payload', 'message_rejected'],
    [403, 'action_prohibited', 'webhook_revoked'],
    [403, 'invalid_token', 'webhook_revoked'],
    [404, 'channel_not_found', 'webhook_revoked'],
    [404, 'no_service', 'webhook_revoked'],
    [410, 'channel_is_archived', 'webhook_revoked'],
  ])('GIVEN %i %s WHEN it runs THEN it does not retry, names the error, gives the reason %s and exits 1', async (status, slackError, reason) => {
    const result = await run([{ status, body: slackError }, { status: 200 }], { NOTIFY_TEXT: 'hello' });

    expect(result.code).toBe(1);
    expect(requests()).toHaveLength(1);
    expect(outcomeOf(result)).toMatchObject({ level: 'error', delivered: false, reason, status, slackError, attempts: 1, exitCode: 1 });
    expect(result.stderr).toContain(slackError);
  });

  it('GIVEN a server that never answers WHEN it runs THEN each attempt times out, is retried, and it exits 1', async () => {
    const result = await run(['hang'], { NOTIFY_TEXT: 'hello', NOTIFY_ATTEMPT_TIMEOUT_MS: '300', NOTIFY_MAX_ATTEMPTS: '2' });

    expect(result.code).toBe(1);
    expect(requests()).toHaveLength(2);
    const timedOut = { result: 'retry', reason: 'slack_unavailable', detail: 'attempt timed out after 300 ms' };
    expect(attemptsOf(result)).toEqual([
      expect.objectContaining({ attempt: 1, ...timedOut }),
      expect.objectContaining({ attempt: 2, ...timedOut }),
    ]);
    expect(attemptsOf(result).some((line) => 'status' in line)).toBe(false);
    expect(outcomeOf(result)).toMatchObject({
      delivered: false,
      attempts: 2,
      reason: 'slack_unavailable',
      detail: 'gave up after 2 attempts (NOTIFY_MAX_ATTEMPTS); last: attempt timed out after 300 ms',
      exitCode: 1,
    });
  });

  it('GIVEN a connection reset then 200 WHEN it runs THEN it retries and delivers', async () => {
    const result = await run(['reset', { status: 200 }], { NOTIFY_TEXT: 'hello' });

    expect(result.code).toBe(0);
    expect(requests()).toHaveLength(2);
    const first = logLines(result)[0];
    expect(first).toMatchObject({ event: 'attempt', result: 'retry', reason: 'slack_unavailable' });
    expect(String(first.detail)).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
  });

  it('GIVEN resets on every try WHEN it runs THEN it gives up after NOTIFY_MAX_ATTEMPTS and exits 1', async () => {
    const result = await run(['reset'], { NOTIFY_TEXT: 'hello', NOTIFY_MAX_ATTEMPTS: '3' });

    expect(result.code).toBe(1);
    expect(requests()).toHaveLength(3);
    expect(outcomeOf(result)).toMatchObject({ delivered: false, reason: 'slack_unavailable', attempts: 3, exitCode: 1 });
  });

  it('GIVEN 500s forever WHEN the deadline is short THEN the deadline, not the attempt limit, ends the run', async () => {
    const result = await run([{ status: 500 }], {
      NOTIFY_TEXT: 'hello',
      NOTIFY_MAX_ATTEMPTS: '20',
      NOTIFY_DEADLINE_MS: '300',
      NOTIFY_BACKOFF_BASE_MS: '100',
      NOTIFY_BACKOFF_MAX_MS: '100',
    });

    expect(result.code).toBe(1);
    const outcome = outcomeOf(result);
    expect(outcome).toMatchObject({ delivered: false, reason: 'slack_unavailable', deadlineMs: 300, exitCode: 1 });
    // however slow the machine, the deadline's rule ends the run: reaching 20 attempts would take 19 random
    // waits of 0 to 100 ms adding up to less than 300 ms
    expect(String(outcome.detail)).toMatch(/^(deadline of 300 ms reached|next attempt \(in \d+ ms\) would pass the deadline of 300 ms); last: /);
    const attempts = attemptsOf(result);
    expect(attempts).toHaveLength(Number(outcome.attempts));
    expect(attempts.length).toBeLessThan(20);
    expect(attempts.map((line) => line.attempt)).toEqual(attempts.map((_line, index) => index + 1));
    // every attempt answered with a 500 was a request the server saw; none was made that was not logged
    const answered = attempts.filter((line) => line.status === 500);
    expect(requests().length).toBeGreaterThanOrEqual(answered.length);
    expect(requests().length).toBeLessThanOrEqual(attempts.length);
  });

  it('GIVEN a Retry-After longer than the deadline WHEN it runs THEN it gives up at once instead of waiting', async () => {
    const result = await run([{ status: 429, headers: { 'retry-after': '30' } }], { NOTIFY_TEXT: 'hello', NOTIFY_DEADLINE_MS: '10000' });

    expect(result.code).toBe(1);
    expect(requests()).toHaveLength(1);
    expect(attemptsOf(result)).toEqual([expect.objectContaining({ attempt: 1, status: 429, result: 'retry', nextDelayMs: 30000 })]);
    expect(outcomeOf(result)).toMatchObject({
      delivered: false,
      attempts: 1,
      reason: 'rate_limited',
      detail: 'next attempt (in 30000 ms) would pass the deadline of 10000 ms; last: HTTP 429',
      exitCode: 1,
    });
  });

  it('GIVEN SIGTERM while a request hangs THEN it exits 1 at once with a log line, without waiting the attempt out', async () => {
    server = await startFakeSlack(['hang']);
    const arrived = server.nextRequestAt();
    let signalled = false;
    const result = await runNotifier({
      env: { SLACK_WEBHOOK_URL: server.url, NOTIFY_TEXT: 'hello', NOTIFY_ATTEMPT_TIMEOUT_MS: '120000', NOTIFY_DEADLINE_MS: '900000' },
      onSpawn: (kill) => {
        void arrived.then(() => {
          signalled = true;
          kill('SIGTERM');
        });
      },
    });

    assertNoSecret(result);
    expect(signalled).toBe(true);
    expect(result.code).toBe(1);
    // had it waited for the attempt to time out, an attempt line would come first (and the runner's own
    // limit would have killed it long before the time-out)
    expect(logLines(result).map((line) => line.event)).toEqual(['outcome']);
    expect(outcomeOf(result)).toMatchObject({ delivered: false, reason: 'stopped', detail: 'stopped by SIGTERM', exitCode: 1 });
  });
});

describe('notifier process with bad configuration', () => {
  it.each<[string, Record<string, string>, string, RegExp]>([
    ['an empty webhook secret', { NOTIFY_TEXT: 'hello', SLACK_WEBHOOK_URL: '' }, 'webhook_secret_empty', /SLACK_WEBHOOK_URL is missing or blank/],
    ['a blank webhook secret', { NOTIFY_TEXT: 'hello', SLACK_WEBHOOK_URL: ' \n' }, 'webhook_secret_empty', /SLACK_WEBHOOK_URL is missing or blank/],
    ['an http URL to another host', { NOTIFY_TEXT: 'hello', SLACK_WEBHOOK_URL: `http://127.0.0.2:9${SECRET_PATH}` }, 'webhook_not_slack', /must use https/],
    ['an https URL that is not Slack', { NOTIFY_TEXT: 'hello', SLACK_WEBHOOK_URL: `https://example.com${SECRET_PATH}` }, 'webhook_not_slack', /host was example\.com/],
    ['a Slack URL that is not an incoming webhook', { NOTIFY_TEXT: 'hello', SLACK_WEBHOOK_URL: `https://hooks.slack.com${SECRET_PATH}/extra` }, 'webhook_not_slack', /path not shown/],
    ['an ftp URL', { NOTIFY_TEXT: 'hello', SLACK_WEBHOOK_URL: `ftp://127.0.0.1${SECRET_PATH}` }, 'webhook_not_slack', /scheme was ftp/],
    ['a URL that does not parse', { NOTIFY_TEXT: 'hello', SLACK_WEBHOOK_URL: `not a url ${SECRET_PATH}` }, 'webhook_not_slack', /not a valid absolute URL/],
    ['a bad retry setting', { NOTIFY_TEXT: 'hello', NOTIFY_MAX_ATTEMPTS: 'many' }, 'bad_input', /NOTIFY_MAX_ATTEMPTS must be a whole number/],
    ['nothing to say', {}, 'bad_input', /nothing to say/],
  ])('GIVEN %s THEN it exits 2 with its reason, without sending a request or showing the secret', async (_name, env, reason, problem) => {
    server = await startFakeSlack([{ status: 200 }]);
    const result = await runNotifier({ env: { SLACK_WEBHOOK_URL: server.url, ...env } });

    assertNoSecret(result);
    expect(result.code).toBe(2);
    expect(server.requests).toHaveLength(0);
    const lines = logLines(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', event: 'outcome', delivered: false, reason, exitCode: 2 });
    expect((lines[0].problems as string[]).join('\n')).toMatch(problem);
  });

  it('GIVEN a webhook secret that is not a URL THEN no part of it is printed', async () => {
    const secret = 'xoxb-not-a-webhook-s3cr3tW3bh00kT0k3nXyZ';
    const result = await runNotifier({ env: { SLACK_WEBHOOK_URL: secret, NOTIFY_TEXT: 'hello' } });

    assertNoSecret(result);
    expect(`${result.stdout}${result.stderr}`).not.toContain('xoxb-not-a-webhook');
    expect(result.code).toBe(2);
    expect(outcomeOf(result)).toMatchObject({ reason: 'webhook_not_slack' });
  });
});

/**
 * The task role's credentials endpoint and Step Functions on one 127.0.0.1 server (through
 * AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_ENDPOINT_URL_SFN): DescribeExecution answers `execution`.
 */
async function startFakeAws(execution: Readonly<Record<string, unknown>>): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/credentials' ? { AccessKeyId: 'AKIDEXAMPLE', SecretAccessKey: 'secret', Token: 'token' } : execution));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('notifier process reading the cause with DescribeExecution', () => {
  it('GIVEN a step whose container exited 3 with the step input in its overrides THEN Slack gets the step, stop code and exit code, and not the input', async () => {
    const task = essentialContainerExitedTask(3, {
      family: 'wf-dev-daily-batch-task2',
      environment: [{ name: 'EXECUTION_INPUT', value: '{"customer":"e2e-4c1d-SECRET-INPUT"}' }],
    });
    const aws = await startFakeAws({ status: 'FAILED', error: TASK_FAILED_ERROR, cause: taskFailedCause(task) });
    try {
      const result = await run([{ status: 200 }], {
        NOTIFY_STATUS: 'FAILED',
        EXECUTION_ARN: 'arn:aws:states:eu-west-1:123456789012:execution:wf-dev-daily-batch:run-1',
        STATE_MACHINE_PREFIX: 'wf-dev-',
        NOTIFY_DESCRIBE_EXECUTION: 'true',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${aws.url}/credentials`,
        AWS_ENDPOINT_URL_SFN: `${aws.url}/`,
      });

      expect(result.code).toBe(0);
      const [request] = requests();
      expect(request.body).toContain('*Step*\\ntask2');
      expect(request.body).toContain('*Stop code*\\nEssentialContainerExited');
      expect(request.body).toContain('*Exit code*\\n3');
      expect(request.body).not.toContain('e2e-4c1d-SECRET-INPUT');
      expect(request.body).not.toContain('EXECUTION_INPUT');
    } finally {
      await aws.close();
    }
  });
});
