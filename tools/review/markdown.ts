/**
 * The review summary as GitHub-flavoured Markdown: headline counts, a caution block for destroys and
 * replacements, the flags grouped by kind, the table of changes, then definition diffs in collapsed blocks.
 * Long tables and diffs are cut so that a comment stays within GitHub's size limit.
 */
import { code, type Flag, type FlagKind } from './flag';
import type { ReviewAction } from './model';
import type { PlanSummary } from './summary';

export interface MarkdownOptions {
  /** Heading, e.g. the stack name. @default "Terraform plan" */
  readonly title?: string;
  /** Rows of the table of changes before it is cut. @default 150 */
  readonly maxTableRows?: number;
  /** Lines of one definition diff before it is cut. @default 200 */
  readonly maxDiffLines?: number;
}

const SECTIONS: readonly { kind: FlagKind; heading: string }[] = [
  { kind: 'destroy', heading: ':boom: Destroyed' },
  { kind: 'replace', heading: ':recycle: Replaced (destroyed and created again)' },
  { kind: 'passrole', heading: ':key: iam:PassRole' },
  { kind: 'iam', heading: ':lock: IAM roles and policies' },
  { kind: 'ecs-exec', heading: ':computer: ECS Exec (shells into tasks)' },
  { kind: 'security-group', heading: ':shield: Security groups' },
  { kind: 'state-machine', heading: ':twisted_rightwards_arrows: State machines' },
  { kind: 'image', heading: ':package: Images' },
];

const ACTION_LABELS: Record<ReviewAction, string> = {
  create: 'create',
  update: 'update',
  replace: '**replace**',
  delete: '**destroy**',
  forget: 'forget',
  'no-op': 'no-op',
  read: 'read',
};

export function headline(summary: PlanSummary): string {
  const { create, update, replace, destroy, forget } = summary.counts;
  const parts = [`${create} to create`, `${update} to update`, `${replace} to replace`, `${destroy} to destroy`];
  if (forget > 0) parts.push(`${forget} to forget`);
  return `**Plan:** ${parts.join(', ')}`;
}

export function renderMarkdown(summary: PlanSummary, options: MarkdownOptions = {}): string {
  const title = options.title ?? 'Terraform plan';
  const maxRows = options.maxTableRows ?? 150;
  const maxDiffLines = options.maxDiffLines ?? 200;
  const lines: string[] = [`### ${title}`, '', `${headline(summary)}${summary.terraformVersion ? ` (Terraform ${summary.terraformVersion})` : ''}`, ''];

  if (summary.errored) lines.push('> [!WARNING]', '> The plan **errored**: this summary is incomplete. Read the plan log.', '');
  const { destroy, replace } = summary.counts;
  if (destroy > 0 || replace > 0) {
    const what = [destroy > 0 ? `${destroy} resource${destroy === 1 ? '' : 's'} destroyed` : '', replace > 0 ? `${replace} replaced` : ''].filter(Boolean).join(' and ');
    lines.push('> [!CAUTION]', `> **${what}.** Data in destroyed resources is lost and replaced resources get new IDs: check each one below.`, '');
  }
  if (summary.changes.length === 0) {
    lines.push('No changes. The infrastructure matches the configuration.');
    return `${lines.join('\n')}\n`;
  }

  for (const section of SECTIONS) {
    const flags = summary.flags.filter((flag) => flag.kind === section.kind);
    if (flags.length === 0) continue;
    lines.push(`#### ${section.heading} (${flags.length})`, '');
    for (const flag of flags) lines.push(...flagLines(flag));
    lines.push('');
  }

  lines.push('#### All changes', '', '| Action | Type | Address |', '| --- | --- | --- |');
  for (const change of summary.changes.slice(0, maxRows)) lines.push(`| ${ACTION_LABELS[change.action]} | ${code(change.type)} | ${code(change.address)} |`);
  if (summary.changes.length > maxRows) lines.push(`| ... | | ${summary.changes.length - maxRows} more changes not shown |`);
  lines.push('');

  for (const flag of summary.flags.filter((candidate) => candidate.diff)) {
    const diffLines = (flag.diff ?? '').split('\n');
    const shown = diffLines.slice(0, maxDiffLines);
    if (diffLines.length > maxDiffLines) shown.push(`... ${diffLines.length - maxDiffLines} more lines`);
    lines.push(`<details><summary>Definition diff of ${code(flag.address)}</summary>`, '', '```diff', ...shown, '```', '', '</details>', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function flagLines(flag: Flag): string[] {
  return [`- ${flag.title}`, ...flag.details.map((detail) => `  - ${detail}`)];
}
