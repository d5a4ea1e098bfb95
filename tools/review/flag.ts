/**
 * A flag is what a reviewer must not miss in a plan. Each kind is found by one rule in `rules/`: a pure
 * function of one resource change.
 */
import type { ResourceChange } from './model';

export type FlagKind = 'destroy' | 'replace' | 'passrole' | 'iam' | 'ecs-exec' | 'security-group' | 'state-machine' | 'image';

export interface Flag {
  readonly kind: FlagKind;
  readonly address: string;
  /** One line, Markdown. */
  readonly title: string;
  /** Further lines, Markdown. */
  readonly details: readonly string[];
  /** A unified diff (state machine definitions), shown in a collapsed block. */
  readonly diff?: string;
}

export interface ReviewRule {
  readonly kind: FlagKind;
  /** Flags of one change; none when the rule does not apply. */
  check(change: ResourceChange): Flag[];
}

/** `value` in backticks, safe inside a Markdown table cell or list item. */
export function code(value: string): string {
  const text = value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}
