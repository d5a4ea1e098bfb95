/**
 * The security checks' view of one synthesized stack (the Terraform JSON that cdktf writes to
 * `cdktf.out/stacks/<stack>/cdk.tf.json`), the shape of a rule and of a finding, and small readers for the
 * attribute shapes Terraform JSON allows (a nested block is an object or a list of objects, a boolean may be
 * the string "true", a value may be a `${...}` expression).
 */
import { InputError } from '../cli';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A stack's Terraform JSON, reduced to what the rules read. */
export interface StackJson {
  /** `resource.<type>.<name>` = attributes. */
  readonly resource: Readonly<Record<string, Readonly<Record<string, JsonObject>>>>;
  /** `data.<type>.<name>` = attributes. */
  readonly data: Readonly<Record<string, Readonly<Record<string, JsonObject>>>>;
  /** `provider.<name>` = list of provider blocks. */
  readonly provider: Readonly<Record<string, readonly JsonObject[]>>;
}

export interface Finding {
  /** The checkov check(s) whose intent the rule implements, e.g. `CKV_AWS_163`; where checkov has none, the cdk-nag rule, e.g. `AwsSolutions-SQS4`. */
  readonly ruleId: string;
  /** Terraform address, e.g. `aws_ecr_repository.NotifierImage_Repository_5BB6D6C6`. */
  readonly address: string;
  /** What is wrong, with the value found and what is expected. */
  readonly message: string;
}

export interface RuleOptions {
  /** Least retention a log group may keep its events, in days (0 = never expire always complies). @default 365 */
  readonly minimumLogRetentionDays: number;
  /**
   * Whether tasks may get a public IP (rule ecs-no-public-ip): `forbid` everywhere, `allow` everywhere, or
   * `auto`: forbidden unless the stack is the public network mode (an internet gateway and no NAT gateway).
   * @default "auto"
   */
  readonly taskPublicIp: 'auto' | 'forbid' | 'allow';
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { minimumLogRetentionDays: 365, taskPublicIp: 'auto' };

/** One rule: one pure predicate over one stack, returning a finding per non-compliant resource. */
export interface SecurityRule {
  /** Checkov id(s) of the intent, joined with `/` (a cdk-nag rule id where checkov has none). */
  readonly id: string;
  /** One line: what a compliant stack does. */
  readonly title: string;
  /** Resource types the rule reads (a stack without any of them has nothing to check). */
  readonly resourceTypes: readonly string[];
  check(stack: StackJson, options: RuleOptions): Finding[];
}

/** A resource of the stack with its address. */
export interface Resource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly attributes: JsonObject;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested block: Terraform JSON allows one object or a list of objects; this returns the objects as a list. */
export function blocksOf(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** Every resource of one type. */
export function resourcesOf(stack: StackJson, type: string): Resource[] {
  return Object.entries(stack.resource[type] ?? {}).map(([name, attributes]) => ({ type, name, address: `${type}.${name}`, attributes }));
}

/** Every data source of one type, addressed `data.<type>.<name>`. */
export function dataSourcesOf(stack: StackJson, type: string): Resource[] {
  return Object.entries(stack.data[type] ?? {}).map(([name, attributes]) => ({ type, name, address: `data.${type}.${name}`, attributes }));
}

/** Literal `true` (Terraform JSON also accepts the string). */
export function isTrue(value: Json | undefined): boolean {
  return value === true || value === 'true';
}

/** A literal number (or numeric string); undefined for anything else, such as an expression. */
export function numberOf(value: Json | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** A non-empty string, literal or expression. */
export function isGiven(value: Json | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** Whether a string holds a Terraform `${...}` expression. */
export function isExpression(value: string): boolean {
  return value.includes('${');
}

const REFERENCE = /\$\{\s*((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_]+|\[[^\]]*\])*\s*\}/g;

/** Addresses (`aws_iam_role.X`, `data.aws_iam_policy_document.Y`) referenced by `${...}` in a string. */
export function referencesIn(value: string): string[] {
  return [...value.matchAll(REFERENCE)].map((match) => match[1]);
}

/** Whether an address names a resource or data source declared in the stack. */
export function declares(stack: StackJson, address: string): boolean {
  const parts = address.split('.');
  if (parts[0] === 'data') return stack.data[parts[1]]?.[parts[2]] !== undefined;
  return stack.resource[parts[0]]?.[parts[1]] !== undefined;
}

/**
 * A KMS key attribute is given when it is a literal key ARN, or a reference to a key (or alias) declared in
 * this stack; a reference to anything else, or nothing, is not.
 */
export function kmsKeyProblem(stack: StackJson, value: Json | undefined): string | undefined {
  if (!isGiven(value)) return 'no KMS key is set';
  if (!isExpression(value)) {
    return /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(value) ? undefined : `"${value}" is not a KMS key or alias ARN`;
  }
  const references = referencesIn(value);
  const keys = references.filter((address) => /^(aws_kms_key|aws_kms_alias|aws_kms_replica_key|aws_kms_external_key|data\.aws_kms_key|data\.aws_kms_alias)\./.test(address));
  if (keys.length === 0) return `"${value}" does not refer to a KMS key`;
  const missing = keys.filter((address) => !declares(stack, address));
  return missing.length > 0 ? `"${value}" refers to ${missing.join(', ')}, which this stack does not declare` : undefined;
}

/** The account IDs the AWS provider is allowed to use (`allowed_account_ids`), if any. */
export function allowedAccountIds(stack: StackJson): string[] {
  return (stack.provider.aws ?? []).flatMap((block) => {
    const ids = block.allowed_account_ids;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  });
}

/** A finding factory bound to one rule. */
export function finder(ruleId: string): (address: string, message: string) => Finding {
  return (address, message) => ({ ruleId, address, message });
}

export { InputError };

/** Reads a parsed `cdk.tf.json`; throws {@link InputError} when it is not a Terraform JSON configuration. */
export function toStackJson(value: unknown, source: string): StackJson {
  if (!isObject(value)) throw new InputError(`${source}: not a JSON object`);
  const section = (key: string): Record<string, Record<string, JsonObject>> => {
    const raw = value[key];
    if (raw === undefined) return {};
    if (!isObject(raw)) throw new InputError(`${source}: "${key}" must be an object of types`);
    const result: Record<string, Record<string, JsonObject>> = {};
    for (const [type, byName] of Object.entries(raw)) {
      if (!isObject(byName)) throw new InputError(`${source}: "${key}.${type}" must be an object of names`);
      const named: Record<string, JsonObject> = {};
      for (const [name, attributes] of Object.entries(byName)) {
        if (!isObject(attributes)) throw new InputError(`${source}: "${key}.${type}.${name}" must be an object`);
        named[name] = attributes;
      }
      result[type] = named;
    }
    return result;
  };
  const providers: Record<string, JsonObject[]> = {};
  const rawProviders = value.provider;
  if (rawProviders !== undefined) {
    if (!isObject(rawProviders)) throw new InputError(`${source}: "provider" must be an object`);
    for (const [name, blocks] of Object.entries(rawProviders)) {
      providers[name] = blocksOf(blocks);
    }
  }
  if (value.resource === undefined && value.terraform === undefined) {
    throw new InputError(`${source}: neither "resource" nor "terraform" found: not a synthesized Terraform JSON stack`);
  }
  return { resource: section('resource'), data: section('data'), provider: providers };
}

/** Why an attribute holding a document (a policy, container definitions) could not be read. */
export interface Unreadable {
  readonly problem: string;
}

export function isUnreadable<T>(value: readonly T[] | Unreadable): value is Unreadable {
  return !Array.isArray(value);
}
