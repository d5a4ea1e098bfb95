import { DEFAULT_RETRY } from '../../notifier/src/config';
import { backoffDelayMs, classifyResponse, nextDelayMs, parseRetryAfter, slackErrorFromBody } from '../../notifier/src/retry';

describe('classifyResponse', () => {
  it('treats 200 as delivered', () => {
    expect(classifyResponse(200, 'ok', undefined)).toEqual({ kind: 'delivered' });
  });

  it.each([500, 502, 503, 504, 408])('retries HTTP %i', (status) => {
    expect(classifyResponse(status, '', undefined)).toEqual({ kind: 'retry', reason: `HTTP ${status}` });
  });

  it('retries 429 after Slack’s Retry-After', () => {
    expect(classifyResponse(429, 'rate_limited', 3000)).toEqual({ kind: 'retry', reason: 'HTTP 429 rate_limited', retryAfterMs: 3000 });
    expect(classifyResponse(429, '', undefined)).toEqual({ kind: 'retry', reason: 'HTTP 429' });
  });

  it.each([
    [400, 'invalid_payload'],
    [400, 'no_text'],
    [400, 'user_not_found'],
    [403, 'action_prohibited'],
    [404, 'channel_not_found'],
    [404, 'no_service'],
    [410, 'channel_is_archived'],
  ])('treats %i %s as permanent and names the error', (status, error) => {
    expect(classifyResponse(status, `${error}\n`, undefined)).toEqual({ kind: 'permanent', reason: `HTTP ${status} ${error}`, slackError: error });
  });

  it('treats a redirect and an unexplained 4xx as permanent without inventing an error name', () => {
    expect(classifyResponse(302, '<html>moved</html>', undefined)).toEqual({ kind: 'permanent', reason: 'HTTP 302' });
    expect(classifyResponse(401, 'Unauthorized: see <a href="x">', undefined)).toEqual({ kind: 'permanent', reason: 'HTTP 401' });
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
    expect(nextDelayMs({ kind: 'retry', reason: 'HTTP 429', retryAfterMs: 7000 }, 1, DEFAULT_RETRY, () => 0.5)).toBe(7000);
    expect(nextDelayMs({ kind: 'retry', reason: 'HTTP 500' }, 2, DEFAULT_RETRY, () => 0.5)).toBe(500);
  });
});
