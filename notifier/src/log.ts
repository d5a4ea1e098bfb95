// One JSON object per line, CloudWatch-friendly, with the webhook URL's secret part scrubbed from every line.

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogRecord {
  readonly level: LogLevel;
  readonly event: string;
  readonly [field: string]: unknown;
}

export type Logger = (record: LogRecord) => void;

const REDACTED = '[redacted]';

/**
 * A function that removes every form of the URL's path and query (the secret of an incoming webhook) from a
 * string: the full URL, the path with and without the query, and their JSON-escaped and percent-decoded forms.
 * The origin (scheme, host, port) is not secret and stays. `raw`, the value as given, is removed too: a value that
 * is not a URL may still be a secret.
 */
export function createRedactor(url: URL | undefined, raw?: string): (text: string) => string {
  const secrets = new Set<string>();
  const add = (value: string): void => {
    if (value.length <= 1) return;
    secrets.add(value);
    secrets.add(JSON.stringify(value).slice(1, -1));
    try {
      secrets.add(decodeURIComponent(value));
    } catch {
      // not decodable: the raw form is enough
    }
  };
  // A value shorter than this is not a secret worth the name, and removing it would mangle ordinary words.
  const trimmed = raw?.trim() ?? '';
  if (trimmed.length >= 8) add(trimmed);
  if (url !== undefined) {
    add(url.href);
    add(url.pathname + url.search);
    add(url.pathname);
    if (url.search.length > 1) add(url.search);
  }
  if (secrets.size === 0) return (text) => text;
  // Longest first, so a full URL is replaced as a whole before its path is.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
}

/** A logger writing to the given sinks; errors go to `err`, the rest to `out`. */
export function createLogger(
  redact: (text: string) => string,
  out: (line: string) => void,
  err: (line: string) => void,
  now: () => Date = () => new Date(),
): Logger {
  return (record) => {
    const line = redact(JSON.stringify({ time: now().toISOString(), ...record }));
    (record.level === 'error' ? err : out)(`${line}\n`);
  };
}
