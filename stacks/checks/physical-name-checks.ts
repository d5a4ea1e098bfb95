/**
 * The physical names of the rendered stacks against AWS: no two resources of one namespace get the same name
 * (synthesis and plan pass, apply fails), across every stack of the app (environments that share an account,
 * or an account and region, share namespaces), and no name is longer than AWS allows.
 *
 * Namespaces: IAM roles are global to an account; a security group name is unique within its VPC (a VPC the stack
 * creates is its own, an existing one may be shared by stacks), a schedule name within its schedule group; the
 * other names here are unique per account and region.
 */
import { IAM_ROLE_NAME_MAX } from '../aws/iam';
import { REPOSITORY_NAME_MAX } from '../aws/ecr';
import { SCHEDULE_GROUP_NAME_MAX, SCHEDULE_NAME_MAX } from '../aws/scheduler';
import { STATES_NAME_MAX } from '../aws/states';
import type { CheckProblem } from './problem';
import { longestValue } from './references';
import { placementOf, resourcesOfType, stringAttribute, type RenderedResource, type RenderedStack } from './rendered';
import type { Source } from './sources';

/** Where a name must be unique. */
type Namespace = 'account' | 'region' | 'vpc' | 'schedule group';

interface NamedType {
  readonly type: string;
  readonly kind: string;
  /** The attribute holding the name. */
  readonly attribute: string;
  readonly namespace: Namespace;
  /** Longest name AWS accepts, for the kinds whose limit the configuration's own limits do not already keep. */
  readonly max?: number;
}

/** The resource types whose names are chosen by the stacks, and their namespaces and limits. */
export const NAMED_TYPES: readonly NamedType[] = [
  { type: 'aws_kms_alias', kind: 'KMS alias', attribute: 'name', namespace: 'region' },
  { type: 'aws_security_group', kind: 'security group', attribute: 'name', namespace: 'vpc' },
  { type: 'aws_cloudwatch_log_group', kind: 'log group', attribute: 'name', namespace: 'region' },
  // rule iam.role-name-length
  { type: 'aws_iam_role', kind: 'IAM role', attribute: 'name', namespace: 'account', max: IAM_ROLE_NAME_MAX },
  { type: 'aws_ecs_cluster', kind: 'ECS cluster', attribute: 'name', namespace: 'region' },
  { type: 'aws_secretsmanager_secret', kind: 'secret', attribute: 'name', namespace: 'region' },
  // rule ecr.repository-name-length
  { type: 'aws_ecr_repository', kind: 'ECR repository', attribute: 'name', namespace: 'region', max: REPOSITORY_NAME_MAX },
  { type: 'aws_ecs_task_definition', kind: 'ECS task family', attribute: 'family', namespace: 'region' },
  // rule scheduler.schedule-group-name
  { type: 'aws_scheduler_schedule_group', kind: 'schedule group', attribute: 'name', namespace: 'region', max: SCHEDULE_GROUP_NAME_MAX },
  // rule states.name-length
  { type: 'aws_sfn_state_machine', kind: 'state machine', attribute: 'name', namespace: 'region', max: STATES_NAME_MAX },
  // rule scheduler.schedule-name-length
  { type: 'aws_scheduler_schedule', kind: 'schedule', attribute: 'name', namespace: 'schedule group', max: SCHEDULE_NAME_MAX },
  { type: 'aws_sqs_queue', kind: 'SQS queue', attribute: 'name', namespace: 'region' },
];

export interface PhysicalName {
  readonly kind: string;
  readonly name: string;
  /** Where the name must be unique, e.g. `123456789012/eu-west-1` or `123456789012` for IAM. */
  readonly scope: string;
  readonly source: Source;
  readonly max?: number;
}

function scopeOf(resource: RenderedResource, namespace: Namespace): string {
  const { account, region } = placementOf(resource.stack);
  const regional = `${account}/${region}`;
  if (namespace === 'account') return account;
  if (namespace === 'region') return regional;
  if (namespace === 'schedule group') return `${regional}/schedule group ${longestValue(resource.stack, stringAttribute(resource.body, 'group_name') ?? 'default')}`;
  // A VPC the stack creates (a reference) is its own; one given by ID may be shared.
  const vpc = stringAttribute(resource.body, 'vpc_id') ?? 'default VPC';
  return vpc.includes('${') ? `${regional}/stack ${resource.stack.name}: ${vpc}` : `${regional}/${vpc}`;
}

