// Entry point: `node notifier.mjs [text]`. Exit 0 delivered, 1 not delivered, 2 bad configuration or input; the
// last log line, `"event":"outcome"`, says why with its `reason` (outcome.ts).
import { setTimeout as sleepFor } from 'node:timers/promises';
import { readConfig } from './config';
import { deliver } from './deliver';
import { createLogger, createRedactor } from './log';
import { describeExecution, fanOutSummaries, stepOfCause } from './execution';
import { buildMessage } from './message';
import { EXIT_NOT_DELIVERED, exitCodeOf } from './outcome';

const write = (stream: NodeJS.WriteStream) => (line: string) => {
  stream.write(line);
};

async function main(): Promise<number> {
  const env = process.env;
  // Scrub the secret from everything written, even when the rest of the configuration is bad.
  let secretUrl: URL | undefined;
  try {
    secretUrl = env.SLACK_WEBHOOK_URL !== undefined ? new URL(env.SLACK_WEBHOOK_URL.trim()) : undefined;
  } catch {
    secretUrl = undefined;
  }
  const redact = createRedactor(secretUrl, env.SLACK_WEBHOOK_URL);
  const log = createLogger(redact, write(process.stdout), write(process.stderr));

  // Nothing may print a stack trace that could carry the URL.
  const fatal = (error: unknown): void => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log({ level: 'error', event: 'outcome', delivered: false, reason: 'internal_error', detail: message, exitCode: EXIT_NOT_DELIVERED });
    process.exit(EXIT_NOT_DELIVERED);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);

  const result = readConfig(env, process.argv.slice(2));
  if (!result.ok) {
    const exitCode = exitCodeOf(result.reason);
    log({ level: 'error', event: 'outcome', delivered: false, reason: result.reason, problems: result.problems, exitCode });
    return exitCode;
  }
  const { config } = result;
  let input = config.input;
  // An execution alert carries no cause (too long for container overrides): read it, and the failed step, from
  // the execution itself. Without them the message still goes, with its link to the execution.
  // One set of dependencies for the Step Functions calls below (one of the two runs): one credentials fetch, 5 s.
  const statesDeps = { fetch: globalThis.fetch, env, nowMs: () => Date.now(), signal: AbortSignal.timeout(5_000) };
  if (env.NOTIFY_DESCRIBE_EXECUTION === 'true' && input.executionArn !== undefined && input.status !== 'SUCCEEDED' && input.status !== 'SKIPPED') {
    try {
      const details = await describeExecution(input.executionArn, statesDeps);
      const familyPrefix = `${env.STATE_MACHINE_PREFIX ?? ''}${input.workflowName ?? ''}-`;
      input = { ...input, error: input.error ?? details.error, cause: details.cause, stepName: input.stepName ?? stepOfCause(details.cause, familyPrefix) };
    } catch (error) {
      log({ level: 'warn', event: 'describe_execution_failed', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  // A successful run of a workflow with Distributed fan-outs: how many items failed (tolerated), and where each
  // item's outcome is (NOTIFY_FAN_OUT_RESULTS: `s3://<bucket>/fan-outs`, under which ResultWriter writes to
  // `<workflow>/<step key>/<map run id>/`).
  if (env.NOTIFY_DESCRIBE_EXECUTION === 'true' && input.executionArn !== undefined && input.status === 'SUCCEEDED' && env.NOTIFY_FAN_OUT_RESULTS) {
    const root = `${env.NOTIFY_FAN_OUT_RESULTS.replace(/\/+$/, '')}/${input.workflowName ?? ''}`;
    try {
      const fanOuts = await fanOutSummaries(input.executionArn, statesDeps, input.workflowName ? (step) => `${root}/${step.replace(/-/g, '_')}` : undefined);
      input = { ...input, fanOuts };
    } catch (error) {
      log({ level: 'warn', event: 'fan_out_summary_failed', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  const context = {
    target: config.webhookUrl.origin,
    workflow: input.workflowName,
    step: input.stepName,
    status: input.status,
  };

  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop.abort();
      log({ level: 'warn', event: 'outcome', ...context, delivered: false, reason: 'stopped', detail: `stopped by ${signal}`, exitCode: exitCodeOf('stopped') });
      process.exit(EXIT_NOT_DELIVERED);
    });
  }
  // A last guard for the deadline; the delivery loop already keeps within it.
  const guard = setTimeout(() => {
    stop.abort();
    const detail = `the delivery overran its deadline of ${config.retry.deadlineMs} ms`;
    log({ level: 'error', event: 'outcome', ...context, delivered: false, reason: 'internal_error', detail, exitCode: exitCodeOf('internal_error') });
    process.exit(EXIT_NOT_DELIVERED);
  }, config.retry.deadlineMs + 250);
  guard.unref();

  const outcome = await deliver(
    config.webhookUrl,
    buildMessage(input),
    config.retry,
    {
      fetch: globalThis.fetch,
      now: () => performance.now(),
      sleep: async (ms, signal) => {
        await sleepFor(ms, undefined, { signal });
      },
      timeout: (ms) => AbortSignal.timeout(ms),
      wallClock: () => Date.now(),
      random: Math.random,
      log,
    },
    stop.signal,
  );
  const exitCode = exitCodeOf(outcome.reason);
  log({
    level: outcome.delivered ? 'info' : 'error',
    event: 'outcome',
    ...context,
    delivered: outcome.delivered,
    reason: outcome.reason,
    detail: outcome.detail,
    status: outcome.status,
    slackError: outcome.slackError,
    attempts: outcome.attempts,
    elapsedMs: outcome.elapsedMs,
    deadlineMs: config.retry.deadlineMs,
    exitCode,
  });
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  () => process.exit(EXIT_NOT_DELIVERED),
);
