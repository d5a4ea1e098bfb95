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
 * A union (task or parallel group, kinds of image) reports every branch's failure; for an object, keep only
 * the branch it came closest to matching, so the message names the real problem.
 */
export function closestBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0 || !isRecord(issue.input)) return [issue];
  const best = issue.errors.reduce((closest, branch) => (branch.length < closest.length ? branch : closest));
  return best.flatMap((inner) => closestBranch({ ...inner, path: [...issue.path, ...inner.path] }));
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
