// Reads and validates everything the notifier takes from its environment and command line.
// Pure: no I/O, so every rule is unit-tested without a process.

/** What the message says, as given by the state machine's container overrides. */
export interface NotificationInput {
  readonly text?: string;
  readonly status?: string;
  readonly workflowName?: string;
  readonly executionArn?: string;
  readonly stepName?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly region?: string;
  /** How many times the execution was redriven (the status change event's redriveCount). */
  readonly redriveCount?: number;
}

/** How hard delivery tries. All durations in milliseconds. */
export interface RetrySettings {
  readonly maxAttempts: number;
  readonly attemptTimeoutMs: number;
  readonly deadlineMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export interface NotifierConfig {
  readonly webhookUrl: URL;
  readonly input: NotificationInput;
  readonly retry: RetrySettings;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: NotifierConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

export const DEFAULT_RETRY: RetrySettings = {
  maxAttempts: 5,
  attemptTimeoutMs: 5_000,
  deadlineMs: 60_000,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
};

interface IntegerKnob {
  readonly name: string;
  readonly key: keyof RetrySettings;
  readonly min: number;
  readonly max: number;
}

const INTEGER_KNOBS: readonly IntegerKnob[] = [
  { name: 'NOTIFY_MAX_ATTEMPTS', key: 'maxAttempts', min: 1, max: 20 },
  { name: 'NOTIFY_ATTEMPT_TIMEOUT_MS', key: 'attemptTimeoutMs', min: 1, max: 120_000 },
  { name: 'NOTIFY_DEADLINE_MS', key: 'deadlineMs', min: 1, max: 900_000 },
  { name: 'NOTIFY_BACKOFF_BASE_MS', key: 'backoffBaseMs', min: 0, max: 60_000 },
  { name: 'NOTIFY_BACKOFF_MAX_MS', key: 'backoffMaxMs', min: 0, max: 300_000 },
];

/** Hosts to which plain http:// is allowed, for local tests only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.trim() === '' ? undefined : value;
}

/**
 * Validates the webhook URL. Problems never quote the URL: its path is the secret.
 * Returns the URL or a problem sentence.
 */
export function parseWebhookUrl(raw: string | undefined): URL | string {
  const value = nonEmpty(raw);
  if (value === undefined) {
    return 'SLACK_WEBHOOK_URL is missing: set it to the incoming webhook URL (https://hooks.slack.com/services/...)';
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'SLACK_WEBHOOK_URL is not a valid absolute URL (value not shown: it is a secret)';
  }
  if (url.username !== '' || url.password !== '') {
    return 'SLACK_WEBHOOK_URL must not carry credentials before the host';
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return url;
  if (url.protocol === 'http:') {
    return `SLACK_WEBHOOK_URL must use https:// (http:// is allowed only to 127.0.0.1 or localhost; host was ${url.hostname})`;
  }
  return `SLACK_WEBHOOK_URL must use https:// (scheme was ${url.protocol.replace(/:$/, '')})`;
}

function parseInteger(env: Env, knob: IntegerKnob, problems: string[]): number {
  const raw = nonEmpty(env[knob.name]);
  if (raw === undefined) return DEFAULT_RETRY[knob.key];
  const trimmed = raw.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < knob.min || value > knob.max) {
    problems.push(
      `${knob.name} must be a whole number from ${knob.min} to ${knob.max} (got ${JSON.stringify(trimmed.slice(0, 40))})`,
    );
    return DEFAULT_RETRY[knob.key];
  }
  return value;
}

/** A value an input transformer filled in, unless the event had none. */
function present(value: string | undefined): string | undefined {
  const text = nonEmpty(value);
  return text === undefined || text.trim() === 'null' ? undefined : text;
}

/** A whole number of at least 0, or undefined for anything else. */
function count(value: string | undefined): number | undefined {
  const text = present(value)?.trim();
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** The workflow an execution belongs to: its state machine's name after the environment prefix. */
export function workflowOf(executionArn: string | undefined, stateMachinePrefix: string | undefined): string | undefined {
  if (executionArn === undefined || stateMachinePrefix === undefined) return undefined;
  const stateMachine = executionArn.split(':')[6];
  if (stateMachine === undefined || !stateMachine.startsWith(stateMachinePrefix) || stateMachine.length === stateMachinePrefix.length) return undefined;
  return stateMachine.slice(stateMachinePrefix.length);
}

/** Reads the configuration; collects every problem rather than stopping at the first. */
export function readConfig(env: Env, argv: readonly string[]): ConfigResult {
  const problems: string[] = [];
  const url = parseWebhookUrl(env.SLACK_WEBHOOK_URL);
  if (typeof url === 'string') problems.push(url);

  const values = {} as Record<keyof RetrySettings, number>;
  for (const knob of INTEGER_KNOBS) values[knob.key] = parseInteger(env, knob, problems);
  const retry: RetrySettings = values;
  if (retry.backoffMaxMs < retry.backoffBaseMs) {
    problems.push(
      `NOTIFY_BACKOFF_MAX_MS (${retry.backoffMaxMs}) must not be below NOTIFY_BACKOFF_BASE_MS (${retry.backoffBaseMs})`,
    );
  }

  const executionArn = nonEmpty(env.EXECUTION_ARN)?.trim();
  const input: NotificationInput = {
    text: nonEmpty(argv[0]) ?? nonEmpty(env.NOTIFY_TEXT),
    status: nonEmpty(env.NOTIFY_STATUS)?.trim().toUpperCase(),
    workflowName: nonEmpty(env.WORKFLOW_NAME)?.trim() ?? workflowOf(executionArn, nonEmpty(env.STATE_MACHINE_PREFIX)?.trim()),
    executionArn,
    stepName: nonEmpty(env.STEP_NAME)?.trim(),
    // An EventBridge input transformer gives a missing or null field as "" or "null".
    error: present(env.ERROR),
    redriveCount: count(env.REDRIVE_COUNT),
    cause: nonEmpty(env.CAUSE),
    region: nonEmpty(env.AWS_REGION)?.trim(),
  };
  if (input.text === undefined && input.status === undefined && input.error === undefined && input.cause === undefined) {
    problems.push('nothing to say: give NOTIFY_TEXT (or a first argument), NOTIFY_STATUS, ERROR or CAUSE');
  }
  if (argv.length > 1) {
    problems.push(`expected at most one argument (the text), got ${argv.length}`);
  }

  if (problems.length > 0 || typeof url === 'string') return { ok: false, problems };
  return { ok: true, config: { webhookUrl: url, input, retry } };
}
