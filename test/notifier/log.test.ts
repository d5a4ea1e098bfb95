import { createLogger, createRedactor } from '../../notifier/src/log';

const url = new URL('https://hooks.slack.com/services/T0001/B0001/abcDEF123?x=1');

describe('createRedactor', () => {
  const redact = createRedactor(url);

  it('removes the URL, its path, query and their escaped forms, and keeps the origin', () => {
    const text = [
      url.href,
      '/services/T0001/B0001/abcDEF123',
      JSON.stringify({ u: url.href }),
      'connect to https://hooks.slack.com failed',
    ].join(' | ');
    const out = redact(text);
    expect(out).not.toContain('abcDEF123');
    expect(out).not.toContain('T0001/B0001');
    expect(out).toContain('https://hooks.slack.com failed');
    expect(out).toContain('[redacted]');
  });

  it('removes a percent-decoded path too', () => {
    const spaced = createRedactor(new URL('http://127.0.0.1/hook/a%20b/secret'));
    expect(spaced('/hook/a b/secret and /hook/a%20b/secret')).toBe('[redacted] and [redacted]');
  });

  it('removes a secret given as it was, even when it is not a URL', () => {
    const redact = createRedactor(undefined, '  not-a-url-s3cr3t-value \n');
    expect(redact('value was not-a-url-s3cr3t-value, and "not-a-url-s3cr3t-value"')).toBe('value was [redacted], and "[redacted]"');
    expect(createRedactor(undefined, 'short')('a short word')).toBe('a short word');
  });

  it('leaves text alone without a URL, and does not redact a bare "/" path', () => {
    expect(createRedactor(undefined)('/services/x')).toBe('/services/x');
    expect(createRedactor(new URL('http://localhost/'))('a/b')).toBe('a/b');
  });
});

describe('createLogger', () => {
  it('writes one redacted JSON line per record; errors to the error sink', () => {
    const out: string[] = [];
    const err: string[] = [];
    const log = createLogger(createRedactor(url), (l) => out.push(l), (l) => err.push(l), () => new Date(0));
    log({ level: 'info', event: 'attempt', detail: `posting to ${url.href}` });
    log({ level: 'error', event: 'outcome', delivered: false });

    expect(out).toEqual([`{"time":"1970-01-01T00:00:00.000Z","level":"info","event":"attempt","detail":"posting to [redacted]"}\n`]);
    expect(err).toHaveLength(1);
    expect(JSON.parse(err[0])).toEqual({ time: '1970-01-01T00:00:00.000Z', level: 'error', event: 'outcome', delivered: false });
  });
});
