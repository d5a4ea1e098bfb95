// The delivery loop with a scripted fetch and a virtual clock: attempts, waits and the deadline, in no real time.
import type { RetrySettings } from '../../notifier/src/config';
import { deliver, type DeliveryDeps, describeRequestError } from '../../notifier/src/deliver';
import type { LogRecord } from '../../notifier/src/log';
import { buildMessage } from '../../notifier/src/message';

const SETTINGS: RetrySettings = { maxAttempts: 5, attemptTimeoutMs: 1000, deadlineMs: 10_000, backoffBaseMs: 100, backoffMaxMs: 1000 };
const URL_OK = new URL('https://hooks.slack.com/services/T/B/secret');
const MESSAGE = buildMessage({ text: 'hello' });

type Step = { readonly status: number; readonly body?: string; readonly retryAfter?: string } | { readonly throws: unknown };

interface Harness {
  readonly deps: DeliveryDeps;
  readonly calls: RequestInit[];
  readonly sleeps: number[];
  readonly logs: LogRecord[];
}

function harness(steps: readonly Step[], random = () => 0.5): Harness {
  let clock = 0;
  const calls: RequestInit[] = [];
  const sleeps: number[] = [];
  const logs: LogRecord[] = [];
  const fakeFetch = (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push(init ?? {});
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    clock += 10;
    if ('throws' in step) return Promise.reject(step.throws);
    const headers = step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : undefined;
    return Promise.resolve(new Response(step.body ?? '', { status: step.status, headers }));
  };
  return {
    calls,
    sleeps,
    logs,
    deps: {
      fetch: fakeFetch as typeof fetch,
      now: () => clock,
      sleep: (ms) => {
        sleeps.push(ms);
        clock += ms;
        return Promise.resolve();
      },
      random,
      log: (record) => logs.push(record),
    },
  };
}

describe('deliver', () => {
  it('posts the message as JSON once when Slack answers 200', async () => {
    const h = harness([{ status: 200, body: 'ok' }]);
    const outcome = await deliver(URL_OK, MESSAGE, SETTINGS, h.deps, new AbortController().signal);

    expect(outcome).toMatchObject({ delivered: true, attempts: 1 });
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]).toMatchObject({ method: 'POST', redirect: 'manual', body: JSON.stringify(MESSAGE) });
    expect(h.logs).toEqual([expect.objectContaining({ event: 'attempt', attempt: 1, result: 'delivered', status: 200 })]);
  });

  it('backs off with jitter between 5xx answers and network errors', async () => {
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    const h = harness([{ status: 500 }, { throws: reset }, { status: 503 }, { status: 200 }]);
    const outcome = await deliver(URL_OK, MESSAGE, SETTINGS, h.deps, new AbortController().signal);

    expect(outcome).toMatchObject({ delivered: true, attempts: 4 });
    // random 0.5 of ceilings 100, 200, 400
    expect(h.sleeps).toEqual([50, 100, 200]);
    expect(h.logs.map((l) => l.reason)).toEqual(['HTTP 500', 'ECONNRESET', 'HTTP 503', undefined]);
  });

  it('waits exactly Retry-After on 429', async () => {
    const h = harness([{ status: 429, body: 'rate_limited', retryAfter: '2' }, { status: 200 }]);
    const outcome = await deliver(URL_OK, MESSAGE, SETTINGS, h.deps, new AbortController().signal);

    expect(outcome.delivered).toBe(true);
    expect(h.sleeps).toEqual([2000]);
  });

  it('stops at the first permanent error and names it', async () => {
    const h = harness([{ status: 404, body: 'channel_not_found' }, { status: 200 }]);
    const outcome = await deliver(URL_OK, MESSAGE, SETTINGS, h.deps, new AbortController().signal);

    expect(outcome).toMatchObject({ delivered: false, attempts: 1, slackError: 'channel_not_found' });
    expect(outcome.reason).toBe('permanent error: HTTP 404 channel_not_found');
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('gives up after maxAttempts without a final wait', async () => {
    const h = harness([{ status: 500 }]);
    const outcome = await deliver(URL_OK, MESSAGE, { ...SETTINGS, maxAttempts: 3 }, h.deps, new AbortController().signal);

    expect(outcome).toMatchObject({ delivered: false, attempts: 3, reason: 'gave up after 3 attempts; last: HTTP 500' });
    expect(h.sleeps).toHaveLength(2);
  });

  it('does not wait past the deadline: a long Retry-After ends the run at once', async () => {
    const h = harness([{ status: 429, retryAfter: '60' }]);
    const outcome = await deliver(URL_OK, MESSAGE, { ...SETTINGS, deadlineMs: 5000 }, h.deps, new AbortController().signal);

    expect(outcome.delivered).toBe(false);
    expect(outcome.reason).toMatch(/next attempt \(in 60000 ms\) would pass the deadline of 5000 ms/);
    expect(h.sleeps).toEqual([]);
  });

  it('bounds each attempt by its timeout, or by the time left before the deadline when that is shorter', async () => {
    const timeout = jest.spyOn(AbortSignal, 'timeout');
    try {
      // Virtual clock: 10 ms per request, 50 ms backoff (random 0.5 of 100) => attempt 2 starts at 60 ms.
      const h = harness([{ status: 500 }, { status: 200 }]);
      const outcome = await deliver(URL_OK, MESSAGE, { ...SETTINGS, deadlineMs: 1000.5, attemptTimeoutMs: 1000 }, h.deps, new AbortController().signal);
      expect(outcome.delivered).toBe(true);
      expect(timeout.mock.calls.map(([ms]) => ms)).toEqual([1000, 941]);
    } finally {
      timeout.mockRestore();
    }
  });

  it('ends as stopped when the stop signal fires during a wait', async () => {
    const stop = new AbortController();
    const h = harness([{ status: 500 }]);
    const deps: DeliveryDeps = {
      ...h.deps,
      sleep: () => {
        stop.abort();
        return Promise.reject(new Error('aborted'));
      },
    };
    const outcome = await deliver(URL_OK, MESSAGE, SETTINGS, deps, stop.signal);
    expect(outcome).toMatchObject({ delivered: false, attempts: 1, reason: 'stopped' });
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
