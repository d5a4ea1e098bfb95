// Builds the Slack message: Block Kit blocks plus a plain `text` fallback, within Slack's limits. A failure's cause
// never goes to the channel as it is: an ECS task's cause is the whole stopped task (its container overrides, the
// step's input among them, and its network interface), so the message carries a summary of it instead.
import type { StepFunctionsStoppedContainer, StepFunctionsStoppedTask } from '../../stacks/aws/ecs-stopped-task';
import type { FanOutSummary, NotificationInput } from './config';

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
  /** A cause shown as text (not a stopped task): enough for an error message, never a dump. */
  causeText: 600,
  /** A stopped reason, or a container's reason. */
  reasonText: 300,
  /** Containers listed from a stopped task. */
  containers: 5,
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

/**
 * Escapes the three characters Slack's mrkdwn gives meaning to: `&`, `<` and `>` become `&amp;`, `&lt;` and `&gt;`,
 * and nothing else is entity-encoded (Slack, "Formatting text for app surfaces", section "Escaping text"). So
 * `<!channel>`, `<@U123>` or `<https://x|y>` in a value stay text: no mention, no link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The backtick's stand-in. Slack has no escape for the backtick (its page names only `&`, `<` and `>`), and three
 * of them end a code block, one an inline code span: values show U+02CB MODIFIER LETTER GRAVE ACCENT instead.
 */
export const BACKTICK_STAND_IN = '\u02CB';

