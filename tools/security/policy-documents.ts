/**
 * Every IAM policy document of a stack, found where Terraform puts them and read into one shape, whether
 * written as a JSON string or as a `data.aws_iam_policy_document` it refers to.
 *
 * The kind matters to the rules: in an identity policy `Resource: "*"` means every resource; in a KMS key
 * policy it means "this key" (a key policy cannot name anything else), so key policies are judged by their
 * principals and actions instead; a trust policy has no resources, only principals.
 */
import { blocksOf, dataSourcesOf, isObject, referencesIn, resourcesOf, type Json, type JsonObject, type StackJson, type Unreadable } from './model';

export type PolicyKind = 'identity' | 'trust' | 'key' | 'resource';

export interface Statement {
  /** Sid, or `#<index>` when the statement has none. */
  readonly id: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Principal values flattened (`"*"` stays `"*"`), e.g. `arn:aws:iam::123456789012:root`, `ecs-tasks.amazonaws.com`. */
  readonly principals: readonly string[];
  readonly hasNotPrincipal: boolean;
  /** operator -> condition key -> values, operators and keys as written. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocumentAt {
  /** Address of the resource holding the policy. */
  readonly address: string;
  /** Attribute holding it, e.g. `policy`, `assume_role_policy`, `inline_policy[0].policy`. */
  readonly attribute: string;
  readonly kind: PolicyKind;
  /** The statements, or why the document could not be read (an expression, invalid JSON). */
  readonly statements: readonly Statement[] | Unreadable;
}

interface PolicySource {
  readonly type: string;
  readonly attribute: string;
  readonly kind: PolicyKind;
}

/** Where policies live in the AWS provider's resources. */
const POLICY_SOURCES: readonly PolicySource[] = [
  { type: 'aws_iam_role_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_user_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_group_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_role', attribute: 'assume_role_policy', kind: 'trust' },
  { type: 'aws_kms_key', attribute: 'policy', kind: 'key' },
  { type: 'aws_kms_key_policy', attribute: 'policy', kind: 'key' },
  { type: 'aws_ecr_repository_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_secretsmanager_secret_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_secretsmanager_secret', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sqs_queue_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sqs_queue', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sns_topic_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_cloudwatch_log_resource_policy', attribute: 'policy_document', kind: 'resource' },
];

export function policyDocumentsOf(stack: StackJson): PolicyDocumentAt[] {
  const found: PolicyDocumentAt[] = [];
  for (const source of POLICY_SOURCES) {
    for (const resource of resourcesOf(stack, source.type)) {
      const value = resource.attributes[source.attribute];
      if (value === undefined || value === null || value === '') continue;
      found.push({ address: resource.address, attribute: source.attribute, kind: source.kind, statements: read(stack, value) });
    }
  }
  for (const role of resourcesOf(stack, 'aws_iam_role')) {
    const inline = role.attributes.inline_policy;
    const blocks = blocksOf(inline);
    blocks.forEach((block, index) => {
      if (block.policy === undefined || block.policy === null || block.policy === '') return;
      found.push({ address: role.address, attribute: `inline_policy[${index}].policy`, kind: 'identity', statements: read(stack, block.policy) });
    });
  }
  return found;
}

