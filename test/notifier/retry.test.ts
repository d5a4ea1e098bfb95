import { DEFAULT_RETRY } from '../../notifier/src/config';
import { backoffDelayMs, classifyResponse, nextDelayMs, parseRetryAfter, slackErrorFromBody } from '../../notifier/src/retry';

describe('classifyResponse', () => {
  it('treats 200 as delivered', () => {
    expect(classifyResponse(200, 'ok', undefined)).toEqual({ kind: 'delivered' });
  });

  it.each([500, 502, 503, 504, 408])('retries HTTP %i as Slack unavailable', (status) => {
    expect(classifyResponse(status, '', undefined)).toEqual({ kind: 'retry', cause: 'slack_unavailable', detail: `HTTP ${status}` });
  });

  it('retries 500 rollup_error, the error Slack calls "likely not your fault at all"', () => {
    expect(classifyResponse(500, 'rollup_error', undefined)).toEqual({ kind: 'retry', cause: 'slack_unavailable', detail: 'HTTP 500 rollup_error' });
  });

  it('retries 429 as rate limited, after Slack’s Retry-After when given', () => {
    expect(classifyResponse(429, 'rate_limited', 3000)).toEqual({ kind: 'retry', cause: 'rate_limited', detail: 'HTTP 429 rate_limited', retryAfterMs: 3000 });
    expect(classifyResponse(429, '', undefined)).toEqual({ kind: 'retry', cause: 'rate_limited', detail: 'HTTP 429' });
  });

  it('honours a Retry-After that comes with a 503 too', () => {
    expect(classifyResponse(503, '', 30_000)).toEqual({ kind: 'retry', cause: 'slack_unavailable', detail: 'HTTP 503', retryAfterMs: 30_000 });
  });

  // Error names from Slack's "Handling errors" section; statuses from its 2016 changelog where it gives one, and
  // 403 invalid_token as webhooks answer it (see retry.ts).
  it.each([
    [403, 'action_prohibited'],
    [403, 'invalid_token'],
    [403, 'posting_to_general_channel_denied'],
    [404, 'channel_not_found'],
    [404, 'no_service'],
    [404, 'no_team'],
    [404, 'no_active_hooks'],
    [400, 'no_service_id'],
    [410, 'channel_is_archived'],
    [410, 'team_disabled'],
  ])('treats %i %s as a revoked webhook, not to be repeated, and names the error', (status, error) => {
    expect(classifyResponse(status, `${error}\n`, undefined)).toEqual({ kind: 'permanent', cause: 'webhook_revoked', detail: `HTTP ${status} ${error}`, slackError: error });
  });

  it.each([
    [400, 'invalid_payload'],
    [400, 'no_text'],
    [400, 'too_many_attachments'],
    [400, 'user_not_found'],
  ])('treats %i %s as a refused message, not to be repeated', (status, error) => {
    expect(classifyResponse(status, error, undefined)).toEqual({ kind: 'permanent', cause: 'message_rejected', detail: `HTTP ${status} ${error}`, slackError: error });
  });

  it('GIVEN no known error name THEN 403, 404 and 410 are a revoked webhook and 400 a refused message', () => {
    expect([403, 404, 410, 400].map((status) => classifyResponse(status, 'Forbidden: <html>', undefined))).toEqual([
      { kind: 'permanent', cause: 'webhook_revoked', detail: 'HTTP 403' },
      { kind: 'permanent', cause: 'webhook_revoked', detail: 'HTTP 404' },
      { kind: 'permanent', cause: 'webhook_revoked', detail: 'HTTP 410' },
      { kind: 'permanent', cause: 'message_rejected', detail: 'HTTP 400' },
    ]);
    expect(classifyResponse(404, 'some_new_error', undefined)).toEqual({ kind: 'permanent', cause: 'webhook_revoked', detail: 'HTTP 404 some_new_error', slackError: 'some_new_error' });
  });

  it('treats a redirect and other answers as unexpected, without inventing an error name', () => {
    expect(classifyResponse(302, '<html>moved</html>', undefined)).toEqual({ kind: 'permanent', cause: 'unexpected_response', detail: 'HTTP 302' });
    expect(classifyResponse(401, 'Unauthorized: see <a href="x">', undefined)).toEqual({ kind: 'permanent', cause: 'unexpected_response', detail: 'HTTP 401' });
    expect(classifyResponse(405, 'method_not_allowed', undefined)).toEqual({
      kind: 'permanent',
      cause: 'unexpected_response',
      detail: 'HTTP 405 method_not_allowed',
      slackError: 'method_not_allowed',
    });
  });

  it('does not take a name inherited by every object for a Slack error', () => {
    expect(classifyResponse(403, 'constructor', undefined)).toMatchObject({ cause: 'webhook_revoked', slackError: 'constructor' });
    expect(classifyResponse(400, 'constructor', undefined)).toMatchObject({ cause: 'message_rejected', slackError: 'constructor' });
  });
});

describe('slackErrorFromBody', () => {
  it('reads a plain word and a Web API JSON body, and nothing else', () => {
    expect(slackErrorFromBody('invalid_payload')).toBe('invalid_payload');
    expect(slackErrorFromBody('{"ok":false,"error":"channel_not_found"}')).toBe('channel_not_found');
    expect(slackErrorFromBody('{"ok":false,"error":"<script>"}')).toBeUndefined();
    expect(slackErrorFromBody('Internal Server Error')).toBeUndefined();
    expect(slackErrorFromBody('')).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 30 ', now)).toBe(30000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('backoffDelayMs (exponential, full jitter)', () => {
  const settings = { backoffBaseMs: 100, backoffMaxMs: 1000 };

  it('is zero with the smallest random draw', () => {
    expect(backoffDelayMs(3, settings, () => 0)).toBe(0);
  });

  it('doubles its ceiling per attempt up to the cap', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, settings, top))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('stays within [0, ceiling] for any draw', () => {
    for (let i = 0; i <= 100; i += 1) {
      const delay = backoffDelayMs(4, settings, () => i / 101);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });

  it('uses Retry-After when Slack gave one, backoff otherwise', () => {
    const settings = { ...DEFAULT_RETRY, backoffBaseMs: 500 };
    expect(nextDelayMs({ kind: 'retry', cause: 'rate_limited', detail: 'HTTP 429', retryAfterMs: 7000 }, 1, settings, () => 0.5)).toBe(7000);
    expect(nextDelayMs({ kind: 'retry', cause: 'slack_unavailable', detail: 'HTTP 500' }, 2, settings, () => 0.5)).toBe(500);
  });
});
