/**
 * A local terraform.tfstate "as if applied", for plans that must show updates, replacements and destroys
 * although `terraform apply` cannot reach AWS here.
 *
 * How it is built, honestly and repeatably:
 * 1. Plan the configuration against the (empty or current) state, offline, as the harness does.
 * 2. Every resource the plan creates, updates or replaces gets a state entry with the plan's `after`
 *    values, and every output its value. What the plan only knows after apply (IDs, ARNs, revision numbers)
 *    is filled in:
 *    - an attribute or output that the synthesized configuration sets to references to other resources'
 *      attributes, alone or inside a string (`${aws_iam_role.X.arn}`, a policy or definition naming ARNs),
 *      gets the values those attributes get here: known ones from the plan, unknown ones filled by these
 *      same rules. That is the interpolation Terraform itself does once the values are known, done here
 *      ahead of time so that the next plan already finds nothing to change;
 *    - anything else gets a fake but well-formed value derived from the resource address, so every run gives
 *      the same state. The type of each filled value comes from the provider's own schema
 *      (`terraform providers schema -json`), and so does the entry's schema version.
 *    A task definition's container definitions are then recorded as ECS reads them back, which is what the
 *    provider stores after apply (it reads the task definition back with DescribeTaskDefinition): the planned
 *    value put through the cited model of that read-back, stacks/aws/ecs-read-back.ts, never our
 *    configuration as it is. Where the configuration differs from that form in a way the provider does not
 *    normalise away, the next plan replaces the task definition, as it would on AWS.
 * 3. Plan again (`-detailed-exitcode`): if Terraform still plans a change (a value filled in differently
 *    from what Terraform or the provider makes of it), record that plan as in step 2 and repeat until
 *    Terraform plans no change at all. The state is then what applying the configuration would have
 *    recorded, except that computed values are fakes, and that a JSON document filled in from the
 *    configuration (a policy) keeps the configuration's spelling where apply would store the provider's
 *    normalized form, which the provider compares as equal.
 * Terraform itself decides every value except the filled ones and the read-back container definitions, and the
 * last plan checks those; nothing here encodes what the AWS provider does, and what ECS answers comes from the
 * model. A caller that plans the same resources against the state anyway, and
 * requires that plan to change nothing it did not change itself, may take step 3 upon itself (`confirm: false`:
 * one plan less, seconds of terraform CPU); if one round was not enough, that plan fails in its place.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { readBack, type ContainerDefinition } from '../../stacks/aws/ecs-read-back';
import { snsTopicReadBack } from '../../stacks/aws/sns';
import { parsePlan, type PlanJson, type ResourceChangeJson } from '../../tools/review/plan-json';
import { initOffline, makeOffline, terraformEnvironment, type TerraformTools } from '../../test/terraform-harness';
import { ACCOUNT, REGION } from '../../test/helpers';
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

interface StateOutput {
  value: unknown;
  type: unknown;
  sensitive?: true;
}

interface StateFile {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, StateOutput>;
  resources: StateResource[];
  check_results: null;
}

/** What the synthesized configuration (cdk.tf.json) sets each resource attribute and output to. */
interface ConfigJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly output?: Readonly<Record<string, { readonly value?: unknown; readonly sensitive?: boolean }>>;
}

type OutputChanges = Readonly<Record<string, { readonly after?: unknown; readonly after_unknown?: unknown }>>;

/** The part of `terraform show -json` about outputs, which the summary's parser leaves out. */
interface OutputChangesJson {
  readonly output_changes?: OutputChanges;
}

