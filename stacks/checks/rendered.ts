/**
 * A stack as the checks read it: its Terraform JSON, rendered in memory before anything is written, with the
 * source of each resource. Pure: no cdktf.
 */
import { partitionOf } from '../builders/names';
import { nearestSource, type Source, type SourcesByPath } from './sources';

/** The parts of a stack's Terraform JSON the checks read. */
export interface TerraformJson {
  readonly provider?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

export interface RenderedStack {
  /** The stack's name (its environment's). */
  readonly name: string;
  readonly json: TerraformJson;
  readonly sources: SourcesByPath;
}

/** One rendered resource (or data source) with the configuration field it comes from. */
export interface RenderedResource {
  readonly stack: RenderedStack;
  /** `aws_iam_role`, or `data.aws_iam_policy_document` for a data source. */
  readonly type: string;
  /** Its key in the JSON: `${type}.${key}` is its Terraform address. */
  readonly key: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** The source of its construct; the stack's own for one outside every declared construct. */
  readonly source: Source;
}

/** Where the stack's resources are: its account, region and partition, as its AWS provider block says. */
export interface Placement {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** The account and region of the stack's (first) AWS provider block: `allowed_account_ids` and `region`. */
export function placementOf(stack: RenderedStack): Placement {
  const provider = stack.json.provider?.aws?.[0];
  const accounts = provider?.allowed_account_ids;
  const account = Array.isArray(accounts) && typeof accounts[0] === 'string' ? accounts[0] : undefined;
  const region = provider?.region;
  if (account === undefined || typeof region !== 'string') throw new Error(`stack ${stack.name}: its AWS provider names no allowed account and region`);
  return { account, region, partition: partitionOf(region) };
}

/** The construct path cdktf wrote in the resource's metadata. */
function constructPathOf(body: Readonly<Record<string, unknown>>): string | undefined {
  const meta = body['//'] as { metadata?: { path?: unknown } } | undefined;
  return typeof meta?.metadata?.path === 'string' ? meta.metadata.path : undefined;
}

/** The stack's own source: the one declared for its root construct. */
export function stackSource(stack: RenderedStack): Source {
  const own = stack.sources.get(stack.name);
  if (!own) throw new Error(`stack ${stack.name} has no declared source`);
  return own;
}

function blocksOf(stack: RenderedStack, type: string): Readonly<Record<string, Readonly<Record<string, unknown>>>> {
  return (type.startsWith('data.') ? stack.json.data?.[type.slice('data.'.length)] : stack.json.resource?.[type]) ?? {};
}

function placed(stack: RenderedStack, type: string, key: string, body: Readonly<Record<string, unknown>>): RenderedResource {
  const at = constructPathOf(body);
  return { stack, type, key, body, source: (at === undefined ? undefined : nearestSource(stack.sources, at)) ?? stackSource(stack) };
}

/** Every resource of `type` (`data.<type>` for data sources) of the stack, in the order rendered. */
export function resourcesOfType(stack: RenderedStack, type: string): RenderedResource[] {
  return Object.entries(blocksOf(stack, type)).map(([key, body]) => placed(stack, type, key, body));
}

/** The resource a reference such as `aws_iam_role.Key.arn` names (`type` and `key`), if it is rendered. */
export function resourceOf(stack: RenderedStack, type: string, key: string): RenderedResource | undefined {
  const body = blocksOf(stack, type)[key];
  return body === undefined ? undefined : placed(stack, type, key, body);
}

/** A string attribute, or undefined. */
export function stringAttribute(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}