/** A value from outside (input, cause, ARN) made inert for mrkdwn: escaped, and no backtick left to close code. */
export function inertMrkdwn(text: string): string {
  return escapeMrkdwn(text).replace(/`/g, BACKTICK_STAND_IN);
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

/** One container of a stopped task, as the message shows it. */
export interface ContainerSummary {
  readonly name: string;
  readonly exitCode?: number;
  readonly reason?: string;
}

/**
 * What a failure's cause may tell the channel. `stopped-task`: the cause is the stopped ECS task (rule
 * `states.ecs-task-failed`); only these fields are read from it. `withheld`: any other JSON (the cause of
 * `AmazonECS.Unknown`, whose form AWS does not document, among them), or text that opens like JSON and does not
 * parse (a cut one): not shown, since it may hold the step's input. `text`: anything else, shown shortened.
 */
export type CauseSummary =
  | {
      readonly kind: 'stopped-task';
      readonly stopCode?: string;
      readonly stoppedReason?: string;
      /** `family:revision` of the task definition that ran. */
      readonly taskDefinition?: string;
      /** The task's group, `family:<task definition family>` for the steps' tasks. */
      readonly group?: string;
      readonly containers: readonly ContainerSummary[];
    }
  | { readonly kind: 'withheld'; readonly characters: number }
  | { readonly kind: 'text'; readonly text: string };

/** The keys read from a stopped task, as the model names them (stacks/aws/ecs-stopped-task.ts). */
const TASK_KEY = {
  stopCode: 'StopCode',
  stoppedReason: 'StoppedReason',
  containers: 'Containers',
  group: 'Group',
  taskArn: 'TaskArn',
  taskDefinitionArn: 'TaskDefinitionArn',
} as const satisfies Record<string, keyof StepFunctionsStoppedTask>;
const CONTAINER_KEY = { name: 'Name', exitCode: 'ExitCode', reason: 'Reason' } as const satisfies Record<string, keyof StepFunctionsStoppedContainer>;

type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const stringAt = (object: JsonObject, key: string): string | undefined => (typeof object[key] === 'string' && object[key] !== '' ? object[key] : undefined);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function containerSummary(container: JsonObject): ContainerSummary {
  const exitCode = container[CONTAINER_KEY.exitCode];
  const reason = stringAt(container, CONTAINER_KEY.reason);
  return {
    name: stringAt(container, CONTAINER_KEY.name) ?? 'container',
    ...(typeof exitCode === 'number' && Number.isInteger(exitCode) ? { exitCode } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** Reduces a cause to what may be shown. Reads only the fields named here: nothing else of the cause survives. */
export function summarizeCause(cause: string): CauseSummary {
  const trimmed = cause.trim();
  const parsed = parseJson(trimmed);
  if (isObject(parsed)) {
    const isTask = [TASK_KEY.stopCode, TASK_KEY.stoppedReason, TASK_KEY.containers, TASK_KEY.taskArn].some((key) => key in parsed);
    if (isTask) {
      const containers = Array.isArray(parsed[TASK_KEY.containers]) ? (parsed[TASK_KEY.containers] as readonly unknown[]) : [];
      const definition = stringAt(parsed, TASK_KEY.taskDefinitionArn)?.split('/').pop();
      const stopCode = stringAt(parsed, TASK_KEY.stopCode);
      const stoppedReason = stringAt(parsed, TASK_KEY.stoppedReason);
      const group = stringAt(parsed, TASK_KEY.group);
      return {
        kind: 'stopped-task',
        ...(stopCode !== undefined ? { stopCode } : {}),
        ...(stoppedReason !== undefined ? { stoppedReason } : {}),
        ...(definition !== undefined && definition !== '' ? { taskDefinition: definition } : {}),
        ...(group !== undefined ? { group } : {}),
        containers: containers.filter(isObject).map(containerSummary),
      };
    }
    return { kind: 'withheld', characters: Array.from(cause).length };
  }
  if (Array.isArray(parsed) || /^[[{]/.test(trimmed)) return { kind: 'withheld', characters: Array.from(cause).length };
  return { kind: 'text', text: cause };
}

/** How each container ended, e.g. `3`, or `app 137, log-router 0`; undefined when none has an exit code. */
function exitCodes(containers: readonly ContainerSummary[]): string | undefined {
  const exited = containers.filter((container) => container.exitCode !== undefined);
  if (exited.length === 0) return undefined;
  if (containers.length === 1) return String(exited[0].exitCode);
  return exited
    .slice(0, LIMITS.containers)
    .map((container) => `${container.name} ${container.exitCode}`)
    .join(', ');
}

/** The lines of the summary block: why the task stopped and how each container ended. */
function causeLines(summary: CauseSummary): string[] {
  switch (summary.kind) {
    case 'stopped-task': {
      const lines: string[] = [];
      if (summary.stoppedReason !== undefined) lines.push(`Stopped reason: ${truncate(summary.stoppedReason, LIMITS.reasonText)}`);
      for (const container of summary.containers.slice(0, LIMITS.containers)) {
        const exit = container.exitCode !== undefined ? `exit code ${container.exitCode}` : 'no exit code';
        const reason = container.reason !== undefined ? `, ${truncate(container.reason, LIMITS.reasonText)}` : '';
        lines.push(`Container ${container.name}: ${exit}${reason}`);
      }
      if (summary.containers.length > LIMITS.containers) lines.push(`(${summary.containers.length - LIMITS.containers} more containers)`);
      if (summary.taskDefinition !== undefined) lines.push(`Task definition: ${summary.taskDefinition}`);
      return lines;
    }
    case 'withheld':
      return [];
    case 'text':
      return [truncate(summary.text, LIMITS.causeText)];
  }
}

const WITHHELD_NOTE = (characters: number): string =>
  `_Not shown: the cause is JSON that is not a stopped ECS task (${characters} characters) and may hold the step's input. The execution's page shows it._`;

function codeBlock(label: string, body: string): string {
  // Leave room for the label and the fences inside the section limit.
  const room = LIMITS.sectionText - label.length - 8;
  const text = truncate(inertMrkdwn(body), room);
  return `${label}\n\`\`\`${text === '' ? ' ' : text}\`\`\``;
}

/**
 * Builds the message. Every string from the input is made inert (inertMrkdwn) and cut to the limit of where it
 * goes; of the cause, only its summary (summarizeCause) is used.
 */
/** `convert: 3 of 120 items failed (tolerated); each item's outcome in s3://...` */
export function fanOutLine(fanOut: FanOutSummary): string {
  const where = fanOut.resultsLocation !== undefined ? `; each item's outcome in ${fanOut.resultsLocation}` : '';
  return `${fanOut.step}: ${fanOut.failed} of ${fanOut.total} items failed${fanOut.failed > 0 ? ' (tolerated)' : ''}${where}`;
}

export function buildMessage(input: NotificationInput): SlackMessage {
  const status = input.status;
  const emoji = status !== undefined ? (STATUS_EMOJI[status] ?? ':information_source:') : ':information_source:';
  const title = [input.workflowName ?? 'Workflow', status].filter((part) => part !== undefined).join(': ');
  const consoleUrl = input.executionArn !== undefined ? executionConsoleUrl(input.executionArn) : undefined;
  const arnParts = input.executionArn !== undefined ? parseExecutionArn(input.executionArn) : undefined;
  const region = arnParts?.region ?? input.region;
  const cause = input.cause !== undefined ? summarizeCause(input.cause) : undefined;
  const task = cause?.kind === 'stopped-task' ? cause : undefined;
  const exitCode = task !== undefined ? (exitCodes(task.containers) ?? 'none') : undefined;

  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${emoji} ${title}`, LIMITS.headerText), emoji: true } },
  ];
  if (input.text !== undefined) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(inertMrkdwn(input.text), LIMITS.sectionText) } });
  }

  const fields: TextObject[] = [];
  const field = (label: string, value: string | undefined): void => {
    if (value === undefined) return;
    fields.push({ type: 'mrkdwn', text: truncate(`*${label}*\n${inertMrkdwn(value)}`, LIMITS.fieldText) });
  };
  field('Status', status);
  field('Workflow', input.workflowName);
  field('Step', input.stepName);
  field('Region', region);
  if (input.redriveCount !== undefined && input.redriveCount > 0) field('Redrive', `redriven ${input.redriveCount} time${input.redriveCount === 1 ? '' : 's'}`);
  field('Stop code', task?.stopCode);
  field('Exit code', exitCode);
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.slice(0, LIMITS.fields) });

  if (input.executionArn !== undefined) {
    const name = arnParts?.executionName ?? input.executionArn;
    const execution =
      consoleUrl !== undefined
        ? `*Execution* <${consoleUrl}|${inertMrkdwn(name)}>`
        : `*Execution* \`${inertMrkdwn(input.executionArn)}\``;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(execution, LIMITS.sectionText) } });
  }
  if (input.error !== undefined) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: codeBlock('*Error*', input.error) } });
  }
  const fanOutLines = (input.fanOuts ?? []).map(fanOutLine);
  if (fanOutLines.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Fan-outs*\n${fanOutLines.map(inertMrkdwn).join('\n')}`, LIMITS.sectionText) } });
  }
  if (cause !== undefined) {
    const lines = causeLines(cause);
    if (cause.kind === 'withheld') {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Cause*\n${WITHHELD_NOTE(cause.characters)}` } });
    } else if (lines.length > 0) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: codeBlock(cause.kind === 'text' ? '*Cause*' : '*What happened*', lines.join('\n')) } });
    }
  }

  const fallback: string[] = [`${emoji} ${title}`];
  if (input.text !== undefined) fallback.push(input.text);
  if (input.stepName !== undefined) fallback.push(`Step: ${input.stepName}`);
  if (input.redriveCount !== undefined && input.redriveCount > 0) fallback.push(`Redriven: ${input.redriveCount}`);
  if (input.executionArn !== undefined) fallback.push(`Execution: ${consoleUrl ?? input.executionArn}`);
  if (input.error !== undefined) fallback.push(`Error: ${input.error}`);
  fallback.push(...fanOutLines);
  if (task?.stopCode !== undefined) fallback.push(`Stop code: ${task.stopCode}`);
  if (exitCode !== undefined) fallback.push(`Exit code: ${exitCode}`);
  if (cause?.kind === 'withheld') fallback.push('Cause: not shown (JSON that is not a stopped ECS task); see the execution');
  else if (cause !== undefined) fallback.push(...causeLines(cause).map((line) => (cause.kind === 'text' ? `Cause: ${line}` : line)));

  return {
    text: truncate(inertMrkdwn(fallback.join('\n')), LIMITS.fallbackText),
    blocks: blocks.slice(0, LIMITS.blocks),
  };
}