/** A synthesized stack folder prepared for offline terraform: offline provider flags, local backend, init done. */
export interface OfflineStack {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Prepares a synthesized stack folder for offline planning: the harness's offline provider flags and local
 * backend, then `terraform init` (the harness's initOffline). Step Functions calls go to the loopback stub through the environment
 * (`AWS_ENDPOINT_URL_SFN`, which the AWS provider reads like the SDKs do): an `endpoints` block in the
 * provider configuration would do the same but makes every plan about twice as slow.
 */
export async function prepareStack(tools: TerraformTools, dir: string, stub: SfnStub): Promise<OfflineStack> {
  makeOffline(path.join(dir, 'cdk.tf.json'));
  const env = { ...terraformEnvironment(tools, dir), AWS_ENDPOINT_URL_SFN: stub.url };
  await initOffline(tools, dir, env);
  return { dir, env };
}

const run = promisify(execFile);

/** Like the harness's `terraform`, without blocking the event loop (the stub answers in this process). */
export async function terraformAsync(tools: TerraformTools, cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  return (await terraformExit(tools, cwd, env, args)).stdout;
}

/** Runs terraform; 0 or an exit code in `expected` is an answer, any other a failure that shows terraform's output. */
async function terraformExit(tools: TerraformTools, cwd: string, env: NodeJS.ProcessEnv, args: string[], expected: readonly number[] = []): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(tools.terraform, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failure.code === 'number' && expected.includes(failure.code)) return { code: failure.code, stdout: failure.stdout ?? '' };
    throw new Error(`terraform ${args.join(' ')} failed in ${cwd}:\n${failure.stderr ?? ''}\n${failure.stdout ?? ''}`, { cause: error });
  }
}

/** `terraform plan` then `terraform show -json`, read through the summary's own parser. */
export async function planOf(tools: TerraformTools, stack: OfflineStack, planFile = 'plan.bin'): Promise<{ plan: PlanJson; json: string }> {
  await terraformAsync(tools, stack.dir, stack.env, ['plan', '-input=false', '-no-color', '-refresh=false', `-out=${planFile}`]);
  return showPlan(tools, stack, planFile);
}

async function showPlan(tools: TerraformTools, stack: OfflineStack, planFile: string): Promise<{ plan: PlanJson; json: string }> {
  const json = await terraformAsync(tools, stack.dir, stack.env, ['show', '-json', planFile]);
  return { plan: parsePlan(json, `${stack.dir}/${planFile}`), json };
}

/** `terraform plan -detailed-exitcode`: nothing when Terraform plans no change (exit 0), else the plan as planOf reads it. */
async function changesOf(tools: TerraformTools, stack: OfflineStack, planFile: string): Promise<{ plan: PlanJson; json: string } | undefined> {
  const { code } = await terraformExit(tools, stack.dir, stack.env, ['plan', '-input=false', '-no-color', '-refresh=false', '-detailed-exitcode', `-out=${planFile}`], [2]);
  return code === 0 ? undefined : showPlan(tools, stack, planFile);
}

/** The provider schemas this recording has loaded, by the dependency lock file they were loaded with. */
const schemasByLock = new Map<string, Promise<Readonly<Record<string, ResourceSchema>>>>();

/** The AWS provider's resource schemas, loaded once per recording for each provider version (the lock file names it). */
function loadSchemas(tools: TerraformTools, stack: OfflineStack): Promise<Readonly<Record<string, ResourceSchema>>> {
  const lock = fs.readFileSync(path.join(stack.dir, '.terraform.lock.hcl'), 'utf8');
  let schemas = schemasByLock.get(lock);
  if (!schemas) {
    schemas = terraformAsync(tools, stack.dir, stack.env, ['providers', 'schema', '-json']).then((json) => {
      const aws = (JSON.parse(json) as ProviderSchemas).provider_schemas[AWS_PROVIDER];
      if (!aws) throw new Error(`no schema for ${AWS_PROVIDER}`);
      return aws.resource_schemas;
    });
    schemasByLock.set(lock, schemas);
  }
  return schemas;
}

/** How {@link simulateApply} goes about it. */
export interface SimulateOptions {
  /** Plan again until Terraform plans no change (step 3); `false` stops after the first round. Default true. */
  readonly confirm?: boolean;
  /** The caller's own plan of the stack against its current state (planOf), to start from instead of planning it again. */
  readonly planned?: { readonly plan: PlanJson; readonly json: string };
}

/**
 * Writes `<dir>/terraform.tfstate` so that planning the stack's own configuration shows no change; with
 * `confirm: false`, after the first round, unconfirmed (see the module's documentation, step 3).
 * @returns how many plans it took
 */
