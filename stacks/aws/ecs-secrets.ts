/**
 * How a container of an ECS task definition references a secret (`secrets[].valueFrom`), and the IAM resource
 * the task execution role must be granted for it. ECS accepts forms whose text is not the ARN IAM evaluates
 * the request against (a JSON key or version after the ARN, a partial ARN, a bare parameter name): granting the
 * text as given would synthesize and apply, and the task would stop at start with AccessDenied. Every form ECS
 * documents is turned into the resource that matches the real ARN; what no policy can grant is refused.
 */
import type { AwsRule } from './rule';

export type SecretService = 'secretsmanager' | 'ssm';

/** A `valueFrom` ECS accepts, with the IAM resource that matches the secret or parameter it names. */
export interface SecretReference {
  /** What the container definition says, as given. */
  readonly valueFrom: string;
  readonly service: SecretService;
  /**
   * The resource for the execution role's policy: the ARN IAM evaluates `secretsmanager:GetSecretValue` or
   * `ssm:GetParameters` against, or `<secret name>-??????` when the six random characters are not known.
   */
  readonly resource: string;
}

/** Where the task runs: a parameter given by name is in this account and Region. */
export interface TaskPlace {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export interface SecretReferenceProblem {
  readonly problem: string;
}

/** The characters of a secret name. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;
/** How many random characters follow the secret's name and a hyphen in its ARN (rule secretsmanager.arn-suffix). */
export const SECRET_ARN_SUFFIX_LENGTH = 6;
/** The end of a complete secret ARN: a hyphen and the six random characters. */
const RANDOM_SUFFIX = /-[A-Za-z0-9]{6}$/;
/** A parameter name: one level, or a hierarchy that starts with a slash. */
const PARAMETER_NAME = /^(\/?[A-Za-z0-9_.-]+|(\/[A-Za-z0-9_.-]+)+)$/;
/** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
const ARN = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

const FORMS =
  'a Secrets Manager secret ARN (…:secret:<name>, optionally followed by :<json-key>:<version-stage>:<version-id>), an SSM parameter ARN (…:parameter/<name>), or the name of a parameter in the task’s Region (name or /path/name)';

const ONLY_FORMS: Readonly<Record<SecretService, string>> = {
  secretsmanager: 'a Secrets Manager secret ARN (…:secret:<name>, optionally followed by :<json-key>:<version-stage>:<version-id>)',
  ssm: 'an SSM parameter ARN (…:parameter/<name>) or the name of a parameter in the task’s Region',
};

export const ECS_SECRETS_RULES: readonly AwsRule[] = [
  {
    id: 'ecs.secretsmanager-value-from',
    rule: 'A container secret from Secrets Manager is the secret ARN, or that ARN followed by :json-key:version-stage:version-id with every colon present; a version stage and a version ID exclude each other.',
    source: 'Pass Secrets Manager secrets through Amazon ECS environment variables (Amazon ECS Developer Guide)',
  },
  {
    id: 'ecs.ssm-value-from',
    rule: "A container secret from Parameter Store is the parameter ARN, or the parameter name when the parameter is in the task's Region.",
    source: 'Pass Systems Manager parameters through Amazon ECS environment variables (Amazon ECS Developer Guide)',
  },
  {
    id: 'secretsmanager.arn-suffix',
    rule: "A secret's ARN is its name followed by a hyphen and six random characters.",
    source: 'Permissions reference for Secrets Manager (AWS Secrets Manager User Guide)',
  },
  {
    id: 'secretsmanager.partial-arn',
    rule: 'An ARN without the six random characters is a partial ARN; a name that ends in a hyphen and six characters is taken for a complete ARN.',
    source: 'Troubleshoot AWS Secrets Manager (AWS Secrets Manager User Guide)',
  },
  {
    id: 'iam.resource-wildcards',
    rule: 'In a Resource ARN, * matches any run of characters and ? exactly one character.',
    source: 'IAM JSON policy elements: Resource (IAM User Guide)',
  },
  {
    id: 'ssm.parameter-name',
    rule: 'A parameter name holds letters, digits, _ . - and, between the levels of a hierarchy, /; a name in a hierarchy starts with /.',
    source: 'Creating Parameter Store parameters in Systems Manager (AWS Systems Manager User Guide)',
  },
  {
    id: 'ssm.parameter-arn',
    rule: "A parameter's ARN is arn:<partition>:ssm:<region>:<account>:parameter/ followed by its name without the leading slash.",
    source: 'Actions, resources, and condition keys for AWS Systems Manager (Service Authorization Reference)',
  },
];

export function isProblem(parsed: SecretReference | SecretReferenceProblem): parsed is SecretReferenceProblem {
  return 'problem' in parsed;
}

/**
 * The reference `valueFrom` makes for a task running in `place`, with the IAM resource that matches it, or what
 * is wrong with it: its form ({@link secretReferenceProblem}), or a full ARN of another partition, which no role
 * of the task's partition can be granted ({@link secretPartitionProblem}).
 */
export function parseSecretReference(valueFrom: string, place: TaskPlace): SecretReference | SecretReferenceProblem {
  const problem = secretPartitionProblem(valueFrom, place.partition);
  return problem ? { problem } : parse(valueFrom, place);
}

/** What is wrong with a full ARN of another partition than the task's, or undefined. */
export function secretPartitionProblem(valueFrom: string, partition: string): string | undefined {
  const arn = ARN.exec(valueFrom);
  if (!arn || arn[1] === partition) return undefined;
  return `is in partition ${arn[1]}, but the task runs in ${partition}: its execution role can never be granted it`;
}

/**
 * What is wrong with the form of `valueFrom` wherever the task runs, or undefined; with `only`, a reference to
 * the other service is wrong too.
 */
export function secretReferenceProblem(valueFrom: string, only?: SecretService): string | undefined {
  // The form does not depend on where the task runs: read a full ARN in its own partition.
  const parsed = parse(valueFrom, { partition: ARN.exec(valueFrom)?.[1] ?? 'aws', region: 'us-east-1', accountId: '123456789012' });
  const form = only ? ONLY_FORMS[only] : FORMS;
  if (isProblem(parsed)) return only && !valueFrom.includes(`:${only}:`) ? `must be ${form}` : parsed.problem;
  if (only && parsed.service !== only) return `must be ${form}`;
  return undefined;
}

/** The reference, for a `valueFrom` already validated by {@link parseSecretReference}; throws otherwise. */
export function secretReference(valueFrom: string, place: TaskPlace): SecretReference {
  const parsed = parseSecretReference(valueFrom, place);
  if (isProblem(parsed)) throw new Error(`secret ${JSON.stringify(valueFrom)} ${parsed.problem}`);
  return parsed;
}

/** A secret whose complete ARN is known (for instance one the stack creates, still a Terraform reference). */
export function secretWithArn(arn: string): SecretReference {
  return { valueFrom: arn, service: 'secretsmanager', resource: arn };
}

function parse(valueFrom: string, place: TaskPlace): SecretReference | SecretReferenceProblem {
  if (!valueFrom.startsWith('arn:')) return parameterName(valueFrom, place);
  const arn = ARN.exec(valueFrom);
  if (!arn) return { problem: `must be ${FORMS}` };
  const [, partition, service, region, account, resource] = arn;
  if (!region || !account) return { problem: `must be ${FORMS}: the ARN names no Region or account` };
  if (service === 'secretsmanager') return secretArn(valueFrom, `arn:${partition}:secretsmanager:${region}:${account}`, resource);
  if (service === 'ssm') return parameterArn(valueFrom, resource);
  return { problem: `must be ${FORMS}, not an ARN of ${service}` };
}

function secretArn(valueFrom: string, prefix: string, resource: string): SecretReference | SecretReferenceProblem {
  if (!resource.startsWith('secret:')) return { problem: `must be ${FORMS}: a Secrets Manager ARN names secret:<name>` };
  const parts = resource.slice('secret:'.length).split(':');
  if (parts.length !== 1 && parts.length !== 4) {
    return { problem: `must be the secret ARN, or the secret ARN followed by :<json-key>:<version-stage>:<version-id> with every colon present (got ${parts.length - 1} after the name)` };
  }
  const [name, , versionStage = '', versionId = ''] = parts;
  if (!SECRET_NAME.test(name)) return { problem: 'names a secret with characters a secret name cannot hold (letters, digits and /_+=.@- only)' };
  if (versionStage && versionId) return { problem: 'gives both a version stage and a version ID: give one of them' };
  // A complete ARN ends in the six random characters; a partial one is matched by exactly six more.
  const complete = RANDOM_SUFFIX.test(name);
  return { valueFrom, service: 'secretsmanager', resource: `${prefix}:secret:${name}${complete ? '' : '-??????'}` };
}

function parameterArn(valueFrom: string, resource: string): SecretReference | SecretReferenceProblem {
  const name = resource.startsWith('parameter/') ? resource.slice('parameter/'.length) : undefined;
  if (name === undefined || !PARAMETER_NAME.test(`/${name}`)) return { problem: `must be ${FORMS}: a parameter ARN is …:parameter/<name> with letters, digits, _ . - and /` };
  return { valueFrom, service: 'ssm', resource: valueFrom };
}

function parameterName(valueFrom: string, place: TaskPlace): SecretReference | SecretReferenceProblem {
  if (!PARAMETER_NAME.test(valueFrom)) {
    if (/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+$/.test(valueFrom)) return { problem: `is a parameter name in a hierarchy, which starts with a slash: /${valueFrom}` };
    return { problem: `must be ${FORMS}` };
  }
  const resource = `arn:${place.partition}:ssm:${place.region}:${place.accountId}:parameter/${valueFrom.replace(/^\//, '')}`;
  return { valueFrom, service: 'ssm', resource };
}
