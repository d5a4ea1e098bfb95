/**
 * How configuration problems are told: one error listing every problem, each with the field's path (with the
 * names of the listed entries it goes through), the value (short, credentials masked) and what is allowed.
 */
import type { z } from 'zod';
import { maskCredentials } from './credential-shapes';

export interface ConfigProblem {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.path}: ${p.message} (got ${describeValue(p.value)})`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // Never print a credential, whichever check reports the value it sits in.
  const text = maskCredentials(JSON.stringify(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A union (task, parallel group or fan-out; kinds of image) reports every branch's failure. Keep the branch the
 * value was meant for: one whose own keys all fit (its problems lie inside its fields) beats one that does not
 * know a key of the value or misses one of its own; among those that do not fit, one that misses a key the value
 * nearly spells (`dir` for `directory`). When no branch stands out, the union's own message says what it accepts.
 */
export function closestBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0 || !isRecord(issue.input)) return [issue];
  const scored = issue.errors.map((branch) => ({ branch, score: branchScore(branch) })).sort((a, b) => a.score - b.score);
  const [best, next] = scored;
  if (best.score >= SHAPE_MISMATCH && next !== undefined && next.score === best.score) return [issue];
  return best.branch.flatMap((inner) => closestBranch({ ...inner, path: [...issue.path, ...inner.path] }));
}

const SHAPE_MISMATCH = 100;

/** Lower is closer: shape mismatches (unknown or missing keys of the object itself) weigh most. */
function branchScore(branch: readonly z.core.$ZodIssue[]): number {
  const unknown = branch.flatMap((inner) => (inner.code === 'unrecognized_keys' && inner.path.length === 0 ? inner.keys : []));
  const missing = branch.flatMap((inner) => (inner.code === 'invalid_type' && inner.input === undefined && inner.path.length === 1 ? [String(inner.path[0])] : []));
  // A branch that is not an object at all (a literal such as "notifier") is the furthest from an object value.
  const wrongKind = branch.some((inner) => inner.path.length === 0 && inner.code !== 'unrecognized_keys');
  const mismatches = unknown.length + missing.length + (wrongKind ? 10 : 0);
  const respelled = unknown.some((key) => missing.some((field) => closeKey(key, [field]) !== undefined));
  return mismatches * SHAPE_MISMATCH - (respelled ? SHAPE_MISMATCH / 2 : 0) + branch.length;
}

/**
 * The per-parse error map of the configuration: an unknown key names the closest allowed key and lists the
 * allowed ones; a missing field says it is required. Other issues keep zod's message (or the schema's own).
 */
export function configErrorMap(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') {
    const shape = (issue.inst?._zod.def as { shape?: Record<string, unknown> } | undefined)?.shape;
    const allowed = Object.keys(shape ?? {});
    const close = issue.keys.map((key) => [key, closeKey(key, allowed)] as const);
    const hint =
      issue.keys.length === 1
        ? close[0][1] === undefined ? '' : `: did you mean "${close[0][1]}"?`
        : close.filter(([, near]) => near !== undefined).map(([key, near]) => ` (did you mean "${near}" for "${key}"?)`).join('');
    const listed = issue.keys.map((key) => `"${key}"`).join(', ');
    const list = allowed.length === 0 ? '' : `${hint.endsWith('?') ? ' Allowed' : '; allowed'}: ${allowed.join(', ')}`;
    return `unknown option${issue.keys.length === 1 ? '' : 's'} ${listed}${hint}${list}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `is required (${issue.expected})`;
  return undefined;
}

/** The allowed key that `key` most nearly spells: within a third of its length in edits, or a prefix of it. */
export function closeKey(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const other = candidate.toLowerCase();
    const prefix = lower.length >= 3 && (other.startsWith(lower) || lower.startsWith(other));
    const distance = prefix ? 0.5 : editDistance(lower, other);
    if (distance <= Math.max(1, Math.floor(key.length / 3)) && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** Levenshtein distance, with a swap of two neighbouring letters counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/**
 * The problem an issue reports: its path formatted with the names of the entries it goes through, and its value
 * short. An unknown key is reported at the key, with the key's value, not with the whole object around it.
 */
export function problemOf(issue: z.core.$ZodIssue, root: unknown): ConfigProblem {
  if (issue.code === 'unrecognized_keys' && isRecord(issue.input)) {
    const input = issue.input;
    if (issue.keys.length === 1) return { path: formatPath([...issue.path, issue.keys[0]], root), value: input[issue.keys[0]], message: issue.message };
    return { path: formatPath(issue.path, root), value: Object.fromEntries(issue.keys.map((key) => [key, input[key]])), message: issue.message };
  }
  return { path: formatPath(issue.path, root), value: issue.input, message: issue.message };
}

export function formatPath(path: readonly PropertyKey[], root: unknown): string {
  let text = '';
  let node: unknown = root;
  for (const key of path) {
    const child = isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') {
      const name = isRecord(child) && typeof child.name === 'string' ? `=${child.name}` : '';
      text += `[${key}${name}]`;
    } else {
      text += text ? `.${String(key)}` : String(key);
    }
    node = child;
  }
  return `environments${text.startsWith('[') ? '' : '.'}${text}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` under `root`, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);
}