export async function simulateApply(tools: TerraformTools, stack: OfflineStack, { confirm = true, planned: given }: SimulateOptions = {}): Promise<number> {
  const config = JSON.parse(fs.readFileSync(path.join(stack.dir, 'cdk.tf.json'), 'utf8')) as ConfigJson;
  const stateFile = path.join(stack.dir, 'terraform.tfstate');
  const state: StateFile = fs.existsSync(stateFile)
    ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as StateFile)
    : { version: 4, terraform_version: '1.11.4', serial: 0, lineage: '00000000-0000-4000-8000-000000000000', outputs: {}, resources: [], check_results: null };
  // The schema and the first plan do not depend on each other.
  const [schemas, first] = await Promise.all([loadSchemas(tools, stack), given ?? changesOf(tools, stack, 'simulate.bin')]);
  let planned = first;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    if (round > 1) planned = await changesOf(tools, stack, 'simulate.bin');
    if (!planned) return round;
    const managed = planned.plan.resource_changes.filter((change) => change.mode === 'managed');
    const pending = managed.filter((change) => !change.change.actions.every((action) => action === 'no-op'));
    const filled = new Filled(managed, schemas, config);
    for (const change of pending) record(state, change, filled);
    const outputsChanged = recordOutputs(state, (JSON.parse(planned.json) as OutputChangesJson).output_changes ?? {}, config, filled);
    // No resource changes: settled, even if an output still shows a change that filling cannot remove.
    if (pending.length === 0 && !outputsChanged) return round;
    state.serial++;
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
    if (!confirm) return round;
  }
  throw new Error(`the simulated state did not settle after ${MAX_ROUNDS} plans`);
}

function record(state: StateFile, change: ResourceChangeJson, filled: Filled): void {
  const index = state.resources.findIndex((resource) => resource.type === change.type && resource.name === change.name);
  if (index >= 0) state.resources.splice(index, 1);
  if (change.change.actions.every((action) => action === 'delete')) return;
  state.resources.push({
    mode: 'managed',
    type: change.type,
    name: change.name,
    provider: `provider["${AWS_PROVIDER}"]`,
    instances: [{ schema_version: filled.schemaOf(change).version, attributes: asReadBack(change.type, filled.attributesOf(change.address)), sensitive_attributes: [], dependencies: [] }],
  });
}

/**
 * The attributes as the provider records them after apply: a task definition's container definitions as ECS
 * reads back what it registered (the provider's Create ends with a Read through DescribeTaskDefinition); a
 * standard SNS topic without the FIFO-only attributes (stacks/aws/sns.ts).
 */
export function asReadBack(type: string, attributes: Record<string, unknown>): Record<string, unknown> {
  if (type === 'aws_sns_topic') return snsTopicReadBack(attributes);
  if (type !== 'aws_ecs_task_definition' || typeof attributes.container_definitions !== 'string') return attributes;
  const registered = JSON.parse(attributes.container_definitions) as ContainerDefinition[];
  return { ...attributes, container_definitions: JSON.stringify(readBack(registered)) };
}

/**
 * Sets each output to the plan's value, or, where that is known only after apply, to its configuration
 * filled in like a resource attribute. An output that cannot be filled is left out, so the next plan shows it;
 * one no longer configured is removed.
 * @returns whether the state's outputs changed
 */
function recordOutputs(state: StateFile, changes: OutputChanges, config: ConfigJson, filled: Filled): boolean {
  let changed = false;
  for (const name of Object.keys(state.outputs).filter((output) => !config.output?.[output])) {
    delete state.outputs[name];
    changed = true;
  }
  for (const [name, change] of Object.entries(changes)) {
    const value = containsUnknown(change.after_unknown) ? filled.fromConfiguration(config.output?.[name]?.value) : change.after;
    if (value === undefined || value === null) continue;
    const output: StateOutput = { value, type: impliedType(value), ...(config.output?.[name]?.sensitive ? { sensitive: true as const } : {}) };
    if (JSON.stringify(state.outputs[name]) === JSON.stringify(output)) continue;
    state.outputs[name] = output;
    changed = true;
  }
  return changed;
}

