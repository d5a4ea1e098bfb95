/**
 * The longest value a rendered string can take once Terraform has applied it: each reference `${...}` to another
 * resource is replaced by the longest value that attribute can have. Names and ARNs are built from the referenced
 * resource's own rendered attributes (its name, family, bucket...) and the stack's account, region and partition;
 * what only apply knows is taken at the longest AWS documents, each bound from stacks/aws with its rule:
 *
 * - a task definition's revision: at most `TASK_DEFINITION_REVISIONS_MAX` (rule ecs.task-definition-revisions);
 * - the random characters of a secret's ARN: `SECRET_ARN_SUFFIX_LENGTH` (rule secretsmanager.arn-suffix);
 * - a KMS key ID: `KEY_ID_LENGTH` characters (rule kms.key-id);
 * - a VPC, subnet or security group ID: its prefix and `RESOURCE_ID_DIGITS_MAX` digits (rule vpc.resource-id-shape).
 *
 * A reference that is not known here is an error, not a guess: a new resource or attribute must be taught here
 * before the checks can bound the strings that use it. Pure: no cdktf.
 */
import { TASK_DEFINITION_REVISIONS_MAX } from '../aws/ecs';
import { SECRET_ARN_SUFFIX_LENGTH } from '../aws/ecs-secrets';
import { KEY_ID_LENGTH } from '../aws/kms';
import { dnsSuffixOf } from '../aws/partitions';
import { RESOURCE_ID_DIGITS_MAX } from '../aws/vpc';
import { placementOf, stringAttribute, type Placement, type RenderedStack } from './rendered';

/** `${aws_iam_role.Key.arn}` (or `$${...}`, a literal `${...}` in Terraform's syntax). */
const INTERPOLATION = /(\$?)\$\{([^{}]*)\}/g;
/** `aws_iam_role.Key.arn` or `data.aws_iam_policy_document.Key.json`. */
const REFERENCE = /^(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)$/;

type Body = Readonly<Record<string, unknown>>;

/** What an attribute of a resource type is at its longest, given the resource's rendered body. */
type Longest = (body: Body, at: Placement, resolve: (text: string) => string) => string;

const longestId = (prefix: string) => `${prefix}-${'f'.repeat(RESOURCE_ID_DIGITS_MAX)}`;
const dnsSuffix = (at: Placement) => dnsSuffixOf(at.partition);
const arn = (at: Placement, service: string, resource: string, region = at.region) => `arn:${at.partition}:${service}:${region}:${at.account}:${resource}`;

/** The resource's own attribute, with the references in it resolved; an error when it is not rendered. */
function own(body: Body, name: string, resolve: (text: string) => string): string {
  const value = stringAttribute(body, name);
  if (value === undefined) throw new Error(`no ${name} is rendered, so its longest value is not known`);
  return resolve(value);
}

const named = (attribute = 'name'): Longest => (body, _at, resolve) => own(body, attribute, resolve);

const ec2 = (prefix: string, type: string): Record<string, Longest> => ({
  id: () => longestId(prefix),
  arn: (_body, at) => arn(at, 'ec2', `${type}/${longestId(prefix)}`),
});

const ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, Longest>>>> = {
  aws_iam_role: {
    arn: (body, at, resolve) => arn(at, 'iam', `role${stringAttribute(body, 'path') ?? '/'}${own(body, 'name', resolve)}`, ''),
    id: named(),
    name: named(),
  },
  aws_ecs_cluster: {
    arn: (body, at, resolve) => arn(at, 'ecs', `cluster/${own(body, 'name', resolve)}`),
    id: (body, at, resolve) => arn(at, 'ecs', `cluster/${own(body, 'name', resolve)}`),
    name: named(),
  },
  aws_ecs_task_definition: {
    arn: (body, at, resolve) => arn(at, 'ecs', `task-definition/${own(body, 'family', resolve)}:${TASK_DEFINITION_REVISIONS_MAX}`),
    arn_without_revision: (body, at, resolve) => arn(at, 'ecs', `task-definition/${own(body, 'family', resolve)}`),
    family: named('family'),
    id: named('family'),
    revision: () => String(TASK_DEFINITION_REVISIONS_MAX),
  },
  aws_cloudwatch_log_group: {
    arn: (body, at, resolve) => arn(at, 'logs', `log-group:${own(body, 'name', resolve)}`),
    id: named(),
    name: named(),
  },
  aws_ecr_repository: {
    arn: (body, at, resolve) => arn(at, 'ecr', `repository/${own(body, 'name', resolve)}`),
    id: named(),
    name: named(),
    registry_id: (_body, at) => at.account,
    repository_url: (body, at, resolve) => `${at.account}.dkr.ecr.${at.region}.${dnsSuffix(at)}/${own(body, 'name', resolve)}`,
  },
  aws_kms_key: {
    arn: (_body, at) => arn(at, 'kms', `key/${'k'.repeat(KEY_ID_LENGTH)}`),
    id: () => 'k'.repeat(KEY_ID_LENGTH),
    key_id: () => 'k'.repeat(KEY_ID_LENGTH),
  },
  aws_kms_alias: {
    arn: (body, at, resolve) => arn(at, 'kms', own(body, 'name', resolve)),
    name: named(),
  },
  aws_secretsmanager_secret: {
    arn: (body, at, resolve) => arn(at, 'secretsmanager', `secret:${own(body, 'name', resolve)}-${'x'.repeat(SECRET_ARN_SUFFIX_LENGTH)}`),
    id: (body, at, resolve) => arn(at, 'secretsmanager', `secret:${own(body, 'name', resolve)}-${'x'.repeat(SECRET_ARN_SUFFIX_LENGTH)}`),
    name: named(),
  },
  aws_sfn_state_machine: {
    arn: (body, at, resolve) => arn(at, 'states', `stateMachine:${own(body, 'name', resolve)}`),
    id: (body, at, resolve) => arn(at, 'states', `stateMachine:${own(body, 'name', resolve)}`),
    name: named(),
  },
  aws_sqs_queue: {
    arn: (body, at, resolve) => arn(at, 'sqs', own(body, 'name', resolve)),
    id: (body, at, resolve) => `https://sqs.${at.region}.${dnsSuffix(at)}/${at.account}/${own(body, 'name', resolve)}`,
    url: (body, at, resolve) => `https://sqs.${at.region}.${dnsSuffix(at)}/${at.account}/${own(body, 'name', resolve)}`,
    name: named(),
  },
  aws_sns_topic: {
    arn: (body, at, resolve) => arn(at, 'sns', own(body, 'name', resolve)),
    id: (body, at, resolve) => arn(at, 'sns', own(body, 'name', resolve)),
    name: named(),
  },
  aws_scheduler_schedule_group: {
    arn: (body, at, resolve) => arn(at, 'scheduler', `schedule-group/${own(body, 'name', resolve)}`),
    id: named(),
    name: named(),
  },
  aws_scheduler_schedule: {
    arn: (body, at, resolve) => arn(at, 'scheduler', `schedule/${own(body, 'group_name', resolve)}/${own(body, 'name', resolve)}`),
    name: named(),
  },
  aws_cloudwatch_event_rule: {
    arn: (body, at, resolve) => arn(at, 'events', `rule/${own(body, 'name', resolve)}`),
    id: named(),
    name: named(),
  },
  aws_s3_bucket: {
    arn: (body, at, resolve) => `arn:${at.partition}:s3:::${own(body, 'bucket', resolve)}`,
    bucket: named('bucket'),
    id: named('bucket'),
  },
  aws_vpc: ec2('vpc', 'vpc'),
  aws_subnet: ec2('subnet', 'subnet'),
  aws_security_group: ec2('sg', 'security-group'),
};

