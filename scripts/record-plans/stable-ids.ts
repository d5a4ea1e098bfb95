/**
 * Makes a plan recorded against the AWS API emulator repeatable: the values the emulator makes up anew on every
 * run (random IDs, its clock, its loopback port) are renamed to stable placeholders, the same value to the same
 * placeholder everywhere in the document (inside JSON strings too: a policy naming a KMS key, a definition naming
 * subnets), so what refers to what is kept. What is renamed:
 * - EC2 IDs (`vpc-`, `subnet-`, `sg-`, ... and 17 hex digits): `<prefix>-` and a number, in hex, 17 digits;
 * - UUIDs (KMS key IDs): `00000000-0000-4000-8000-` and a number;
 * - IAM unique IDs (`AROA...`, `ANPA...`): the prefix and a number;
 * - the random six-character suffix of the ARN of each Secrets Manager secret the stacks create: a number;
 * - a value that is a timestamp and nothing else (creation and modification dates): {@link EPOCH};
 * - the emulator's loopback endpoint (in SQS queue URLs): {@link EMULATOR_ENDPOINT}.
 * And one order that changes from run to run: a map inside a task definition's `container_definitions` (the log
 * driver's `options`) is sent to ECS by the provider in a Go map's random order, which the emulator keeps and the
 * read-back returns; every `container_definitions` is written again with its keys sorted (the provider already
 * writes the other keys sorted), compact, `<`, `>` and `&` escaped as Go's encoder does.
 * Numbers go first to the resources' own `id`s in the order of their addresses (before, then after), then to the
 * rest in order of appearance, so they do not depend on the random values. Terraform orders the elements of a set
 * of strings by value: an array made only of renamed IDs (the subnets of a schedule's target) is sorted again
 * after renaming. Nothing the configuration sets is renamed, unless it is one of these forms.
 */

export const EPOCH = '1970-01-01T00:00:00Z';
export const EMULATOR_ENDPOINT = 'http://127.0.0.1:4566';

const EC2_ID = String.raw`\b(?:vpc|subnet|sg|sgr|igw|rtb|rtbassoc|acl|aclassoc|fl|eipalloc|eipassoc|nat|vpce|eni|pl|dopt)-[0-9a-f]{17}\b`;
const UUID = String.raw`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`;
const IAM_UNIQUE_ID = String.raw`\b(?:AROA|AIDA|ANPA|AGPA|AIPA)[A-Z0-9]{17}\b`;
const GENERATED = new RegExp(`${EC2_ID}|${UUID}|${IAM_UNIQUE_ID}`, 'g');
const WHOLE_ID = new RegExp(`^(?:${EC2_ID}|${UUID}|${IAM_UNIQUE_ID})$`);
const SECRET_ARN = /^(arn:aws[\w-]*:secretsmanager:[^:]+:\d{12}:secret:.+)-[A-Za-z0-9]{6}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const LOOPBACK = /https?:\/\/127\.0\.0\.1:\d+/g;

/** Stable placeholders, numbered per kind in the order they are first asked for. */
class Placeholders {
  private readonly names = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  readonly made = new Set<string>();

  of(value: string): string {
    const known = this.names.get(value);
    if (known !== undefined) return known;
    const name = this.make(value);
    this.names.set(value, name);
    this.made.add(name);
    return name;
  }

  private next(kind: string): number {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    return count;
  }

  private make(value: string): string {
    const secret = SECRET_ARN.exec(value);
    if (secret) return `${secret[1]}-${String(this.next('secret')).padStart(6, '0')}`;
    const ec2 = /^([a-z]+)-[0-9a-f]{17}$/.exec(value);
    if (ec2) return `${ec2[1]}-${this.next(ec2[1]).toString(16).padStart(17, '0')}`;
    if (/^[0-9a-f]{8}-/.test(value)) return `00000000-0000-4000-8000-${this.next('uuid').toString(16).padStart(12, '0')}`;
    const prefix = value.slice(0, 4);
    return `${prefix}${String(this.next(prefix)).padStart(17, '0')}`;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A JSON value with the keys of every object sorted. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (isRecord(value)) return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys(value[key])]));
  return value;
}

/** JSON text as Go's encoding/json writes it: compact, with `<`, `>` and `&` escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (character) => `\\u00${character.charCodeAt(0).toString(16)}`);
}

/** Timestamps to {@link EPOCH}; arrays of renamed IDs only sorted; container definitions' keys sorted (see the module's documentation). */
function settle(value: unknown, made: ReadonlySet<string>, key = ''): unknown {
  if (typeof value === 'string') {
    if (key === 'container_definitions') return goJson(sortedKeys(JSON.parse(value)));
    return TIMESTAMP.test(value) ? EPOCH : value;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => settle(item, made));
    const renamedOnly = items.length > 1 && items.every((item) => typeof item === 'string' && made.has(item));
    return renamedOnly ? [...(items as string[])].sort() : items;
  }
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, settle(item, made, name)]));
  return value;
}

/** The plan's resource changes with the emulator's made-up values renamed (see the module's documentation). */
export function stableIds<T extends { readonly resource_changes: readonly unknown[] }>(plan: T): T {
  const placeholders = new Placeholders();
  // The resources' own IDs first, in address order; the secrets' ARNs, whose suffix is random.
  const secretArns = new Set<string>();
  for (const resource of plan.resource_changes) {
    const { type, change } = isRecord(resource) ? resource : {};
    for (const values of isRecord(change) ? [change.before, change.after] : []) {
      if (!isRecord(values)) continue;
      if (typeof values.id === 'string' && WHOLE_ID.test(values.id)) placeholders.of(values.id);
      if (type === 'aws_secretsmanager_secret' && typeof values.arn === 'string' && SECRET_ARN.test(values.arn)) {
        secretArns.add(values.arn);
        placeholders.of(values.arn);
      }
    }
  }
  let text = JSON.stringify(plan).replace(LOOPBACK, EMULATOR_ENDPOINT);
  for (const arn of secretArns) text = text.replace(new RegExp(escapeRegExp(arn), 'g'), placeholders.of(arn));
  text = text.replace(GENERATED, (value) => placeholders.of(value));
  return settle(JSON.parse(text), placeholders.made) as T;
}
