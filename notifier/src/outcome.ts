// Why a run ended. Every run writes one `outcome` log line whose `reason` is one of these codes; the exit code
// follows from the reason and keeps the notifier's contract: 0 delivered, 1 not delivered, 2 bad input (nothing
// sent). The README's notifier section lists the same table, and a test keeps the two equal.

export const EXIT_DELIVERED = 0;
export const EXIT_NOT_DELIVERED = 1;
export const EXIT_BAD_INPUT = 2;

export type ExitCode = typeof EXIT_DELIVERED | typeof EXIT_NOT_DELIVERED | typeof EXIT_BAD_INPUT;

export interface ReasonDefinition {
  readonly exitCode: ExitCode;
  /** Whether the notifier tries again, until the deadline, before giving up for this reason. */
  readonly retried: boolean;
}

/** Every reason; what each means and what to do about it is in the README's table. */
export const REASONS = {
  /** Slack answered 200. */
  delivered: { exitCode: EXIT_DELIVERED, retried: false },
  /** SLACK_WEBHOOK_URL is missing or blank: the webhook secret was never filled in. */
  webhook_secret_empty: { exitCode: EXIT_BAD_INPUT, retried: false },
  /** SLACK_WEBHOOK_URL is not a Slack incoming webhook URL. */
  webhook_not_slack: { exitCode: EXIT_BAD_INPUT, retried: false },
  /** Another setting, or the input, is invalid. */
  bad_input: { exitCode: EXIT_BAD_INPUT, retried: false },
  /** Slack says the webhook, its channel or its workspace no longer takes posts (retry.ts). */
  webhook_revoked: { exitCode: EXIT_NOT_DELIVERED, retried: false },
  /** Slack refused the message itself (400). */
  message_rejected: { exitCode: EXIT_NOT_DELIVERED, retried: false },
  /** Any other answer not worth repeating (a redirect, 401, 405, ...). */
  unexpected_response: { exitCode: EXIT_NOT_DELIVERED, retried: false },
  /** 429 until the deadline, or a Retry-After past it. */
  rate_limited: { exitCode: EXIT_NOT_DELIVERED, retried: true },
  /** 5xx, 408, connection errors and time-outs until the deadline. */
  slack_unavailable: { exitCode: EXIT_NOT_DELIVERED, retried: true },
  /** SIGTERM or SIGINT. */
  stopped: { exitCode: EXIT_NOT_DELIVERED, retried: false },
  /** The notifier itself failed. */
  internal_error: { exitCode: EXIT_NOT_DELIVERED, retried: false },
} as const satisfies Readonly<Record<string, ReasonDefinition>>;

export type Reason = keyof typeof REASONS;

/** The reasons a run ends without a delivery. */
export type FailureReason = Exclude<Reason, 'delivered'>;

/** The reasons the configuration is refused for, before anything is sent. */
export type ConfigReason = 'webhook_secret_empty' | 'webhook_not_slack' | 'bad_input';

export function exitCodeOf(reason: Reason): ExitCode {
  return REASONS[reason].exitCode;
}
