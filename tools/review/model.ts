/**
 * The review's view of a plan: one {@link ResourceChange} per managed resource, with Terraform's action
 * lists folded into one action, and helpers to read attribute values without ever printing a sensitive one.
 */
import type { AttributePath, ResourceChangeJson } from './plan-json';

/** Terraform's action list folded into one word; `replace` is a delete and a create of the same address. */
export type ReviewAction = 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'no-op' | 'read';

export type Attributes = Readonly<Record<string, unknown>>;

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly action: ReviewAction;
  /** For a replacement: the new object is created before the old one is destroyed. */
  readonly createBeforeDestroy: boolean;
  /** Terraform's reason, e.g. `replace_because_cannot_update`, `delete_because_no_resource_config`. */
  readonly reason?: string;
  /** Attributes whose change forces the replacement, as `a.b[0].c`. */
  readonly replacePaths: readonly string[];
  readonly before: Attributes | undefined;
  readonly after: Attributes | undefined;
  readonly afterUnknown: unknown;
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
}

export function foldActions(actions: readonly string[]): ReviewAction {
  const has = (action: string) => actions.includes(action);
  if (has('delete') && has('create')) return 'replace';
  if (has('create')) return 'create';
  if (has('delete')) return 'delete';
  if (has('update')) return 'update';
  if (has('forget')) return 'forget';
  if (has('read')) return 'read';
  return 'no-op';
}

export function toResourceChange(json: ResourceChangeJson): ResourceChange {
  const { actions } = json.change;
  return {
    address: json.address,
    type: json.type,
    name: json.name,
    action: foldActions(actions),
    createBeforeDestroy: actions[0] === 'create' && actions.includes('delete'),
    reason: json.action_reason,
    replacePaths: (json.change.replace_paths ?? []).map(formatPath),
    before: isRecord(json.change.before) ? json.change.before : undefined,
    after: isRecord(json.change.after) ? json.change.after : undefined,
    afterUnknown: json.change.after_unknown,
    beforeSensitive: json.change.before_sensitive,
    afterSensitive: json.change.after_sensitive,
  };
}

export function formatPath(path: AttributePath): string {
  return path.reduce<string>((text, step) => (typeof step === 'number' ? `${text}[${step}]` : text ? `${text}.${step}` : step), '');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Walks a value, a sensitivity tree or an unknown tree along a path (all three share a shape). */
function walk(tree: unknown, path: AttributePath): { value: unknown; flagged: boolean } {
  let node = tree;
  for (const step of path) {
    if (node === true) return { value: node, flagged: true };
    if (typeof step === 'number' ? Array.isArray(node) : isRecord(node)) {
      node = (node as Record<string | number, unknown>)[step];
    } else {
      return { value: undefined, flagged: false };
    }
  }
  return { value: node, flagged: node === true };
}

/** True when `path` or anything above it is marked in a sensitivity or unknown tree. */
export function isMarked(tree: unknown, path: AttributePath): boolean {
  return walk(tree, path).flagged;
}

export type Side = 'before' | 'after';

/** What a review may show of one attribute: its value, or why not. */
export type Shown = { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'sensitive' } | { readonly kind: 'unknown' } | { readonly kind: 'absent' };

export function attribute(change: ResourceChange, side: Side, path: AttributePath): Shown {
  const sensitive = side === 'before' ? change.beforeSensitive : change.afterSensitive;
  if (isMarked(sensitive, path)) return { kind: 'sensitive' };
  if (side === 'after' && isMarked(change.afterUnknown, path)) return { kind: 'unknown' };
  const values = side === 'before' ? change.before : change.after;
  if (!values) return { kind: 'absent' };
  const { value } = walk(values, path);
  return value === undefined || value === null ? { kind: 'absent' } : { kind: 'value', value };
}

/** A string attribute, or undefined when it is absent, unknown or sensitive. */
export function stringAttribute(change: ResourceChange, side: Side, path: AttributePath): string | undefined {
  const shown = attribute(change, side, path);
  return shown.kind === 'value' && typeof shown.value === 'string' ? shown.value : undefined;
}

/** Top-level attributes whose known values differ between before and after (unknown after counts as a change). */
export function changedAttributes(change: ResourceChange): string[] {
  if (!change.before || !change.after) return [];
  const names = new Set([...Object.keys(change.before), ...Object.keys(change.after), ...(isRecord(change.afterUnknown) ? Object.keys(change.afterUnknown) : [])]);
  return [...names]
    .filter((name) => isMarked(change.afterUnknown, [name]) || JSON.stringify(change.before?.[name] ?? null) !== JSON.stringify(change.after?.[name] ?? null))
    .filter((name) => name !== 'tags_all')
    .sort();
}
