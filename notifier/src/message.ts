// Builds the Slack message: Block Kit blocks plus a plain `text` fallback, within Slack's limits.
import type { NotificationInput } from './config';

/** Slack's documented limits, and the margins we keep under them. */
export const LIMITS = {
  /** Slack truncates `text` past 40,000 characters; we stay well under. */
  fallbackText: 4_000,
  /** Section block text. */
  sectionText: 3_000,
  /** One section field. */
  fieldText: 2_000,
  /** Header block plain_text. */
  headerText: 150,
  /** Blocks in one message. */
  blocks: 50,
  /** Fields in one section. */
  fields: 10,
} as const;

export interface TextObject {
  readonly type: 'mrkdwn' | 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

export type Block =
  | { readonly type: 'header'; readonly text: TextObject }
  | { readonly type: 'section'; readonly text?: TextObject; readonly fields?: readonly TextObject[] }
  | { readonly type: 'context'; readonly elements: readonly TextObject[] };

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Block[];
}

const STATUS_EMOJI: Readonly<Record<string, string>> = {
  SUCCEEDED: ':white_check_mark:',
  FAILED: ':x:',
  TIMED_OUT: ':hourglass:',
  ABORTED: ':no_entry_sign:',
  SKIPPED: ':fast_forward:',
  STARTED: ':arrow_forward:',
  RUNNING: ':arrow_forward:',
};

const ELLIPSIS = '…';

/** Cuts text to at most `max` characters (code points), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const note = `${ELLIPSIS} (${chars.length - max} more characters cut)`;
  if (max <= note.length) return chars.slice(0, max).join('');
  return chars.slice(0, max - note.length).join('') + note;
}

/** Escapes the three characters Slack's mrkdwn gives meaning to. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Parts of a Step Functions execution ARN. */
export interface ExecutionArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly kind: 'execution' | 'express';
  readonly stateMachineName: string;
  readonly executionName: string;
}

const EXECUTION_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):states:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):(execution|express):([A-Za-z0-9_.-]{1,80}):([A-Za-z0-9_.-]{1,80})(?::[A-Za-z0-9_.-]{1,80})?$/;

export function parseExecutionArn(arn: string): ExecutionArnParts | undefined {
  const match = EXECUTION_ARN.exec(arn);
  if (match === null) return undefined;
  const [, partition, region, accountId, kind, stateMachineName, executionName] = match;
  return {
    partition,
    region,
    accountId,
    kind: kind === 'express' ? 'express' : 'execution',
    stateMachineName,
    executionName,
  };
}

const CONSOLE_HOST: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/**
 * Link to the execution's page in the Step Functions console, or undefined when the ARN is not a standard
 * workflow execution ARN (express executions have no per-ARN page). Region and partition come from the ARN.
 */
export function executionConsoleUrl(arn: string): string | undefined {
  const parts = parseExecutionArn(arn);
  if (parts === undefined || parts.kind !== 'execution') return undefined;
  const host = CONSOLE_HOST[parts.partition];
  return `https://${parts.region}.${host}/states/home?region=${parts.region}#/v2/executions/details/${arn}`;
}

/** An ECS task's failure cause, as Step Functions passes it, is the task description as JSON: that object, if it is one. */
export function ecsTaskOfCause(cause: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cause);
  } catch {
    return undefined;
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/** The lines of an ECS task failure's cause a person needs: why the task stopped and how each container exited. */
export function summarizeEcsCause(cause: string): string | undefined {
  const task = ecsTaskOfCause(cause);
  if (task === undefined) return undefined;
  const lines: string[] = [];
  if (typeof task.StoppedReason === 'string') lines.push(`Stopped: ${task.StoppedReason}`);
  if (typeof task.StopCode === 'string') lines.push(`Stop code: ${task.StopCode}`);
  if (Array.isArray(task.Containers)) {
    for (const container of task.Containers.slice(0, 5)) {
      if (container === null || typeof container !== 'object') continue;
      const c = container as Record<string, unknown>;
      const name = typeof c.Name === 'string' ? c.Name : 'container';
      const exit = typeof c.ExitCode === 'number' ? `exit code ${c.ExitCode}` : 'no exit code';
      const reason = typeof c.Reason === 'string' ? ` (${c.Reason})` : '';
      lines.push(`Container ${name}: ${exit}${reason}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function codeBlock(label: string, body: string): string {
  // Leave room for the label and the fences inside the section limit.
  const room = LIMITS.sectionText - label.length - 8;
  return `${label}\n\`\`\`${truncate(escapeMrkdwn(body), room)}\`\`\``;
}

/** Builds the message. Every string from the input is escaped and cut to the limit of where it goes. */
export function buildMessage(input: NotificationInput): SlackMessage {
  const status = input.status;
  const emoji = status !== undefined ? (STATUS_EMOJI[status] ?? ':information_source:') : ':information_source:';
  const title = [input.workflowName ?? 'Workflow', status].filter((part) => part !== undefined).join(': ');
  const consoleUrl = input.executionArn !== undefined ? executionConsoleUrl(input.executionArn) : undefined;
  const arnParts = input.executionArn !== undefined ? parseExecutionArn(input.executionArn) : undefined;
  const region = arnParts?.region ?? input.region;

  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${emoji} ${title}`, LIMITS.headerText), emoji: true } },
  ];
  if (input.text !== undefined) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(input.text), LIMITS.sectionText) } });
  }

  const fields: TextObject[] = [];
  const field = (label: string, value: string | undefined): void => {
    if (value === undefined) return;
    fields.push({ type: 'mrkdwn', text: truncate(`*${label}*\n${escapeMrkdwn(value)}`, LIMITS.fieldText) });
  };
  field('Status', status);
  field('Workflow', input.workflowName);
  field('Step', input.stepName);
  field('Region', region);
  if (input.redriveCount !== undefined && input.redriveCount > 0) field('Redrive', `redriven ${input.redriveCount} time${input.redriveCount === 1 ? '' : 's'}`);
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.slice(0, LIMITS.fields) });

  if (input.executionArn !== undefined) {
    const name = arnParts?.executionName ?? input.executionArn;
    const execution =
      consoleUrl !== undefined
        ? `*Execution* <${consoleUrl}|${escapeMrkdwn(name)}>`
        : `*Execution* \`${escapeMrkdwn(input.executionArn)}\``;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(execution, LIMITS.sectionText) } });
  }
  if (input.error !== undefined) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: codeBlock('*Error*', input.error) } });
  }
  if (input.cause !== undefined) {
    const summary = summarizeEcsCause(input.cause);
    if (summary !== undefined) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: codeBlock('*What happened*', summary) } });
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: codeBlock('*Cause*', input.cause) } });
  }

  const fallback: string[] = [`${emoji} ${title}`];
  if (input.text !== undefined) fallback.push(input.text);
  if (input.stepName !== undefined) fallback.push(`Step: ${input.stepName}`);
  if (input.redriveCount !== undefined && input.redriveCount > 0) fallback.push(`Redriven: ${input.redriveCount}`);
  if (input.executionArn !== undefined) fallback.push(`Execution: ${consoleUrl ?? input.executionArn}`);
  if (input.error !== undefined) fallback.push(`Error: ${input.error}`);
  if (input.cause !== undefined) fallback.push(`Cause: ${input.cause}`);

  return {
    text: truncate(escapeMrkdwn(fallback.join('\n')), LIMITS.fallbackText),
    blocks: blocks.slice(0, LIMITS.blocks),
  };
}
