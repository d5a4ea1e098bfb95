// Why a run ended. Every run writes one `outcome` log line whose `reason` is one of these codes; the exit code
// follows from the reason and keeps the notifier's contract: 0 delivered, 1 not delivered, 2 bad input (nothing
// sent). The README's notifier section lists the same table, and a test keeps the two equal.

export const EXIT_DELIVERED = 0;
export const EXIT_NOT_DELIVERED = 1;
export const EXIT_BAD_INPUT = 2;

export type ExitCode = typeof EXIT_DELIVERED | typeof EXIT_NOT_DELIVERED | typeof EXIT_BAD_INPUT;

export interface ReasonDefinition {
  readonly exitCode: ExitCode;
  /** Whether the notifier tried again before giving up for this reason. */
  readonly retried: boolean;
  /** What it means, and what to do: one sentence for the README and for whoever reads the alarm. */
  readonly meaning: string;
}

export const REASONS = {
  delivered: { exitCode: EXIT_DELIVERED, retried: false, meaning: 'Slack answered 200.' },
  webhook_secret_empty: {
    exitCode: EXIT_BAD_INPUT,
    retried: false,
    meaning: 'SLACK_WEBHOOK_URL is missing or blank: put the incoming webhook URL into the webhook secret.',
  },
  webhook_not_slack: {
    exitCode: EXIT_BAD_INPUT,
    retried: false,
    meaning: 'SLACK_WEBHOOK_URL is not a Slack incoming webhook URL (https://hooks.slack.com/services/...): fix the secret value.',
  },
  bad_input: {
    exitCode: EXIT_BAD_INPUT,
    retried: false,
    meaning: 'another setting or the input is invalid (nothing to say, a retry setting out of range): the log line lists each problem.',
  },
  webhook_revoked: {
    exitCode: EXIT_NOT_DELIVERED,
    retried: false,
    meaning:
      'Slack answered 403, 404 or 410 (no_service, no_team, invalid_token, team_disabled, channel_not_found, channel_is_archived, action_prohibited, ...): the webhook, its channel or its workspace no longer takes posts; make a new webhook and put its URL into the secret.',
  },
  message_rejected: {
    exitCode: EXIT_NOT_DELIVERED,
    retried: false,
    meaning: 'Slack answered 400 (invalid_payload, too_many_attachments, ...): the message itself was refused; a notifier bug, not an outage.',
  },
  unexpected_response: {
    exitCode: EXIT_NOT_DELIVERED,
    retried: false,
    meaning: 'any other answer that is not worth repeating (a redirect, 401, 405, 413, ...): `status` says which; often a proxy between the task and Slack.',
  },
  rate_limited: {
    exitCode: EXIT_NOT_DELIVERED,
    retried: true,
    meaning: 'Slack answered 429 until the deadline, or its Retry-After asked for a wait past the deadline.',
  },
  slack_unavailable: {
    exitCode: EXIT_NOT_DELIVERED,
    retried: true,
    meaning: 'Slack answered 5xx or 408, or could not be reached (connection errors, DNS, time-outs), until the deadline: a Slack incident, or no route from the task to Slack.',
  },
  stopped: { exitCode: EXIT_NOT_DELIVERED, retried: false, meaning: 'SIGTERM or SIGINT ended the run (the task was stopped).' },
  internal_error: { exitCode: EXIT_NOT_DELIVERED, retried: false, meaning: 'the notifier itself failed: `detail` says how.' },
} as const satisfies Readonly<Record<string, ReasonDefinition>>;

export type Reason = keyof typeof REASONS;

/** The reasons a run ends without a delivery. */
export type FailureReason = Exclude<Reason, 'delivered'>;

/** The reasons the configuration is refused for, before anything is sent. */
export type ConfigReason = 'webhook_secret_empty' | 'webhook_not_slack' | 'bad_input';

export function exitCodeOf(reason: Reason): ExitCode {
  return REASONS[reason].exitCode;
}