/** The longest value of one reference (`aws_iam_role.Key.arn`) in `stack`. */
export function longestReference(stack: RenderedStack, reference: string): string {
  const parts = REFERENCE.exec(reference);
  if (!parts) throw new Error(`stack ${stack.name}: no longest value is known for the expression \${${reference}}`);
  const [, data, type, key, attribute] = parts;
  const body = (data ? stack.json.data : stack.json.resource)?.[type]?.[key];
  if (!body) throw new Error(`stack ${stack.name}: \${${reference}} names nothing rendered`);
  const resolve = (text: string) => longestValue(stack, text);
  if (data && type === 'aws_iam_policy_document' && attribute === 'json') return JSON.stringify(policyDocument(body, resolve));
  const longest = data ? undefined : ATTRIBUTES[type]?.[attribute];
  if (!longest) throw new Error(`stack ${stack.name}: no longest value is known for ${data ?? ''}${type}.${attribute} (\${${reference}}): teach stacks/checks/references.ts`);
  try {
    return longest(body, placementOf(stack), resolve);
  } catch (error) {
    throw new Error(`stack ${stack.name}: \${${reference}}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** `text` with every reference replaced by its longest value, and every `$${` by the `${` Terraform makes of it. */
export function longestValue(stack: RenderedStack, text: string): string {
  if (!text.includes('${')) return text;
  return text.replace(INTERPOLATION, (whole: string, escaped: string, reference: string) => (escaped ? whole.slice(1) : longestReference(stack, reference.trim())));
}

/** The references `${...}` of `text`, as written (`aws_iam_role.Key.arn`). */
export function referencesIn(text: string): string[] {
  return [...text.matchAll(INTERPOLATION)].filter((match) => !match[1]).map((match) => match[2].trim());
}

interface StatementBlock {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: readonly string[];
  readonly not_actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly not_resources?: readonly string[];
  readonly principals?: readonly { type: string; identifiers: readonly string[] }[];
  readonly not_principals?: readonly { type: string; identifiers: readonly string[] }[];
  readonly condition?: readonly { test: string; variable: string; values: readonly string[] }[];
}

/**
 * The document an `aws_iam_policy_document` data source renders from its statements, every list kept a list (the
 * data source writes a list of one as a string, two characters shorter: this is the longest form).
 */
function policyDocument(body: Body, resolve: (text: string) => string): unknown {
  const statements = (Array.isArray(body.statement) ? body.statement : []) as StatementBlock[];
  const strings = (values: readonly string[] | undefined) => values?.map(resolve);
  const principals = (blocks: StatementBlock['principals']) =>
    blocks && Object.fromEntries(blocks.map((block) => [block.type, block.identifiers.map(resolve)]));
  return {
    Version: typeof body.version === 'string' ? body.version : '2012-10-17',
    Statement: statements.map((statement) => {
      const conditions: Record<string, Record<string, string[]>> = {};
      for (const condition of statement.condition ?? []) {
        conditions[condition.test] = { ...conditions[condition.test], [condition.variable]: condition.values.map(resolve) };
      }
      const rendered = {
        Sid: statement.sid,
        Effect: statement.effect ?? 'Allow',
        Action: strings(statement.actions),
        NotAction: strings(statement.not_actions),
        Resource: strings(statement.resources),
        NotResource: strings(statement.not_resources),
        Principal: principals(statement.principals),
        NotPrincipal: principals(statement.not_principals),
        Condition: statement.condition ? conditions : undefined,
      };
      return Object.fromEntries(Object.entries(rendered).filter(([, value]) => value !== undefined));
    }),
  };
}