function read(stack: StackJson, value: Json): readonly Statement[] | Unreadable {
  if (typeof value !== 'string') return { problem: 'the policy is not a string' };
  const documentReference = /^\$\{\s*data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\s*\}$/.exec(value.trim());
  if (documentReference) {
    const source = dataSourcesOf(stack, 'aws_iam_policy_document').find((data) => data.name === documentReference[1]);
    if (!source) return { problem: `${value} refers to a policy document this stack does not declare` };
    return fromPolicyDocumentData(source.attributes);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    const references = referencesIn(value);
    return { problem: `the policy is a Terraform expression${references.length ? ` (${references.join(', ')})` : ''}, not a JSON document that can be checked before apply` };
  }
  return fromJson(parsed);
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function principalValues(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (!isObject(value)) return [];
  return Object.values(value).flatMap(strings);
}

function conditionsOf(value: unknown): Record<string, Record<string, string[]>> {
  if (!isObject(value)) return {};
  const result: Record<string, Record<string, string[]>> = {};
  for (const [operator, keys] of Object.entries(value)) {
    if (!isObject(keys)) continue;
    result[operator] = Object.fromEntries(
      Object.entries(keys).map(([key, values]) => [key, typeof values === 'boolean' || typeof values === 'number' ? [String(values)] : strings(values)]),
    );
  }
  return result;
}

/** A policy document as IAM JSON; statements that are not objects make the document unreadable. */
export function fromJson(document: unknown): readonly Statement[] | Unreadable {
  if (!isObject(document)) return { problem: 'the policy is not a JSON object' };
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
  if (!list) return { problem: 'the policy has no Statement' };
  if (!list.every(isObject)) return { problem: 'a statement is not an object' };
  return list.filter(isObject).map((statement, index) => ({
    id: typeof statement.Sid === 'string' && statement.Sid ? statement.Sid : `#${index}`,
    effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(statement.Action),
    notActions: strings(statement.NotAction),
    resources: strings(statement.Resource),
    notResources: strings(statement.NotResource),
    principals: principalValues(statement.Principal),
    hasNotPrincipal: statement.NotPrincipal !== undefined,
    conditions: conditionsOf(statement.Condition),
  }));
}

/** `data.aws_iam_policy_document` in HCL shape (`statement { actions resources principals condition }`). */
function fromPolicyDocumentData(attributes: JsonObject): readonly Statement[] | Unreadable {
  const sources = [...strings(attributes.source_policy_documents), ...strings(attributes.override_policy_documents)];
  if (sources.length > 0) return { problem: 'the policy document merges source or override documents, which cannot be checked before apply' };
  const raw = attributes.statement;
  const list = blocksOf(raw);
  return list.map((statement, index) => {
    const conditions: Record<string, Record<string, string[]>> = {};
    const conditionBlocks = blocksOf(statement.condition);
    for (const condition of conditionBlocks) {
      const test = String(condition.test ?? '');
      const variable = String(condition.variable ?? '');
      conditions[test] = { ...conditions[test], [variable]: strings(condition.values) };
    }
    const principalBlocks = blocksOf(statement.principals);
    return {
      id: typeof statement.sid === 'string' && statement.sid ? statement.sid : `#${index}`,
      effect: statement.effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strings(statement.actions),
      notActions: strings(statement.not_actions),
      resources: strings(statement.resources),
      notResources: strings(statement.not_resources),
      principals: principalBlocks.flatMap((block) => strings(block.identifiers)),
      hasNotPrincipal: statement.not_principals !== undefined,
      conditions,
    };
  });
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

/** Whether an Allow statement grants `action`, through Action or through a NotAction that leaves it out. */
export function grants(statement: Statement, action: string): boolean {
  if (statement.effect !== 'Allow') return false;
  if (statement.notActions.length > 0) return !statement.notActions.some((pattern) => actionMatches(pattern, action));
  return statement.actions.some((pattern) => actionMatches(pattern, action));
}

/** A wildcard (`*` or `?`) outside the `${...}` expressions of an ARN. */
export function hasWildcard(value: string): boolean {
  return /[*?]/.test(value.replace(/\$\{[^}]*\}/g, ''));
}

/** The values a condition gives a key under any operator (keys compared case-insensitively). */
export function conditionValues(statement: Statement, key: string): { operator: string; values: readonly string[] }[] {
  return Object.entries(statement.conditions).flatMap(([operator, keys]) =>
    Object.entries(keys)
      .filter(([name]) => name.toLowerCase() === key.toLowerCase())
      .map(([, values]) => ({ operator, values })),
  );
}

/** `address.attribute statement <id>`: where a finding points in a policy. */
export function where(policy: PolicyDocumentAt, statement?: Statement): string {
  return `${policy.attribute}${statement ? ` statement ${statement.id}` : ''}`;
}

/**
 * The resource policies of one resource: its own policy attribute (`aws_sqs_queue.policy`, `aws_sns_topic.policy`)
 * and every policy resource whose `attribute` refers to it (`aws_sqs_queue_policy.queue_url`, `aws_sns_topic_policy.arn`).
 */
export function resourcePoliciesOf(stack: StackJson, address: string, attachment: { readonly type: string; readonly attribute: string }): PolicyDocumentAt[] {
  const attached = new Set(
    resourcesOf(stack, attachment.type)
      .filter((resource) => {
        const value = resource.attributes[attachment.attribute];
        return typeof value === 'string' && referencesIn(value).includes(address);
      })
      .map((resource) => resource.address),
  );
  return policyDocumentsOf(stack).filter((policy) => (policy.address === address && policy.attribute === 'policy') || attached.has(policy.address));
}

/**
 * Whether a statement refuses every principal a request made without TLS: `Deny`, principal `*`, condition
 * `Bool aws:SecureTransport = false`, and an action that `covers` (cdk-nag's SQSQueueSSLRequestsOnly and
 * SNSTopicSSLPublishOnly read statements the same way).
 */
export function deniesInsecureTransport(statement: Statement, covers: (action: string) => boolean): boolean {
  if (statement.effect !== 'Deny' || statement.notActions.length > 0 || statement.hasNotPrincipal) return false;
  if (!statement.principals.includes('*')) return false;
  const secureTransport = conditionValues(statement, 'aws:SecureTransport').some(({ operator, values }) => operator === 'Bool' && values.length > 0 && values.every((value) => value.toLowerCase() === 'false'));
  return secureTransport && statement.actions.some(covers);
}
