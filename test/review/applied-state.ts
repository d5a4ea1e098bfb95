/**
 * A local terraform.tfstate "as if applied", for plans that must show updates, replacements and destroys
 * although `terraform apply` cannot reach AWS here.
 *
 * How it is built, honestly and repeatably:
 * 1. Plan the configuration against the (empty or current) state, offline, as the harness does.
 * 2. Every resource the plan creates, updates or replaces gets a state entry with the plan's `after`
 *    values; what the plan only knows after apply (IDs, ARNs, revision numbers) is filled in with fake but
 *    well-formed values derived from the resource address, so every run gives the same state. The type of
 *    each filled value comes from the provider's own schema (`terraform providers schema -json`), and so
 *    does the entry's schema version.
 * 3. Plan again: references to the filled values are now known, so attributes that depend on them (a subnet's
 *    vpc_id, a policy naming a role ARN, a definition naming task definition ARNs) change. Repeat until
 *    Terraform plans no change at all: the state is then exactly what applying the configuration would
 *    have recorded, except that the computed values are fakes.
 * Terraform itself decides every value except the fakes; nothing here encodes what the AWS provider does.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parsePlan, type PlanJson, type ResourceChangeJson } from '../../stacks/review/plan-json';
import { makeOffline, terraformEnvironment, type TerraformTools } from '../terraform-harness';
import { ACCOUNT, REGION } from '../helpers';
import type { SfnStub } from './sfn-validation-stub';

const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';
const MAX_ROUNDS = 12;

interface SchemaAttribute {
  readonly type?: unknown;
}

interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock }>>;
}

interface ResourceSchema {
  readonly version: number;
  readonly block: SchemaBlock;
}

interface ProviderSchemas {
  readonly provider_schemas: Readonly<Record<string, { readonly resource_schemas: Readonly<Record<string, ResourceSchema>> }>>;
}

interface StateInstance {
  schema_version: number;
  attributes: Record<string, unknown>;
  sensitive_attributes: never[];
  dependencies: never[];
}

interface StateResource {
  mode: 'managed';
  type: string;
  name: string;
  provider: string;
  instances: StateInstance[];
}

interface StateFile {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, never>;
  resources: StateResource[];
  check_results: null;
}

/** A synthesized stack folder prepared for offline terraform: offline provider flags, local backend, init done. */
export interface OfflineStack {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

type StackJson = { provider?: { aws?: Record<string, unknown>[] } };

/**
 * Prepares a synthesized stack folder for offline planning: the harness's offline provider flags and local
 * backend, Step Functions calls sent to the loopback stub, then `terraform init`.
 */
export async function prepareStack(tools: TerraformTools, dir: string, stub: SfnStub): Promise<OfflineStack> {
  const file = path.join(dir, 'cdk.tf.json');
  makeOffline(file);
  const stack = JSON.parse(fs.readFileSync(file, 'utf8')) as StackJson;
  for (const provider of stack.provider?.aws ?? []) provider.endpoints = [{ sfn: stub.url }];
  fs.writeFileSync(file, JSON.stringify(stack, null, 2));
  const env = terraformEnvironment(tools, dir);
  await terraformAsync(tools, dir, env, ['init', '-input=false', '-no-color']);
  return { dir, env };
}

const run = promisify(execFile);

/** Like the harness's `terraform`, without blocking the event loop (the stub answers in this process). */
export async function terraformAsync(tools: TerraformTools, cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(tools.terraform, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(' ')} failed in ${cwd}:\n${failure.stderr ?? ''}\n${failure.stdout ?? ''}`, { cause: error });
  }
}

/** `terraform plan` then `terraform show -json`, read through the summary's own parser. */
export async function planOf(tools: TerraformTools, stack: OfflineStack, planFile = 'plan.bin'): Promise<{ plan: PlanJson; json: string }> {
  await terraformAsync(tools, stack.dir, stack.env, ['plan', '-input=false', '-no-color', '-refresh=false', `-out=${planFile}`]);
  const json = await terraformAsync(tools, stack.dir, stack.env, ['show', '-json', planFile]);
  return { plan: parsePlan(json, `${stack.dir}/${planFile}`), json };
}

async function loadSchemas(tools: TerraformTools, stack: OfflineStack): Promise<Readonly<Record<string, ResourceSchema>>> {
  const schemas = JSON.parse(await terraformAsync(tools, stack.dir, stack.env, ['providers', 'schema', '-json'])) as ProviderSchemas;
  const aws = schemas.provider_schemas[AWS_PROVIDER];
  if (!aws) throw new Error(`no schema for ${AWS_PROVIDER}`);
  return aws.resource_schemas;
}

/**
 * Writes `<dir>/terraform.tfstate` so that planning the stack's own configuration shows no change.
 * @returns how many plans it took
 */
export async function simulateApply(tools: TerraformTools, stack: OfflineStack): Promise<number> {
  const schemas = await loadSchemas(tools, stack);
  const stateFile = path.join(stack.dir, 'terraform.tfstate');
  const state: StateFile = fs.existsSync(stateFile)
    ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as StateFile)
    : { version: 4, terraform_version: '1.11.4', serial: 0, lineage: '00000000-0000-4000-8000-000000000000', outputs: {}, resources: [], check_results: null };
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const { plan } = await planOf(tools, stack, 'simulate.bin');
    const pending = plan.resource_changes.filter((change) => change.mode === 'managed' && !change.change.actions.every((action) => action === 'no-op'));
    if (pending.length === 0) return round;
    for (const change of pending) record(state, change, schemas);
    state.serial++;
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  }
  throw new Error(`the simulated state did not settle after ${MAX_ROUNDS} plans`);
}

function record(state: StateFile, change: ResourceChangeJson, schemas: Readonly<Record<string, ResourceSchema>>): void {
  const index = state.resources.findIndex((resource) => resource.type === change.type && resource.name === change.name);
  if (index >= 0) state.resources.splice(index, 1);
  if (change.change.actions.every((action) => action === 'delete')) return;
  const schema = schemas[change.type];
  if (!schema) throw new Error(`no schema for ${change.type}`);
  const attributes = fillBlock(change.change.after, change.change.after_unknown, schema.block, new Fakes(change));
  state.resources.push({
    mode: 'managed',
    type: change.type,
    name: change.name,
    provider: `provider["${AWS_PROVIDER}"]`,
    instances: [{ schema_version: schema.version, attributes, sensitive_attributes: [], dependencies: [] }],
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fillBlock(value: unknown, unknown: unknown, block: SchemaBlock, fakes: Fakes): Record<string, unknown> {
  const known = isRecord(value) ? value : {};
  const marks = isRecord(unknown) ? unknown : {};
  const result: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    result[name] = marks[name] === true ? fakes.value(attribute.type, name) : fillType(known[name] ?? null, marks[name], attribute.type, fakes, name);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const items = known[name];
    const itemMarks = marks[name];
    if (nested.nesting_mode === 'single' || nested.nesting_mode === 'group') {
      result[name] = isRecord(items) ? fillBlock(items, itemMarks, nested.block, fakes) : null;
    } else if (nested.nesting_mode === 'map') {
      result[name] = isRecord(items) ? Object.fromEntries(Object.entries(items).map(([key, item]) => [key, fillBlock(item, isRecord(itemMarks) ? itemMarks[key] : undefined, nested.block, fakes)])) : {};
    } else {
      result[name] = Array.isArray(items) ? items.map((item, position) => fillBlock(item, Array.isArray(itemMarks) ? itemMarks[position] : undefined, nested.block, fakes)) : [];
    }
  }
  return result;
}

/** Fills unknown parts inside a known value of a complex attribute type (lists of objects, maps, ...). */
function fillType(value: unknown, unknown: unknown, type: unknown, fakes: Fakes, name: string): unknown {
  if (unknown === true) return fakes.value(type, name);
  if (value === null || unknown === undefined || unknown === false || !Array.isArray(type)) return value;
  const [kind, inner] = type as [string, unknown];
  if ((kind === 'list' || kind === 'set') && Array.isArray(value)) {
    return value.map((item, position) => fillType(item, Array.isArray(unknown) ? unknown[position] : undefined, inner, fakes, name));
  }
  if (kind === 'map' && isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillType(item, isRecord(unknown) ? unknown[key] : undefined, inner, fakes, name)]));
  }
  if (kind === 'object' && isRecord(value) && isRecord(inner)) {
    return Object.fromEntries(Object.entries(inner).map(([key, fieldType]) => [key, fillType(value[key] ?? null, isRecord(unknown) ? unknown[key] : undefined, fieldType, fakes, key)]));
  }
  return value;
}

const ID_PREFIXES: Readonly<Record<string, string>> = {
  aws_vpc: 'vpc-',
  aws_subnet: 'subnet-',
  aws_security_group: 'sg-',
  aws_default_security_group: 'sg-',
  aws_internet_gateway: 'igw-',
  aws_route_table: 'rtb-',
  aws_route_table_association: 'rtbassoc-',
  aws_flow_log: 'fl-',
};

/** Fake computed values of one resource, derived from its address: the same on every run. */
class Fakes {
  private readonly known: Record<string, unknown>;

  constructor(private readonly change: ResourceChangeJson) {
    this.known = isRecord(change.change.after) ? change.change.after : {};
  }

  value(type: unknown, name: string): unknown {
    if (type === 'number') return 1;
    if (type === 'bool') return false;
    if (type === 'string') return this.string(name);
    if (Array.isArray(type)) {
      const [kind, inner] = type as [string, unknown];
      if (kind === 'map') return {};
      if (kind === 'object' && isRecord(inner)) return Object.fromEntries(Object.entries(inner).map(([key, fieldType]) => [key, this.value(fieldType, key)]));
      return [];
    }
    return null;
  }

  private string(name: string): string {
    const hash = createHash('sha256').update(`${this.change.address}.${name}`).digest('hex').slice(0, 17);
    const resourceName = typeof this.known.name === 'string' ? this.known.name : typeof this.known.family === 'string' ? this.known.family : hash;
    const kind = this.change.type.replace(/^aws_/, '');
    const service = kind.split('_')[0];
    if (name === 'arn' || name.endsWith('_arn')) {
      return service === 'iam' ? `arn:aws:iam::${ACCOUNT}:${kind.replace(/^iam_/, '')}/${resourceName}` : `arn:aws:${service}:${REGION}:${ACCOUNT}:${kind}/${resourceName}${name === 'arn' ? '' : `/${name}`}`;
    }
    if (name === 'id') return `${ID_PREFIXES[this.change.type] ?? `${kind}-`}${hash}`;
    if (name === 'owner_id' || name === 'registry_id') return ACCOUNT;
    return `fake-${name}-${hash}`;
  }
}