function containsUnknown(unknown: unknown): boolean {
  if (unknown === true) return true;
  if (Array.isArray(unknown)) return unknown.some(containsUnknown);
  return isRecord(unknown) && Object.values(unknown).some(containsUnknown);
}

/** The type Terraform gives a JSON value: an object is an object type and an array a tuple, as in JSON configuration. */
function impliedType(value: unknown): unknown {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(impliedType)];
  if (isRecord(value)) return ['object', Object.fromEntries(Object.entries(value).map(([key, item]) => [key, impliedType(item)]))];
  return 'dynamic';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `${type.name.attribute}`: a reference to an attribute of a managed resource of the root module. */
const REFERENCE = /\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)\.([a-z_][a-z0-9_]*)\}/g;

/**
 * The state attributes of every resource of one plan: the plan's `after` values, unknown parts filled from
 * the configuration's references where it has them, from {@link Fakes} elsewhere.
 */
class Filled {
  private readonly changes = new Map<string, ResourceChangeJson>();
  private readonly done = new Map<string, Record<string, unknown>>();
  private readonly filling = new Set<string>();

  constructor(
    changes: readonly ResourceChangeJson[],
    private readonly schemas: Readonly<Record<string, ResourceSchema>>,
    private readonly config: ConfigJson,
  ) {
    for (const change of changes) this.changes.set(change.address, change);
  }

  schemaOf(change: ResourceChangeJson): ResourceSchema {
    const schema = this.schemas[change.type];
    if (!schema) throw new Error(`no schema for ${change.type}`);
    return schema;
  }

  attributesOf(address: string): Record<string, unknown> {
    const done = this.done.get(address);
    if (done) return done;
    const change = this.changes.get(address);
    if (!change) throw new Error(`${address} is not in the plan`);
    this.filling.add(address);
    const attributes = this.fillBlock(change.change.after, change.change.after_unknown, this.config.resource?.[change.type]?.[change.name], this.schemaOf(change).block, new Fakes(change));
    this.filling.delete(address);
    this.done.set(address, attributes);
    return attributes;
  }

