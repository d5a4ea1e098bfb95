/**
 * A plan, summarized for review: counts per action, the changed resources, and the flags of every rule.
 * Pure: plan JSON in, data out; {@link renderMarkdown} turns it into a pull request comment.
 */
import type { Flag } from './flag';
import { toResourceChange, type ResourceChange, type ReviewAction } from './model';
import type { PlanJson } from './plan-json';
import { RULES } from './rules';

export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly destroy: number;
  /** Removed from state without being destroyed (`removed` blocks). */
  readonly forget: number;
}

export interface PlanSummary {
  readonly terraformVersion?: string;
  /** The plan stopped on an error: what it shows is incomplete. */
  readonly errored: boolean;
  readonly counts: ChangeCounts;
  /** Managed resources that change, in plan order (no no-ops, no data source reads). */
  readonly changes: readonly ResourceChange[];
  readonly flags: readonly Flag[];
}

const COUNTED: Record<ReviewAction, keyof ChangeCounts | undefined> = {
  create: 'create',
  update: 'update',
  replace: 'replace',
  delete: 'destroy',
  forget: 'forget',
  'no-op': undefined,
  read: undefined,
};

export function summarizePlan(plan: PlanJson): PlanSummary {
  const changes = plan.resource_changes
    .filter((json) => json.mode === 'managed')
    .map(toResourceChange)
    .filter((change) => COUNTED[change.action] !== undefined);
  const counts = { create: 0, update: 0, replace: 0, destroy: 0, forget: 0 };
  for (const change of changes) {
    const key = COUNTED[change.action];
    if (key) counts[key]++;
  }
  const flags = RULES.flatMap((rule) => changes.flatMap((change) => rule.check(change)));
  return { terraformVersion: plan.terraform_version, errored: plan.errored === true, counts, changes, flags };
}

/** Resources the apply would destroy outright. */
export function destroys(summary: PlanSummary): readonly ResourceChange[] {
  return summary.changes.filter((change) => change.action === 'delete');
}

/** Resources the apply would destroy and create again. */
export function replacements(summary: PlanSummary): readonly ResourceChange[] {
  return summary.changes.filter((change) => change.action === 'replace');
}
