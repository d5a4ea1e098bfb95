/** Where policy documents live in a resource's attributes. */
import { attribute, isRecord, type ResourceChange, type Shown, type Side } from '../model';
import type { AttributePath } from '../plan-json';
import { statementsOf, type Statement } from '../policy';

/** A policy document on one side of a change: its statements, or why they cannot be read. */
export type PolicySide =
  | { readonly kind: 'statements'; readonly statements: Statement[] }
  | { readonly kind: 'unknown' | 'sensitive' | 'absent' | 'unreadable' };

export interface PolicyAttribute {
  readonly path: AttributePath;
  readonly before: PolicySide;
  readonly after: PolicySide;
}

/** `policy` and every `inline_policy[i].policy` of a change, on both sides. */
export function policyAttributes(change: ResourceChange): PolicyAttribute[] {
  const paths: AttributePath[] = [['policy']];
  const inlineCount = Math.max(inlineLength(change.before), inlineLength(change.after));
  for (let index = 0; index < inlineCount; index++) paths.push(['inline_policy', index, 'policy']);
  return paths
    .map((path) => ({ path, before: read(attribute(change, 'before', path)), after: read(attribute(change, 'after', path)) }))
    .filter((policy) => policy.before.kind !== 'absent' || policy.after.kind !== 'absent');
}

/** Same as {@link policyAttributes} for one side only. */
export function sideOf(policy: PolicyAttribute, side: Side): PolicySide {
  return side === 'before' ? policy.before : policy.after;
}

function inlineLength(values: Readonly<Record<string, unknown>> | undefined): number {
  const inline = values?.inline_policy;
  return Array.isArray(inline) ? inline.filter(isRecord).length : 0;
}

function read(shown: Shown): PolicySide {
  if (shown.kind !== 'value') return { kind: shown.kind };
  if (typeof shown.value !== 'string' || shown.value === '') return { kind: 'absent' };
  const statements = statementsOf(shown.value);
  return statements ? { kind: 'statements', statements } : { kind: 'unreadable' };
}
