// The delivery loop with a scripted fetch on a virtual clock: attempts, waits, time-outs and the deadline are
// exact, and no test waits for real time to pass.
import { DEFAULT_RETRY, type RetrySettings } from '../../notifier/src/config';
import { deliver, type DeliveryDeps, type DeliveryOutcome, describeRequestError } from '../../notifier/src/deliver';
import type { LogRecord } from '../../notifier/src/log';
import { buildMessage } from '../../notifier/src/message';
import { exitCodeOf } from '../../notifier/src/outcome';
import { seeded } from './helpers';

const SETTINGS: RetrySettings = { maxAttempts: 5, attemptTimeoutMs: 1000, deadlineMs: 10_000, backoffBaseMs: 100, backoffMaxMs: 1000 };
const URL_OK = new URL('https://hooks.slack.com/services/T/B/secret');
const MESSAGE = buildMessage({ text: 'hello' });
const EPOCH = Date.parse('2026-01-01T00:00:00Z');

/**
 * Virtual time. Timers fire only when `fireNext` moves the clock to the earliest of them; ties fire in the
 * order they were set.
 */
class FakeClock {
  private nowMs = 0;
  private sequence = 0;
  private timers: { readonly at: number; readonly order: number; readonly fire: () => void }[] = [];

  readonly now = (): number => this.nowMs;

