// Reads and validates everything the notifier takes from its environment and command line.
// Pure: no I/O, so every rule is unit-tested without a process.
import type { ConfigReason } from './outcome';

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
  /** The execution's Distributed fan-outs: how many items failed (tolerated), and where each item's outcome is written. */
  readonly fanOuts?: readonly FanOutSummary[];
}

/** One Map Run of a Distributed fan-out, as DescribeMapRun counts its items. */
export interface FanOutSummary {
  /** The Map state's name (the step). */
  readonly step: string;
  readonly failed: number;
  readonly total: number;
  /** `s3://<bucket>/<prefix>/<map run id>/`, where ResultWriter wrote each item's outcome. @default - unknown */
  readonly resultsLocation?: string;
}

/** How hard delivery tries. All durations in milliseconds. */
export interface RetrySettings {
  /** A guard against a hot loop; the deadline, not this, normally ends the tries. */
  readonly maxAttempts: number;
  /** One request, from sending it to reading the answer. */
  readonly attemptTimeoutMs: number;
  /** The whole delivery: no attempt runs, and no wait lasts, past it. */
  readonly deadlineMs: number;
  /** The first backoff's ceiling; it doubles per failed attempt up to `backoffMaxMs` (full jitter below it). */
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
  | { readonly ok: false; readonly reason: ConfigReason; readonly problems: readonly string[] };

/**
 * Long enough to ride out a Slack incident: 15 minutes of tries, waits of up to a minute between them. With full
 * jitter a wait averages half its ceiling, so about 30 attempts fit the deadline; 100 is only a guard.
 */
export const DEFAULT_RETRY: RetrySettings = {
  maxAttempts: 100,
  attemptTimeoutMs: 5_000,
  deadlineMs: 15 * 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
};

interface IntegerKnob {
  readonly name: string;
  readonly key: keyof RetrySettings;
  readonly min: number;
  readonly max: number;
}

const INTEGER_KNOBS: readonly IntegerKnob[] = [
  { name: 'NOTIFY_MAX_ATTEMPTS', key: 'maxAttempts', min: 1, max: 1_000 },
  { name: 'NOTIFY_ATTEMPT_TIMEOUT_MS', key: 'attemptTimeoutMs', min: 1, max: 120_000 },
  { name: 'NOTIFY_DEADLINE_MS', key: 'deadlineMs', min: 1, max: 3_600_000 },
  { name: 'NOTIFY_BACKOFF_BASE_MS', key: 'backoffBaseMs', min: 0, max: 60_000 },
  { name: 'NOTIFY_BACKOFF_MAX_MS', key: 'backoffMaxMs', min: 0, max: 300_000 },
];

/** Hosts to which plain http:// (and any path) is allowed, for local tests only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Slack's incoming webhook hosts: hooks.slack.com, and hooks.slack-gov.com for GovSlack ("Sending messages using
 * incoming webhooks": "make your API calls to the `slack-gov.com` domain instead of the `slack.com` domain").
 */
const SLACK_WEBHOOK_HOSTS = new Set(['hooks.slack.com', 'hooks.slack-gov.com']);

/** An incoming webhook's path: /services/<workspace>/<service>/<secret> (https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX). */
const SLACK_WEBHOOK_PATH = /^\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/;

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.trim() === '' ? undefined : value;
}

/** Why a webhook URL is refused. `problem` never quotes the URL: its path is the secret. */
export interface WebhookProblem {
  readonly reason: Extract<ConfigReason, 'webhook_secret_empty' | 'webhook_not_slack'>;
  readonly problem: string;
}

/**
 * Validates the webhook URL: an incoming webhook on Slack's hosts over https, or any URL on a loopback host (tests).
 * Returns the URL or why it is refused.
 */
export function parseWebhookUrl(raw: string | undefined): URL | WebhookProblem {
  const notSlack = (problem: string): WebhookProblem => ({ reason: 'webhook_not_slack', problem });
  const value = nonEmpty(raw);
  if (value === undefined) {
    return {
      reason: 'webhook_secret_empty',
      problem: 'SLACK_WEBHOOK_URL is missing or blank: put the incoming webhook URL (https://hooks.slack.com/services/...) into the webhook secret',
    };
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return notSlack('SLACK_WEBHOOK_URL is not a valid absolute URL (value not shown: it is a secret)');
  }
  if (url.username !== '' || url.password !== '') {
    return notSlack('SLACK_WEBHOOK_URL must not carry credentials before the host');
  }
  if (LOOPBACK_HOSTS.has(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:')) return url;
  if (url.protocol !== 'https:') {
    const scheme = url.protocol.replace(/:$/, '');
    return notSlack(
      scheme === 'http'
        ? `SLACK_WEBHOOK_URL must use https:// (http:// is allowed only to 127.0.0.1 or localhost; host was ${url.hostname})`
        : `SLACK_WEBHOOK_URL must use https:// (scheme was ${scheme})`,
    );
  }
  if (!SLACK_WEBHOOK_HOSTS.has(url.hostname) || url.port !== '') {
    return notSlack(`SLACK_WEBHOOK_URL must be a Slack incoming webhook on ${[...SLACK_WEBHOOK_HOSTS].join(' or ')} (host was ${url.host})`);
  }
  if (!SLACK_WEBHOOK_PATH.test(url.pathname) || url.search !== '' || url.hash !== '') {
    return notSlack(`SLACK_WEBHOOK_URL must be an incoming webhook URL, https://${url.hostname}/services/<workspace>/<service>/<secret> (path not shown: it is a secret)`);
  }
  return url;
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
  if (!(url instanceof URL)) problems.push(url.problem);

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

  if (!(url instanceof URL)) return { ok: false, reason: url.reason, problems };
  if (problems.length > 0) return { ok: false, reason: 'bad_input', problems };
  return { ok: true, config: { webhookUrl: url, input, retry } };
}
