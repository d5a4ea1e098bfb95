// Sends one message to the webhook, retrying what is worth retrying, within a deadline, and says why it ended.
import type { RetrySettings } from './config';
import type { Logger } from './log';
import type { SlackMessage } from './message';
import type { Reason } from './outcome';
import { type AttemptVerdict, classifyResponse, nextDelayMs, parseRetryAfter } from './retry';

/** Everything the loop takes from the outside world: the network, the clocks, the timers and chance. */
export interface DeliveryDeps {
  readonly fetch: typeof fetch;
  /** Monotonic milliseconds; the deadline and every duration are measured on this clock. */
  readonly now: () => number;
  /** Waits `ms` on the `now` clock; rejects when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A signal that aborts with a `TimeoutError` once `ms` have passed on the `now` clock; bounds one attempt. */
  readonly timeout: (ms: number) => AbortSignal;
  /** Milliseconds since the epoch, to read a Retry-After given as an HTTP date. */
  readonly wallClock: () => number;
  readonly random: () => number;
  readonly log: Logger;
}

export interface DeliveryOutcome {
  readonly delivered: boolean;
  /** Why it ended: `delivered`, or why not (see outcome.ts). */
  readonly reason: Reason;
  /** A short, secret-free sentence: the last answer, and which limit ended the tries. */
  readonly detail: string;
  readonly attempts: number;
  /** The HTTP status of the last answer, when there was one. */
  readonly status?: number;
  readonly slackError?: string;
  readonly elapsedMs: number;
}

/** Bytes of a response body worth reading: Slack's answers are a word or two. */
const MAX_BODY_BYTES = 4096;

async function readBody(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES));
}

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
}

/** A short, secret-free description of a failed request: the deepest error code or message. */
export function describeRequestError(error: unknown): string {
  let current: unknown = error;
  let description = 'request failed';
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const e = current as ErrorLike;
    if (typeof e.code === 'string') description = e.code;
    else if (typeof e.message === 'string' && e.message !== '') description = e.message;
    current = e.cause;
  }
  return description;
}

function isTimeout(error: unknown): boolean {
  return error !== null && typeof error === 'object' && (error as ErrorLike).name === 'TimeoutError';
}

type Retry = Extract<AttemptVerdict, { kind: 'retry' }>;

/**
 * Delivers `message`. Never throws: every failure becomes an outcome. `stop` ends it early (SIGTERM).
 *
 * Tries until Slack answers 200, answers something not worth repeating, or the next try could not start before the
 * deadline (the attempt limit is only a guard). Waits between tries are Slack's Retry-After when it gives one, an
 * exponential backoff with full jitter otherwise; a wait that would pass the deadline is not begun. A run that gives
 * up on retries ends with the cause of the last failure: `rate_limited` or `slack_unavailable`.
 */
export async function deliver(
  url: URL,
  message: SlackMessage,
  settings: RetrySettings,
  deps: DeliveryDeps,
  stop: AbortSignal,
): Promise<DeliveryOutcome> {
  const started = deps.now();
  const deadline = started + settings.deadlineMs;
  const body = JSON.stringify(message);
  let lastStatus: number | undefined;
  const outcome = (reason: Reason, attempts: number, detail: string, slackError?: string): DeliveryOutcome => ({
    delivered: reason === 'delivered',
    reason,
    detail,
    attempts,
    ...(lastStatus !== undefined ? { status: lastStatus } : {}),
    ...(slackError !== undefined ? { slackError } : {}),
    elapsedMs: Math.round(deps.now() - started),
  });
  const gaveUp = (last: Retry, attempts: number, why: string): DeliveryOutcome => outcome(last.cause, attempts, `${why}; last: ${last.detail}`);

  // The time an attempt starting at `at` may take: whole milliseconds, rounded down, so that it ends at the
  // deadline at the latest. Below 1 ms no attempt can be made.
  const attemptBudgetMs = (at: number): number => Math.floor(Math.min(settings.attemptTimeoutMs, deadline - at));

  let last: Retry | undefined;
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt += 1) {
    const attemptStarted = deps.now();
    const timeoutMs = attemptBudgetMs(attemptStarted);
    if (timeoutMs < 1) {
      // Only after a wait that ended later than planned: the first attempt always has at least 1 ms.
      return last !== undefined
        ? gaveUp(last, attempt - 1, `deadline of ${settings.deadlineMs} ms reached`)
        : outcome('internal_error', attempt - 1, `deadline of ${settings.deadlineMs} ms reached before any attempt`);
    }
    let verdict: AttemptVerdict;
    let status: number | undefined;
    try {
      const signal = AbortSignal.any([stop, deps.timeout(timeoutMs)]);
      const response = await deps.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal,
        redirect: 'manual',
      });
      status = response.status;
      const text = await readBody(response);
      verdict = classifyResponse(response.status, text, parseRetryAfter(response.headers.get('retry-after'), deps.wallClock()));
    } catch (error) {
      if (stop.aborted) return outcome('stopped', attempt, 'stopped');
      verdict = {
        kind: 'retry',
        cause: 'slack_unavailable',
        detail: isTimeout(error) ? `attempt timed out after ${timeoutMs} ms` : describeRequestError(error),
      };
    }
    lastStatus = status;
    const record = {
      event: 'attempt',
      attempt,
      maxAttempts: settings.maxAttempts,
      result: verdict.kind,
      ...(status !== undefined ? { status } : {}),
      durationMs: Math.round(deps.now() - attemptStarted),
    };

    if (verdict.kind === 'delivered') {
      deps.log({ level: 'info', ...record });
      return outcome('delivered', attempt, `HTTP ${status ?? 200}`);
    }
    if (verdict.kind === 'permanent') {
      deps.log({ level: 'warn', ...record, reason: verdict.cause, detail: verdict.detail, slackError: verdict.slackError });
      return outcome(verdict.cause, attempt, `not worth repeating: ${verdict.detail}`, verdict.slackError);
    }
    last = verdict;
    if (attempt === settings.maxAttempts) {
      deps.log({ level: 'warn', ...record, reason: verdict.cause, detail: verdict.detail });
      return gaveUp(verdict, attempt, `gave up after ${attempt} attempts (NOTIFY_MAX_ATTEMPTS)`);
    }
    const delayMs = nextDelayMs(verdict, attempt, settings, deps.random);
    deps.log({ level: 'warn', ...record, reason: verdict.cause, detail: verdict.detail, nextDelayMs: delayMs });
    if (attemptBudgetMs(deps.now() + delayMs) < 1) {
      return gaveUp(verdict, attempt, `next attempt (in ${delayMs} ms) would pass the deadline of ${settings.deadlineMs} ms`);
    }
    try {
      await deps.sleep(delayMs, stop);
    } catch {
      return outcome('stopped', attempt, 'stopped');
    }
  }
  // Unreachable: the loop returns on its last attempt.
  return outcome('internal_error', settings.maxAttempts, 'no attempt made');
}