  /**
   * The value of a configuration value whose strings hold nothing but references to resource attributes,
   * as Terraform would interpolate it once those attributes are known; undefined for anything else.
   */
  fromConfiguration(configured: unknown): unknown {
    if (Array.isArray(configured)) {
      const items = configured.map((item) => this.fromConfiguration(item));
      return items.some((item) => item === undefined) ? undefined : items;
    }
    if (isRecord(configured)) {
      const entries = Object.entries(configured).map(([key, item]) => [key, this.fromConfiguration(item)] as const);
      return entries.some(([, item]) => item === undefined) ? undefined : Object.fromEntries(entries);
    }
    if (typeof configured !== 'string') return configured;
    if (configured.includes('$${') || configured.includes('%{') || configured.replace(REFERENCE, '').includes('${')) return undefined;
    // A string that is one interpolation and nothing else has the referenced value, whatever its type.
    if (/^\$\{[^}]*\}$/.test(configured)) return this.referenced(configured);
    let unresolved = false;
    const text = configured.replace(REFERENCE, (reference) => {
      const value = this.referenced(reference);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      unresolved = true;
      return '';
    });
    return unresolved ? undefined : text;
  }

  private referenced(reference: string): unknown {
    const [, type, name, attribute] = /^\$\{([^.]+)\.([^.]+)\.([^.]+)\}$/.exec(reference) ?? [];
    const address = `${type}.${name}`;
    if (!this.changes.has(address) || this.filling.has(address)) return undefined;
    return this.attributesOf(address)[attribute];
  }

  private fillBlock(value: unknown, unknown: unknown, configured: unknown, block: SchemaBlock, fakes: Fakes): Record<string, unknown> {
    const known = isRecord(value) ? value : {};
    const marks = isRecord(unknown) ? unknown : {};
    const settings = isRecord(configured) ? configured : {};
    const result: Record<string, unknown> = {};
    for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
      result[name] = this.fillType(known[name] ?? null, marks[name], settings[name], attribute.type, fakes, name);
    }
    for (const [name, nested] of Object.entries(block.block_types ?? {})) {
      const items = known[name];
      const itemMarks = marks[name];
      // A block is written as one object or as a list of them in JSON configuration. Set items come in
      // Terraform's order, not the configuration's, so only a lone item is matched with its configuration.
      const settingsOf = (position: number, count: number): unknown => {
        const list: unknown[] = Array.isArray(settings[name]) ? settings[name] : isRecord(settings[name]) ? [settings[name]] : [];
        return nested.nesting_mode === 'set' && (count !== 1 || list.length !== 1) ? undefined : list[position];
      };
      if (nested.nesting_mode === 'single' || nested.nesting_mode === 'group') {
        result[name] = isRecord(items) ? this.fillBlock(items, itemMarks, settingsOf(0, 1), nested.block, fakes) : null;
      } else if (nested.nesting_mode === 'map') {
        const configuredItems = isRecord(settings[name]) ? settings[name] : {};
        result[name] = isRecord(items) ? Object.fromEntries(Object.entries(items).map(([key, item]) => [key, this.fillBlock(item, isRecord(itemMarks) ? itemMarks[key] : undefined, configuredItems[key], nested.block, fakes)])) : {};
      } else {
        result[name] = Array.isArray(items) ? items.map((item, position) => this.fillBlock(item, Array.isArray(itemMarks) ? itemMarks[position] : undefined, settingsOf(position, items.length), nested.block, fakes)) : [];
      }
    }
    return result;
  }

  /** Fills an unknown value, or the unknown parts inside a known value of a complex type (lists of objects, maps, ...). */
  private fillType(value: unknown, unknown: unknown, configured: unknown, type: unknown, fakes: Fakes, name: string): unknown {
    if (unknown === true) {
      const interpolated = conform(this.fromConfiguration(configured), type);
      return interpolated === undefined ? fakes.value(type, name) : interpolated;
    }
    if (value === null || unknown === undefined || unknown === false || !Array.isArray(type)) return value;
    const [kind, inner] = type as [string, unknown];
    if ((kind === 'list' || kind === 'set') && Array.isArray(value)) {
      // Set elements come in Terraform's order, not the configuration's: only a lone one is matched.
      const configuredItems = Array.isArray(configured) && (kind === 'list' || (configured.length === 1 && value.length === 1)) ? configured : [];
      return value.map((item, position) => this.fillType(item, Array.isArray(unknown) ? unknown[position] : undefined, configuredItems[position], inner, fakes, name));
    }
    const configuredFields = isRecord(configured) ? configured : {};
    if (kind === 'map' && isRecord(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.fillType(item, isRecord(unknown) ? unknown[key] : undefined, configuredFields[key], inner, fakes, name)]));
    }
    if (kind === 'object' && isRecord(value) && isRecord(inner)) {
      return Object.fromEntries(Object.entries(inner).map(([key, fieldType]) => [key, this.fillType(value[key] ?? null, isRecord(unknown) ? unknown[key] : undefined, configuredFields[key], fieldType, fakes, key)]));
    }
    return value;
  }
}

/** The value as the attribute type holds it (a number or bool becomes a string where a string is due, as Terraform converts), or undefined when it does not fit. */
function conform(value: unknown, type: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (type === 'string') return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  if (type === 'number') return typeof value === 'number' ? value : undefined;
  if (type === 'bool') return typeof value === 'boolean' ? value : undefined;
  if (!Array.isArray(type)) return undefined;
  const [kind, inner] = type as [string, unknown];
  if ((kind === 'list' || kind === 'set') && Array.isArray(value)) {
    const items = value.map((item) => conform(item, inner));
    return items.some((item) => item === undefined) ? undefined : items;
  }
  if (kind === 'map' && isRecord(value)) {
    const entries = Object.entries(value).map(([key, item]) => [key, conform(item, inner)] as const);
    return entries.some(([, item]) => item === undefined) ? undefined : Object.fromEntries(entries);
  }
  return undefined;
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
