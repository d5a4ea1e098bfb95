/**
 * IAM policy documents as they appear in plan attributes (JSON strings), read loosely: Action, NotAction
 * and Resource may be a string or a list, Sid may be missing.
 */
import { code } from './flag';
import { isRecord } from './model';

export interface Statement {
  /** Sid, or `#<index>` when the statement has none. */
  readonly id: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly condition: unknown;
}

/** The statements of a policy JSON string; undefined when it is not one. */
export function statementsOf(text: string): Statement[] | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(document)) return undefined;
  const raw = Array.isArray(document.Statement) ? document.Statement : isRecord(document.Statement) ? [document.Statement] : undefined;
  if (!raw) return undefined;
  return raw.filter(isRecord).map((statement, index) => ({
    id: typeof statement.Sid === 'string' && statement.Sid ? statement.Sid : `#${index}`,
    effect: String(statement.Effect ?? 'Allow'),
    actions: list(statement.Action),
    notActions: list(statement.NotAction),
    resources: list(statement.Resource),
    condition: statement.Condition,
  }));
}

function list(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

/** Whether an Allow statement grants `action` (through Action, or through a NotAction that leaves it out). */
export function grants(statement: Statement, action: string): boolean {
  if (statement.effect !== 'Allow') return false;
  if (statement.actions.length > 0) return statement.actions.some((pattern) => actionMatches(pattern, action));
  if (statement.notActions.length > 0) return !statement.notActions.some((pattern) => actionMatches(pattern, action));
  return false;
}

/** Statements added, removed and changed between two policies, matched by Sid (or position). */
export function compareStatements(before: readonly Statement[], after: readonly Statement[]): string[] {
  const lines: string[] = [];
  const beforeById = new Map(before.map((statement) => [statement.id, statement]));
  const afterById = new Map(after.map((statement) => [statement.id, statement]));
  for (const statement of after) {
    const old = beforeById.get(statement.id);
    if (!old) {
      lines.push(`statement ${code(statement.id)} added: ${describe(statement)}`);
      continue;
    }
    const parts = [
      difference('actions', old.actions, statement.actions),
      difference('not-actions', old.notActions, statement.notActions),
      difference('resources', old.resources, statement.resources),
      old.effect !== statement.effect ? `effect ${old.effect} -> ${statement.effect}` : '',
      JSON.stringify(old.condition ?? null) !== JSON.stringify(statement.condition ?? null) ? 'condition changed' : '',
    ].filter(Boolean);
    if (parts.length > 0) lines.push(`statement ${code(statement.id)}: ${parts.join('; ')}`);
  }
  for (const statement of before) {
    if (!afterById.has(statement.id)) lines.push(`statement ${code(statement.id)} removed: ${describe(statement)}`);
  }
  return lines;
}

function describe(statement: Statement): string {
  const actions = statement.actions.length > 0 ? statement.actions.map(code).join(', ') : `everything but ${statement.notActions.map(code).join(', ')}`;
  return `${statement.effect} ${actions} on ${statement.resources.map(code).join(', ') || '(no resource)'}`;
}

function difference(what: string, before: readonly string[], after: readonly string[]): string {
  const added = after.filter((item) => !before.includes(item));
  const removed = before.filter((item) => !after.includes(item));
  const parts = [...added.map((item) => `+${code(item)}`), ...removed.map((item) => `-${code(item)}`)];
  return parts.length > 0 ? `${what} ${parts.join(' ')}` : '';
}