/**
 * Every physical name of the rendered stacks, in the order of the declarations that make them (the order their
 * sources were declared in), each with its namespace.
 */
export function physicalNames(stacks: readonly RenderedStack[]): PhysicalName[] {
  return stacks.flatMap((stack) => {
    // One declaration (label) may have several sources (a task, and its execution role with what grows its policies).
    const order = new Map<string, number>();
    for (const source of stack.sources.values()) if (!order.has(source.label)) order.set(source.label, order.size);
    const names = NAMED_TYPES.flatMap((named) =>
      resourcesOfType(stack, named.type)
        .flatMap((resource): PhysicalName[] => {
          const name = stringAttribute(resource.body, named.attribute);
          if (name === undefined) return [];
          return [{ kind: named.kind, name: longestValue(stack, name), scope: scopeOf(resource, named.namespace), source: resource.source, ...(named.max === undefined ? {} : { max: named.max }) }];
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    );
    // A stable sort: within one declaration, the order of NAMED_TYPES, then of the names.
    return names.sort((a, b) => (order.get(a.source.label) ?? 0) - (order.get(b.source.label) ?? 0));
  });
}

/** Two declarations that would create resources of the same name: every name they share, once. */
export interface NameClash {
  /** The declaration that comes first in the configuration. */
  readonly first: Source;
  readonly second: Source;
  readonly names: readonly PhysicalName[];
}

/**
 * Every pair of declarations that make the same name in the same namespace, each pair once with all the names it
 * shares (sorted by kind, then name). A declaration repeated as such (one label) is not a clash here.
 */
export function nameClashes(names: readonly PhysicalName[]): NameClash[] {
  const claimed = new Map<string, PhysicalName>();
  const clashes = new Map<string, { first: Source; second: Source; names: PhysicalName[] }>();
  for (const name of names) {
    const key = `${name.scope}\0${name.kind}\0${name.name}`;
    const earlier = claimed.get(key);
    if (!earlier) {
      claimed.set(key, name);
      continue;
    }
    if (earlier.source.label === name.source.label) continue;
    const pair = `${earlier.source.label}\0${name.source.label}`;
    const clash = clashes.get(pair) ?? { first: earlier.source, second: name.source, names: [] };
    clash.names.push(name);
    clashes.set(pair, clash);
  }
  const byKindThenName = (a: PhysicalName, b: PhysicalName) => (a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind < b.kind ? -1 : 1);
  return [...clashes.values()].map((clash) => ({ ...clash, names: [...clash.names].sort(byKindThenName) }));
}

/** The first name of each declaration that is longer than AWS allows for its kind, with that limit. */
export function tooLongNames(names: readonly PhysicalName[]): (PhysicalName & { readonly max: number })[] {
  const reported = new Set<string>();
  const result: (PhysicalName & { readonly max: number })[] = [];
  for (const name of names) {
    if (name.max === undefined || name.name.length <= name.max || reported.has(name.source.label)) continue;
    reported.add(name.source.label);
    result.push({ ...name, max: name.max });
  }
  return result;
}

/** `IAM role "wf-dev-a-b-c-exec"`. */
export function describeName(name: PhysicalName): string {
  return `${name.kind} "${name.name}"`;
}

/**
 * Every name longer than its AWS limit, and every clash (once, naming both fields: `formatPath` writes the first
 * one's path as the configuration shows it).
 */
export function physicalNameProblems(stacks: readonly RenderedStack[], formatPath: (path: readonly PropertyKey[]) => string): CheckProblem[] {
  const names = physicalNames(stacks);
  const problems: CheckProblem[] = tooLongNames(names).map((name) => ({
    path: name.source.path,
    message: `makes the ${name.kind} name "${name.name}" longer than ${name.max} characters: shorten the task, workflow, project or environment name`,
  }));
  for (const clash of nameClashes(names)) {
    const shared = clash.names.map(describeName);
    const listed = shared.length > 4 ? [...shared.slice(0, 4), `${shared.length - 4} more`] : shared;
    problems.push({
      path: clash.second.path,
      message: `${clash.second.label} makes the same physical names as ${clash.first.label} (${formatPath(clash.first.path)}): ${listed.join(', ')}; rename one of them`,
    });
  }
  return problems;
}
