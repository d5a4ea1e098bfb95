// The retry policy, as pure functions: what an answer from Slack means, and how long to wait before the next try.
import type { RetrySettings } from './config';

/** What one attempt came to. */
export type AttemptVerdict =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'permanent'; readonly reason: string; readonly slackError?: string };

/** Slack's error strings are short snake_case words; anything else in a body is not echoed. */
const SLACK_ERROR = /^[a-z][a-z0-9_]{0,63}$/;

/** The Slack error named in a response body (`invalid_payload`, `channel_not_found`, ...), if it names one. */
export function slackErrorFromBody(body: string): string | undefined {
  const trimmed = body.trim();
  if (SLACK_ERROR.test(trimmed)) return trimmed;
  // Web API style body: {"ok":false,"error":"..."}
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed !== null && typeof parsed === 'object' && 'error' in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (typeof error === 'string' && SLACK_ERROR.test(error)) return error;
    }
  } catch {
    // not JSON: no named error
  }
  return undefined;
}

/**
 * Reads a Retry-After header: delta-seconds, or an HTTP date (relative to `nowMs`).
 * Returns milliseconds, or undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (/^\d+\.\d+$/.test(value)) return Math.ceil(Number(value) * 1000);
  // An HTTP date names its weekday and month; anything else (e.g. "-5") is unreadable.
  const date = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Classifies an HTTP answer. 200 is the only success; 408, 429 and 5xx are worth another try. */
export function classifyResponse(status: number, body: string, retryAfterMs: number | undefined): AttemptVerdict {
  if (status === 200) return { kind: 'delivered' };
  const slackError = slackErrorFromBody(body);
  const named = slackError !== undefined ? ` ${slackError}` : '';
  if (status === 429) {
    return retryAfterMs !== undefined
      ? { kind: 'retry', reason: `HTTP 429${named}`, retryAfterMs }
      : { kind: 'retry', reason: `HTTP 429${named}` };
  }
  if (status === 408 || status >= 500) return { kind: 'retry', reason: `HTTP ${status}${named}` };
  const verdict: AttemptVerdict = { kind: 'permanent', reason: `HTTP ${status}${named}` };
  return slackError !== undefined ? { ...verdict, slackError } : verdict;
}

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(max, base * 2^(attempt-1))].
 * `attempt` is the number of the attempt that just failed (1 for the first). `random` returns [0, 1).
 */
export function backoffDelayMs(attempt: number, settings: Pick<RetrySettings, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * (ceiling + 1));
}

/** The wait before the next attempt: Slack's Retry-After when it gave one, our backoff otherwise. */
export function nextDelayMs(
  verdict: Extract<AttemptVerdict, { kind: 'retry' }>,
  attempt: number,
  settings: RetrySettings,
  random: () => number,
): number {
  return verdict.retryAfterMs ?? backoffDelayMs(attempt, settings, random);
}
