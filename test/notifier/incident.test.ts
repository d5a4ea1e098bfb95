// A Slack incident against a real HTTP server on 127.0.0.1, on a virtual clock: the delivery loop sends real requests
// with Node's fetch and reads real status lines and headers, while the minutes between tries pass only on the
// clock (a wait moves it forward at once). The server answers by the clock's time. Log lines go through the
// notifier's own logger and redactor, and are checked for the secret.
import { DEFAULT_RETRY } from '../../notifier/src/config';
import { deliver, type DeliveryOutcome } from '../../notifier/src/deliver';
import { createLogger, createRedactor } from '../../notifier/src/log';
import { buildMessage } from '../../notifier/src/message';
import { exitCodeOf } from '../../notifier/src/outcome';
import { assertNoSecret, type FakeSlack, logLines, type Reply, SECRET_PATH, seeded, startFakeSlack } from './helpers';

const MINUTE = 60_000;
const EPOCH = Date.parse('2026-03-02T09:00:00Z');

let server: FakeSlack | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface IncidentRun {
  readonly outcome: DeliveryOutcome;
  /** The virtual time at which each request was sent. */
  readonly sentAt: readonly number[];
  readonly waits: readonly number[];
  readonly endedAt: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one delivery with the default settings against a server that answers `answerAt(virtual time)`. */
async function runIncident(answerAt: (virtualMs: number) => Reply, random: () => number = seeded(15)): Promise<IncidentRun> {
  let virtual = 0;
  const sentAt: number[] = [];
  const waits: number[] = [];
  server = await startFakeSlack(() => answerAt(virtual));
  const url = new URL(server.url);
  let stdout = '';
  let stderr = '';
  const log = createLogger(
    createRedactor(url, server.url),
    (line) => (stdout += line),
    (line) => (stderr += line),
    () => new Date(EPOCH + virtual),
  );
  const timedFetch: typeof fetch = (input, init) => {
    sentAt.push(virtual);
    return fetch(input, init);
  };
  const outcome = await deliver(
    url,
    buildMessage({ text: 'nightly import failed', status: 'FAILED' }),
    DEFAULT_RETRY,
    {
      fetch: timedFetch,
      now: () => virtual,
      sleep: (ms, signal) => {
        if (signal.aborted) return Promise.reject(new Error('stopped'));
        waits.push(ms);
        virtual += ms;
        return Promise.resolve();
      },
      // The server answers at once; no attempt can time out on a clock that only waits move.
      timeout: () => new AbortController().signal,
      wallClock: () => EPOCH + virtual,
      random,
      log,
    },
    new AbortController().signal,
  );
  log({ level: outcome.delivered ? 'info' : 'error', event: 'outcome', ...outcome, exitCode: exitCodeOf(outcome.reason) });
  return { outcome, sentAt, waits, endedAt: virtual, stdout, stderr };
}

function requestsSeen(): FakeSlack['requests'] {
  if (server === undefined) throw new Error('no server');
  return server.requests;
}

describe('a Slack incident, against a webhook on 127.0.0.1 with the default settings', () => {
  it('GIVEN Slack answering 503 for 11 minutes THEN the message is delivered after it, and the secret is in no log line', async () => {
    const run = await runIncident((at) => (at < 11 * MINUTE ? { status: 503, body: 'service_unavailable' } : { status: 200 }));

    expect(run.outcome).toMatchObject({ delivered: true, reason: 'delivered', status: 200 });
    expect(run.sentAt[run.sentAt.length - 1]).toBeGreaterThanOrEqual(11 * MINUTE);
    expect(run.endedAt).toBeLessThan(DEFAULT_RETRY.deadlineMs);
    // every try reached Slack, with the secret path only in the request line
    expect(requestsSeen()).toHaveLength(run.outcome.attempts);
    expect(requestsSeen().every((request) => request.method === 'POST' && request.path === SECRET_PATH)).toBe(true);
    const lines = logLines(run);
    expect(lines.filter((line) => line.event === 'attempt')).toHaveLength(run.outcome.attempts);
    expect(lines[lines.length - 1]).toMatchObject({ event: 'outcome', reason: 'delivered', exitCode: 0 });
    assertNoSecret(run);
  });

  it('GIVEN Slack answering 503 for 20 minutes THEN it gives up within the 15-minute deadline as slack_unavailable, exit 1', async () => {
    const run = await runIncident((at) => (at < 20 * MINUTE ? { status: 503 } : { status: 200 }));

    expect(run.outcome).toMatchObject({ delivered: false, reason: 'slack_unavailable', status: 503 });
    expect(run.outcome.detail).toMatch(/would pass the deadline of 900000 ms; last: HTTP 503$/);
    expect(run.endedAt).toBeLessThanOrEqual(DEFAULT_RETRY.deadlineMs);
    expect(Math.max(...run.sentAt)).toBeLessThan(DEFAULT_RETRY.deadlineMs);
    expect(requestsSeen()).toHaveLength(run.outcome.attempts);
    const outcomeLine = logLines(run).filter((line) => line.event === 'outcome');
    expect(outcomeLine).toEqual([expect.objectContaining({ level: 'error', reason: 'slack_unavailable', exitCode: 1 })]);
    expect(run.stderr).toContain('"reason":"slack_unavailable"');
    assertNoSecret(run);
  });

  it('GIVEN 429 with Retry-After as an HTTP date THEN it waits until that date, read against the wall clock', async () => {
    // rate limited for the first 10 minutes; each answer names the next whole minute as the time to come back
    const run = await runIncident((at) =>
      at < 10 * MINUTE
        ? { status: 429, body: 'rate_limited', headers: { 'retry-after': new Date(EPOCH + (Math.floor(at / MINUTE) + 1) * MINUTE).toUTCString() } }
        : { status: 200 },
    );

    expect(run.outcome).toMatchObject({ delivered: true, reason: 'delivered' });
    expect(run.sentAt).toEqual(Array.from({ length: 11 }, (_value, minute) => minute * MINUTE));
    assertNoSecret(run);
  });

  it.each<[number, string]>([
    [404, 'no_service'],
    [403, 'invalid_token'],
  ])('GIVEN a revoked webhook (%i %s) THEN one request, and it gives up as webhook_revoked, exit 1', async (status, slackError) => {
    const run = await runIncident(() => ({ status, body: slackError }));

    expect(run.outcome).toMatchObject({ delivered: false, reason: 'webhook_revoked', status, slackError, attempts: 1 });
    expect(requestsSeen()).toHaveLength(1);
    expect(run.waits).toEqual([]);
    expect(logLines(run)[logLines(run).length - 1]).toMatchObject({ event: 'outcome', reason: 'webhook_revoked', slackError, exitCode: 1 });
    assertNoSecret(run);
  });
});
