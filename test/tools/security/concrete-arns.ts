/**
 * Rendered policies hold Terraform references (`${aws_iam_role.X.arn}`) that only apply resolves. For the
 * IAM evaluation they are replaced by the ARNs AWS will give those resources, derived from the name
 * attributes in the same stack JSON (a task definition gets revision 1, a secret its random suffix).
 * An unknown reference throws, so a policy is never evaluated with a hole in it.
 */
import { allowedAccountIds, isObject, type JsonObject, type StackJson } from '../../../tools/security/model';

export interface Place {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
}

export function placeOf(stack: StackJson): Place {
  const account = allowedAccountIds(stack)[0];
  const region = stack.provider.aws?.[0]?.region;
  if (!account || typeof region !== 'string') throw new Error('the stack names no account or region on its AWS provider');
  return { partition: 'aws', account, region };
}

export const SECRET_SUFFIX = 'AbCdEf';

type Resolver = (attributes: JsonObject, place: Place) => Record<string, string>;

const str = (attributes: JsonObject, key: string): string => {
  const value = attributes[key];
  if (typeof value !== 'string' || value.includes('${')) throw new Error(`attribute ${key} is not a literal: ${JSON.stringify(value)}`);
  return value;
};

const RESOLVERS: Readonly<Record<string, Resolver>> = {
  aws_iam_role: (a, p) => ({ arn: `arn:${p.partition}:iam::${p.account}:role/${str(a, 'name')}`, id: str(a, 'name'), name: str(a, 'name') }),
  aws_ecs_task_definition: (a, p) => {
    const base = `arn:${p.partition}:ecs:${p.region}:${p.account}:task-definition/${str(a, 'family')}`;
    return { arn: `${base}:1`, arn_without_revision: base, family: str(a, 'family') };
  },
  aws_ecs_cluster: (a, p) => {
    const arn = `arn:${p.partition}:ecs:${p.region}:${p.account}:cluster/${str(a, 'name')}`;
    return { arn, id: arn, name: str(a, 'name') };
  },
  aws_sfn_state_machine: (a, p) => {
    const arn = `arn:${p.partition}:states:${p.region}:${p.account}:stateMachine:${str(a, 'name')}`;
    return { arn, id: arn, name: str(a, 'name') };
  },
  aws_secretsmanager_secret: (a, p) => {
    const arn = `arn:${p.partition}:secretsmanager:${p.region}:${p.account}:secret:${str(a, 'name')}-${SECRET_SUFFIX}`;
    return { arn, id: arn, name: str(a, 'name') };
  },
  aws_cloudwatch_event_rule: (a, p) => ({ arn: `arn:${p.partition}:events:${p.region}:${p.account}:rule/${str(a, 'name')}`, id: str(a, 'name'), name: str(a, 'name') }),
  aws_cloudwatch_log_group: (a, p) => ({ arn: `arn:${p.partition}:logs:${p.region}:${p.account}:log-group:${str(a, 'name')}`, name: str(a, 'name') }),
  aws_ecr_repository: (a, p) => ({
    arn: `arn:${p.partition}:ecr:${p.region}:${p.account}:repository/${str(a, 'name')}`,
    name: str(a, 'name'),
    repository_url: `${p.account}.dkr.ecr.${p.region}.amazonaws.com/${str(a, 'name')}`,
  }),
  aws_scheduler_schedule_group: (a, p) => {
    const arn = `arn:${p.partition}:scheduler:${p.region}:${p.account}:schedule-group/${str(a, 'name')}`;
    return { arn, id: str(a, 'name'), name: str(a, 'name') };
  },
  aws_sqs_queue: (a, p) => ({ arn: `arn:${p.partition}:sqs:${p.region}:${p.account}:${str(a, 'name')}`, name: str(a, 'name') }),
  aws_kms_key: (_, p) => ({ arn: `arn:${p.partition}:kms:${p.region}:${p.account}:key/00000000-0000-4000-8000-000000000000` }),
};

/** `text` with every `${type.name.attribute}` replaced by its concrete value. */
export function concrete(stack: StackJson, text: string): string {
  const place = placeOf(stack);
  return text.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g, (whole, type: string, name: string, attribute: string) => {
    const resolver = RESOLVERS[type];
    const attributes = stack.resource[type]?.[name];
    if (!resolver || !isObject(attributes)) throw new Error(`cannot make ${whole} concrete`);
    const value = resolver(attributes, place)[attribute];
    if (value === undefined) throw new Error(`cannot make ${whole} concrete: no ${attribute}`);
    return value;
  });
}

/** The concrete ARN (or other attribute) of a resource of the stack, by address. */
export function concreteOf(stack: StackJson, address: string, attribute = 'arn'): string {
  return concrete(stack, `\${${address}.${attribute}}`);
}