  /** Runs `fire` once `ms` have passed; returns a cancel function. */
  schedule(ms: number, fire: () => void): () => void {
    const timer = { at: this.nowMs + ms, order: (this.sequence += 1), fire };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves the clock to the earliest timer and fires it; false when no timer is pending. */
  fireNext(): boolean {
    if (this.timers.length === 0) return false;
    const next = this.timers.reduce((a, b) => (b.at < a.at || (b.at === a.at && b.order < a.order) ? b : a));
    this.timers = this.timers.filter((t) => t !== next);
    this.nowMs = next.at;
    next.fire();
    return true;
  }

  /** Settles when `ms` have passed, or rejects with the signal's reason when it aborts first. */
  waitFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = this.schedule(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Like AbortSignal.timeout, on this clock. */
  timeout(ms: number): AbortSignal {
    const controller = new AbortController();
    this.schedule(ms, () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')));
    return controller.signal;
  }
}

/** What the fake webhook does with one request: answer after `takesMs` (10 by default), fail, or never answer. */
type Step =
  | { readonly status: number; readonly body?: string; readonly retryAfter?: string; readonly takesMs?: number }
  | { readonly throws: unknown }
  | 'hang';

/** The fake webhook's answers: the n-th request gets steps[n] (the last one repeats), or what `at` the time it is sent. */
type Script = readonly Step[] | ((sentAtMs: number) => Step);

interface Harness {
  readonly clock: FakeClock;
  readonly deps: DeliveryDeps;
  readonly calls: RequestInit[];
  /** The virtual time at which each request was sent. */
  readonly sentAt: number[];
  readonly sleeps: number[];
  /** The time-out given to each attempt, ms. */
  readonly timeouts: number[];
  readonly logs: LogRecord[];
  /** Runs the delivery to its end, firing virtual timers whenever nothing else can happen. */
  run(settings?: RetrySettings, stop?: AbortSignal): Promise<DeliveryOutcome>;
}

/** Lets every pending promise reaction run (one turn of the real event loop; no timers involved). */
const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function harness(script: Script, random = () => 0.5): Harness {
  const clock = new FakeClock();
  const calls: RequestInit[] = [];
  const sentAt: number[] = [];
  const sleeps: number[] = [];
  const timeouts: number[] = [];
  const logs: LogRecord[] = [];
  const fakeFetch = async (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push(init ?? {});
    sentAt.push(clock.now());
    const step = typeof script === 'function' ? script(clock.now()) : script[Math.min(calls.length - 1, script.length - 1)];
    const signal = init?.signal ?? undefined;
    if (step === 'hang') {
      await new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
      throw new Error('unreachable: a hanging request only ends by abort');
    }
    if ('throws' in step) {
      await clock.waitFor(10, signal);
      throw step.throws;
    }
    await clock.waitFor(step.takesMs ?? 10, signal);
    const headers = step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : undefined;
    return new Response(step.body ?? '', { status: step.status, headers });
  };
  const deps: DeliveryDeps = {
    fetch: fakeFetch as typeof fetch,
    now: clock.now,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return clock.waitFor(ms, signal);
    },
    timeout: (ms) => {
      timeouts.push(ms);
      return clock.timeout(ms);
    },
    wallClock: () => EPOCH + clock.now(),
    random,
    log: (record) => logs.push(record),
  };
  const run = async (settings = SETTINGS, stop = new AbortController().signal): Promise<DeliveryOutcome> => {
    let settled = false;
    const delivery = deliver(URL_OK, MESSAGE, settings, deps, stop).finally(() => {
      settled = true;
    });
    for (;;) {
      await drain();
      if (settled) return delivery;
      if (!clock.fireNext()) throw new Error('the delivery waits for something that never happens');
    }
  };
  return { clock, deps, calls, sentAt, sleeps, timeouts, logs, run };
}

const attemptLogs = (h: Harness): LogRecord[] => h.logs.filter((record) => record.event === 'attempt');

describe('deliver', () => {
  it('posts the message as JSON once when Slack answers 200', async () => {
    const h = harness([{ status: 200, body: 'ok' }]);
    const outcome = await h.run();

    expect(outcome).toMatchObject({ delivered: true, attempts: 1, elapsedMs: 10 });
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]).toMatchObject({ method: 'POST', redirect: 'manual', body: JSON.stringify(MESSAGE) });
    expect(h.logs).toEqual([expect.objectContaining({ event: 'attempt', attempt: 1, result: 'delivered', status: 200, durationMs: 10 })]);
  });

  it('backs off with jitter between 5xx answers and network errors', async () => {
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    const h = harness([{ status: 500 }, { throws: reset }, { status: 503 }, { status: 200 }]);
    const outcome = await h.run();

    expect(outcome).toMatchObject({ delivered: true, attempts: 4 });
    // random 0.5 of ceilings 100, 200, 400
    expect(h.sleeps).toEqual([50, 100, 200]);
    expect(h.sentAt).toEqual([0, 60, 170, 380]);
    expect(h.logs.map((l) => l.detail)).toEqual(['HTTP 500', 'ECONNRESET', 'HTTP 503', undefined]);
    expect(h.logs.map((l) => l.reason)).toEqual(['slack_unavailable', 'slack_unavailable', 'slack_unavailable', undefined]);
    expect(h.logs.map((l) => l.nextDelayMs)).toEqual([50, 100, 200, undefined]);
  });

  it('waits exactly Retry-After on 429, and sends the next request only then', async () => {
    const h = harness([{ status: 429, body: 'rate_limited', retryAfter: '1' }, { status: 200 }]);
    const outcome = await h.run();

    expect(outcome).toMatchObject({ delivered: true, reason: 'delivered', attempts: 2, elapsedMs: 1020 });
    expect(h.sleeps).toEqual([1000]);
    // the 429 is answered at 10 ms; the next request goes out 1000 ms later, not before
    expect(h.sentAt).toEqual([0, 1010]);
    expect(attemptLogs(h)[0]).toMatchObject({ status: 429, result: 'retry', reason: 'rate_limited', nextDelayMs: 1000 });
  });

  it('reads a Retry-After given as an HTTP date against the wall clock', async () => {
    const h = harness([{ status: 429, retryAfter: 'Thu, 01 Jan 2026 00:00:03 GMT', takesMs: 500 }, { status: 200 }]);
    const outcome = await h.run();

    expect(outcome.delivered).toBe(true);
    // answered at 00:00:00.5, told to come back at 00:00:03
    expect(h.sleeps).toEqual([2500]);
  });

  it('stops at the first permanent error and names it', async () => {
    const h = harness([{ status: 404, body: 'channel_not_found' }, { status: 200 }]);
    const outcome = await h.run();

    expect(outcome).toMatchObject({ delivered: false, reason: 'webhook_revoked', attempts: 1, status: 404, slackError: 'channel_not_found' });
    expect(outcome.detail).toBe('not worth repeating: HTTP 404 channel_not_found');
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('gives up after maxAttempts without a final wait', async () => {
    const h = harness([{ status: 500 }]);
    const outcome = await h.run({ ...SETTINGS, maxAttempts: 3 });

    expect(outcome).toMatchObject({ delivered: false, attempts: 3, reason: 'slack_unavailable', detail: 'gave up after 3 attempts (NOTIFY_MAX_ATTEMPTS); last: HTTP 500' });
    expect(h.sleeps).toHaveLength(2);
  });

  it('does not wait past the deadline: a long Retry-After ends the run at once', async () => {
    const h = harness([{ status: 429, retryAfter: '60' }]);
    const outcome = await h.run({ ...SETTINGS, deadlineMs: 5000 });

    expect(outcome).toMatchObject({ delivered: false, reason: 'rate_limited', status: 429 });
    expect(outcome.detail).toBe('next attempt (in 60000 ms) would pass the deadline of 5000 ms; last: HTTP 429');
    expect(h.sleeps).toEqual([]);
    // ended when the 429 came back, 10 ms in
    expect(outcome.elapsedMs).toBe(10);
    expect(h.clock.now()).toBe(10);
  });

  it('times out an attempt that gets no answer after attemptTimeoutMs, and retries it', async () => {
    const h = harness(['hang']);
    const outcome = await h.run({ ...SETTINGS, attemptTimeoutMs: 200, maxAttempts: 2 });

    expect(outcome).toMatchObject({
      delivered: false,
      attempts: 2,
      reason: 'slack_unavailable',
      detail: 'gave up after 2 attempts (NOTIFY_MAX_ATTEMPTS); last: attempt timed out after 200 ms',
    });
    expect(outcome).not.toHaveProperty('status');
    expect(h.timeouts).toEqual([200, 200]);
    expect(attemptLogs(h)).toEqual([
      expect.objectContaining({ attempt: 1, result: 'retry', reason: 'slack_unavailable', detail: 'attempt timed out after 200 ms', durationMs: 200, nextDelayMs: 50 }),
      expect.objectContaining({ attempt: 2, result: 'retry', reason: 'slack_unavailable', detail: 'attempt timed out after 200 ms', durationMs: 200 }),
    ]);
    // two time-outs and one backoff of 50 ms
    expect(outcome.elapsedMs).toBe(450);
  });

  it('GIVEN 500s forever WHEN the deadline comes first THEN it retries until the next wait would pass it, and never overruns it', async () => {
    const h = harness([{ status: 500 }]);
    const outcome = await h.run({ ...SETTINGS, maxAttempts: 20, deadlineMs: 300, backoffBaseMs: 50, backoffMaxMs: 100 });

    // random 0.5 of ceilings 50, 100, 100, ...: waits 25, 50, 50, ... after requests of 10 ms each
    expect(h.sleeps).toEqual([25, 50, 50, 50, 50]);
    expect(h.sentAt).toEqual([0, 35, 95, 155, 215, 275]);
    expect(outcome).toMatchObject({
      delivered: false,
      attempts: 6,
      elapsedMs: 285,
      reason: 'slack_unavailable',
      detail: 'next attempt (in 50 ms) would pass the deadline of 300 ms; last: HTTP 500',
    });
    expect(h.clock.now()).toBeLessThanOrEqual(300);
  });

  it('bounds each attempt by its timeout, or by the whole milliseconds left before the deadline when that is shorter', async () => {
    // attempt 2 starts at 60.75 ms (a 10.75 ms request, then 50 ms of backoff): 239.25 ms are left
    const h = harness([{ status: 500, takesMs: 10.75 }, 'hang']);
    const outcome = await h.run({ ...SETTINGS, deadlineMs: 300 });

    expect(h.timeouts).toEqual([300, 239]);
    // the hanging attempt is cut before the deadline, not up to a millisecond after it
    expect(h.clock.now()).toBe(299.75);
    expect(outcome).toMatchObject({
      delivered: false,
      attempts: 2,
      elapsedMs: 300,
      reason: 'slack_unavailable',
      detail: 'next attempt (in 100 ms) would pass the deadline of 300 ms; last: attempt timed out after 239 ms',
    });
  });

  it('makes no attempt when less than a whole millisecond is left', async () => {
    // a wait of 50 ms after a 249.5 ms answer leaves 0.5 ms of a 300 ms deadline: not worth the wait
    const h = harness([{ status: 500, takesMs: 249.5 }, { status: 200 }]);
    const outcome = await h.run({ ...SETTINGS, deadlineMs: 300 });

    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
    expect(outcome).toMatchObject({
      delivered: false,
      attempts: 1,
      reason: 'slack_unavailable',
      detail: 'next attempt (in 50 ms) would pass the deadline of 300 ms; last: HTTP 500',
    });
  });

  it('ends as stopped when the stop signal fires during a wait', async () => {
    const stop = new AbortController();
    const h = harness([{ status: 500 }]);
    // the 500 comes back at 10 ms and a wait of 50 ms begins; the stop comes 20 ms into it
    h.clock.schedule(30, () => stop.abort());
    const outcome = await h.run(SETTINGS, stop.signal);

    expect(outcome).toMatchObject({ delivered: false, attempts: 1, reason: 'stopped', detail: 'stopped', elapsedMs: 30 });
    expect(h.sleeps).toEqual([50]);
    expect(h.calls).toHaveLength(1);
  });

  it('ends as stopped at once when the stop signal fires while a request hangs, without waiting for its time-out', async () => {
    const stop = new AbortController();
    const h = harness(['hang']);
    h.clock.schedule(100, () => stop.abort());
    const outcome = await h.run({ ...SETTINGS, attemptTimeoutMs: 10_000 }, stop.signal);

    expect(outcome).toMatchObject({ delivered: false, attempts: 1, reason: 'stopped', elapsedMs: 100 });
    expect(h.logs).toEqual([]);
  });
});

const MINUTE = 60_000;

/** Slack failing with `failure` until `untilMs`, then answering 200. */
const incident =
  (untilMs: number, failure: Step): ((sentAtMs: number) => Step) =>
  (sentAtMs) =>
    sentAtMs < untilMs ? failure : { status: 200, body: 'ok' };

describe('deliver through a Slack incident, with the default settings', () => {
  const connectionRefused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 192.0.2.1:443'), { code: 'ECONNREFUSED' }) });

  it.each<[string, () => number]>([
    ['the longest waits (every draw at the top of its range)', () => 0.999999],
    ['middling waits', () => 0.5],
    ['seeded random waits', seeded(19)],
    ['other seeded random waits', seeded(2026)],
  ])('GIVEN Slack answering 503 for 11 minutes, and %s, THEN the message is delivered once Slack recovers', async (_name, random) => {
    const h = harness(incident(11 * MINUTE, { status: 503, body: '' }), random);
    const outcome = await h.run(DEFAULT_RETRY);

    expect(outcome).toMatchObject({ delivered: true, reason: 'delivered', status: 200 });
    expect(exitCodeOf(outcome.reason)).toBe(0);
    const last = h.sentAt[h.sentAt.length - 1];
    // every earlier request fell inside the incident; the one delivered came after it, within one longest wait
    expect(h.sentAt.slice(0, -1).every((at) => at < 11 * MINUTE)).toBe(true);
    expect(last).toBeGreaterThanOrEqual(11 * MINUTE);
    expect(last).toBeLessThanOrEqual(11 * MINUTE + DEFAULT_RETRY.backoffMaxMs + 10);
    expect(Math.max(...h.sleeps)).toBeLessThanOrEqual(DEFAULT_RETRY.backoffMaxMs);
    expect(outcome.attempts).toBe(h.calls.length);
    expect(outcome.attempts).toBeLessThan(DEFAULT_RETRY.maxAttempts);
  });

  it('GIVEN connection errors for 11 minutes THEN the message is delivered once Slack can be reached', async () => {
    const h = harness(incident(11 * MINUTE, { throws: connectionRefused }), seeded(7));
    const outcome = await h.run(DEFAULT_RETRY);

    expect(outcome).toMatchObject({ delivered: true, reason: 'delivered' });
    expect(h.sentAt[h.sentAt.length - 1]).toBeGreaterThanOrEqual(11 * MINUTE);
    expect(attemptLogs(h).slice(0, -1).every((line) => line.reason === 'slack_unavailable' && line.detail === 'ECONNREFUSED')).toBe(true);
  });

  it('GIVEN 429 with Retry-After: 60 for 11 minutes THEN it waits as told each time and delivers after the incident', async () => {
    const h = harness(incident(11 * MINUTE, { status: 429, body: 'rate_limited', retryAfter: '60' }), seeded(11));
    const outcome = await h.run(DEFAULT_RETRY);

    expect(outcome).toMatchObject({ delivered: true, reason: 'delivered' });
    expect(new Set(h.sleeps)).toEqual(new Set([60_000]));
    // each request is answered 10 ms after it is sent, then a minute passes: 0, 60.01 s, 120.02 s, ...
    expect(h.sentAt).toEqual(h.sentAt.map((_at, index) => index * 60_010));
    expect(h.sentAt[h.sentAt.length - 1]).toBeGreaterThanOrEqual(11 * MINUTE);
  });

  it.each<[string, number]>([
    ['the longest waits', 0.999999],
    ['middling waits', 0.5],
  ])('GIVEN Slack answering 503 for 20 minutes, and %s, THEN it gives up before the 15-minute deadline as slack_unavailable, exit 1', async (_name, draw) => {
    const h = harness(incident(20 * MINUTE, { status: 503, body: '' }), () => draw);
    const outcome = await h.run(DEFAULT_RETRY);

    expect(outcome).toMatchObject({ delivered: false, reason: 'slack_unavailable', status: 503 });
    expect(outcome.detail).toMatch(/^next attempt \(in \d+ ms\) would pass the deadline of 900000 ms; last: HTTP 503$/);
    expect(exitCodeOf(outcome.reason)).toBe(1);
    // it never slept past the deadline, and gave up only when the next wait would have crossed it
    expect(h.clock.now()).toBeLessThanOrEqual(DEFAULT_RETRY.deadlineMs);
    const lastLine = attemptLogs(h)[attemptLogs(h).length - 1];
    expect(h.clock.now() + Number(lastLine.nextDelayMs)).toBeGreaterThan(DEFAULT_RETRY.deadlineMs - 1);
    expect(h.calls).toHaveLength(outcome.attempts);
    expect(h.sleeps).toHaveLength(outcome.attempts - 1);
  });

  it('GIVEN 429 with Retry-After: 30 for 20 minutes THEN it gives up as rate_limited, exit 1, having waited as told', async () => {
    const h = harness(incident(20 * MINUTE, { status: 429, body: 'rate_limited', retryAfter: '30' }), seeded(3));
    const outcome = await h.run(DEFAULT_RETRY);

    expect(outcome).toMatchObject({ delivered: false, reason: 'rate_limited', status: 429 });
    expect(exitCodeOf(outcome.reason)).toBe(1);
    expect(new Set(h.sleeps)).toEqual(new Set([30_000]));
    // 30 s and 10 ms per round: the 30th request goes out at 870.29 s, the next would at 900.30 s
    expect(outcome.attempts).toBe(30);
    expect(outcome.detail).toBe('next attempt (in 30000 ms) would pass the deadline of 900000 ms; last: HTTP 429 rate_limited');
  });

  it('GIVEN a revoked webhook (404 no_service) THEN it gives up at once as webhook_revoked, exit 1, whatever the deadline', async () => {
    const h = harness([{ status: 404, body: 'no_service' }, { status: 200 }]);
    const outcome = await h.run(DEFAULT_RETRY);

    expect(outcome).toMatchObject({ delivered: false, reason: 'webhook_revoked', status: 404, slackError: 'no_service', attempts: 1, elapsedMs: 10 });
    expect(exitCodeOf(outcome.reason)).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it('GIVEN 403 invalid_token THEN it gives up at once as webhook_revoked', async () => {
    const h = harness([{ status: 403, body: 'invalid_token' }]);
    const outcome = await h.run(DEFAULT_RETRY);

    expect(outcome).toMatchObject({ delivered: false, reason: 'webhook_revoked', slackError: 'invalid_token', attempts: 1 });
  });

  it('GIVEN 400 invalid_payload THEN it gives up at once as message_rejected', async () => {
    const h = harness([{ status: 400, body: 'invalid_payload' }]);
    const outcome = await h.run(DEFAULT_RETRY);

    expect(outcome).toMatchObject({ delivered: false, reason: 'message_rejected', slackError: 'invalid_payload', attempts: 1 });
    expect(exitCodeOf(outcome.reason)).toBe(1);
  });
});

describe('describeRequestError', () => {
  it('names the deepest error code, or message, never more', () => {
    const nested = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    expect(describeRequestError(nested)).toBe('ECONNREFUSED');
    expect(describeRequestError(new TypeError('fetch failed', { cause: new Error('other side closed') }))).toBe('other side closed');
    expect(describeRequestError('weird')).toBe('request failed');
  });
});
