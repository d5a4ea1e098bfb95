// The retry policy, as pure functions: what an answer from Slack means, and how long to wait before the next try.
//
// Slack's answers to an incoming webhook, as Slack documents them:
// - "Sending messages using incoming webhooks", section "Handling errors"
//   (https://api.slack.com/messaging/webhooks#handling_errors; moving to docs.slack.dev): success is "HTTP 200" with
//   a plain text `ok`; webhooks answer errors with "more relevant HTTP status codes (like "HTTP 400 Bad Request",
//   "HTTP 403 Forbidden", and "HTTP 404 Not Found")" and name them: action_prohibited ("the request should not be
//   attempted again"), channel_is_archived, invalid_payload ("should not be retried without correction"),
//   invalid_token ("expired, invalid, or missing"), no_active_hooks, no_service ("disabled, removed, or invalid"),
//   no_service_id, no_team, no_text, posting_to_general_channel_denied, team_disabled ("no longer active"),
//   too_many_attachments, user_not_found and channel_not_found ("should not be retried without modification").
//   The same page: "Slack actively searches out and revokes leaked secrets".
// - "Improving error conditions for Incoming Webhooks"
//   (https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks), which that section points
//   to for the statuses: the error is a plain string in the body; 400 invalid_payload and user_not_found, 403
//   action_prohibited, 404 channel_not_found, 410 channel_is_archived, 500 rollup_error ("likely not your fault").
// - "Rate limits" (https://api.slack.com/docs/rate-limits): over the limit, the HTTP APIs "including Incoming
//   Webhooks" answer "HTTP 429 Too Many Requests" with "a Retry-After header containing the number of seconds until
//   you can retry".
// Retry-After may also be an HTTP date (RFC 9110, section 10.2.3), and may come with a 503 as well as a 429; it is
// honoured on any answer worth repeating.
import type { RetrySettings } from './config';

/** An answer worth repeating, and what repeating it until the deadline would mean if it never changes. */
export type RetryCause = 'rate_limited' | 'slack_unavailable';

/** An answer not worth repeating. */
export type PermanentCause = 'webhook_revoked' | 'message_rejected' | 'unexpected_response';

/** What one attempt came to. `detail` is a short, secret-free description for the log. */
export type AttemptVerdict =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'retry'; readonly cause: RetryCause; readonly detail: string; readonly retryAfterMs?: number }
  | { readonly kind: 'permanent'; readonly cause: PermanentCause; readonly detail: string; readonly slackError?: string };

/**
 * Slack's named errors ("Handling errors", above) and what each means here. The webhook no longer posts: it was
 * disabled, removed or revoked, its workspace is gone, or its channel is gone, archived or restricted. No retry
 * changes these; a new webhook (or an admin) does. Or the message itself was refused.
 */
export const SLACK_ERRORS: Readonly<Record<string, PermanentCause>> = {
  action_prohibited: 'webhook_revoked',
  channel_is_archived: 'webhook_revoked',
  channel_not_found: 'webhook_revoked',
  invalid_token: 'webhook_revoked',
  no_active_hooks: 'webhook_revoked',
  no_service: 'webhook_revoked',
  no_service_id: 'webhook_revoked',
  no_team: 'webhook_revoked',
  posting_to_general_channel_denied: 'webhook_revoked',
  team_disabled: 'webhook_revoked',
  invalid_payload: 'message_rejected',
  no_text: 'message_rejected',
  too_many_attachments: 'message_rejected',
  user_not_found: 'message_rejected',
};

/** The statuses of a webhook that no longer posts (the changelog's 403, 404 and 410), when the body names no known error. */
const REVOKED_STATUSES: ReadonlySet<number> = new Set([403, 404, 410]);

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

/**
 * Classifies an HTTP answer. 200 is the only success; 429 is rate limiting, 408 and 5xx an unavailable Slack (both
 * worth another try, after `retryAfterMs` when Slack gave one). Any other answer is not repeated: a named Slack
 * error says what it is; without one, 403, 404 and 410 are a revoked webhook, 400 a refused message, and anything
 * else (a redirect, 401, 405, ...) an unexpected answer.
 */
export function classifyResponse(status: number, body: string, retryAfterMs: number | undefined): AttemptVerdict {
  if (status === 200) return { kind: 'delivered' };
  const slackError = slackErrorFromBody(body);
  const detail = `HTTP ${status}${slackError !== undefined ? ` ${slackError}` : ''}`;
  const wait = retryAfterMs !== undefined ? { retryAfterMs } : {};
  if (status === 429) return { kind: 'retry', cause: 'rate_limited', detail, ...wait };
  if (status === 408 || status >= 500) return { kind: 'retry', cause: 'slack_unavailable', detail, ...wait };
  const named = slackError !== undefined && Object.hasOwn(SLACK_ERRORS, slackError) ? SLACK_ERRORS[slackError] : undefined;
  const cause: PermanentCause =
    named ?? (REVOKED_STATUSES.has(status) ? 'webhook_revoked' : status === 400 ? 'message_rejected' : 'unexpected_response');
  return { kind: 'permanent', cause, detail, ...(slackError !== undefined ? { slackError } : {}) };
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
