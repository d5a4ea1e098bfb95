/**
 * Reads the output of `terraform show -json <planfile>` (the JSON plan format, `format_version` 1.x) and
 * refuses anything else with a {@link PlanInputError} that says what the input looks like instead.
 *
 * Only the fields the review needs are checked; the rest of the document is ignored, so newer 1.x minor
 * versions, which only add fields, are read as they are.
 */
import { z } from 'zod';

/** The input is not a Terraform plan in JSON format 1.x. The CLI exits with 2 on it. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

/** A path inside a resource's attributes, as Terraform writes it (`replace_paths`). */
export type AttributePath = readonly (string | number)[];

const changeSchema = z.object({
  /** e.g. ["create"], ["update"], ["delete", "create"], ["no-op"]. */
  actions: z.array(z.string()).min(1),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  /** Same shape as `after`, `true` where the value is known only after apply. */
  after_unknown: z.unknown().optional(),
  /** Same shape as `before` / `after`, `true` where the value is sensitive. */
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
});

const resourceChangeSchema = z.object({
  address: z.string().min(1),
  previous_address: z.string().optional(),
  mode: z.enum(['managed', 'data']),
  type: z.string().min(1),
  name: z.string(),
  change: changeSchema,
  action_reason: z.string().optional(),
});

const planSchema = z.object({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(resourceChangeSchema).default([]),
  errored: z.boolean().optional(),
});

export type ResourceChangeJson = z.output<typeof resourceChangeSchema>;
export type PlanJson = z.output<typeof planSchema>;

/** Major version of the JSON plan format this reader understands. */
export const SUPPORTED_FORMAT_MAJOR = 1;

const HOW_TO_MAKE_ONE = 'save a plan with `terraform plan -out=plan.tfplan`, then run `terraform show -json plan.tfplan > plan.json`';

/**
 * Parses and checks plan JSON.
 * @param source names the input in error messages (a file name, or "standard input")
 */
export function parsePlan(text: string, source: string): PlanJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PlanInputError(`${source} is not JSON (${reason}): ${HOW_TO_MAKE_ONE}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PlanInputError(`${source} is JSON but not an object, so not a Terraform plan: ${HOW_TO_MAKE_ONE}`);
  }
  const document = data as Record<string, unknown>;
  const version = document.format_version;
  if (typeof version !== 'string') {
    throw new PlanInputError(`${source} has no format_version, so it is not Terraform JSON output: ${HOW_TO_MAKE_ONE}`);
  }
  const major = /^(\d+)\.\d+$/.exec(version)?.[1];
  if (major === undefined || Number(major) !== SUPPORTED_FORMAT_MAJOR) {
    throw new PlanInputError(
      `${source} has format_version ${JSON.stringify(version)}, which this summary cannot read: it reads the plan JSON format ${SUPPORTED_FORMAT_MAJOR}.x (Terraform 1.x)`,
    );
  }
  if (!('planned_values' in document) && !('resource_changes' in document)) {
    throw new PlanInputError(`${source} is not plan JSON (no planned_values or resource_changes): it looks like ${lookalike(document)}; ${HOW_TO_MAKE_ONE}`);
  }
  const parsed = planSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new PlanInputError(`${source} is not valid plan JSON format ${version}:\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}

/** What other Terraform JSON output a document resembles, to make the error useful. */
function lookalike(document: Record<string, unknown>): string {
  if ('values' in document) return 'state JSON (`terraform show -json` without a plan file)';
  if ('valid' in document && 'diagnostics' in document) return 'the output of `terraform validate -json`';
  if ('provider_schemas' in document) return 'the output of `terraform providers schema -json`';
  return 'some other JSON document';
}
