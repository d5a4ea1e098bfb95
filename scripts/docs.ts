/**
 * `npm run docs`: the generated reference pages, from the code they describe.
 *
 * - docs/options.md: every option of main.ts. The description of each option is the JSDoc comment above its field
 *   in stacks/config/schema.ts, task-schema.ts and network-schema.ts (read with the TypeScript compiler API from
 *   the object literals passed to `z.strictObject`); its type, allowed values and default come from the zod schema
 *   itself (`z.toJSONSchema`), and from the `@default` tag only where the schema has no default of its own.
 * - docs/aws-rules.md: the table of AWS limits and contracts, from AWS_RULES (stacks/aws/index.ts).
 *
 * test/docs.test.ts renders both in memory and fails when the files differ, or when a schema field has no JSDoc.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { AWS_RULES } from '../stacks/aws';
import { environmentSchema, scheduleSchema, stepSchema, workflowSchema } from '../stacks/config/schema';
import { networkSchema } from '../stacks/config/network-schema';
import { taskSchema } from '../stacks/config/task-schema';
import { roleStatementSchema, taskRoleSchema } from '../stacks/config/role-schema';
import { readAllSourceObjects, ROOT, SCHEMA_FILES, type SourceObject } from './docs-source';

export { readAllSourceObjects, ROOT, undocumentedFields } from './docs-source';

export const OPTIONS_FILE = 'docs/options.md';
export const AWS_RULES_FILE = 'docs/aws-rules.md';

type Schema = z.core.$ZodType;
type AnyObject = z.ZodObject<z.core.$ZodLooseShape, z.core.$ZodObjectConfig>;

// ---------------------------------------------------------------------------------------------------------------
// The schema side: the zod objects, reached from what the schema modules export.

function unwrap(schema: Schema): Schema {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) return unwrap(schema.unwrap());
  if (schema instanceof z.ZodPipe) return unwrap(schema.in);
  return schema;
}

function asObject(schema: Schema, what: string): AnyObject {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodObject)) throw new Error(`docs: ${what} is not a z.object`);
  return inner;
}

function unionOptions(schema: Schema, what: string): Schema[] {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodUnion)) throw new Error(`docs: ${what} is not a z.union`);
  return [...inner.options];
}

/** One section of the options reference: a level of the configuration and the strictObject that declares it. */
export interface Section {
  /** The heading; its GitHub anchor is the section's link target. */
  readonly title: string;
  /** `##`, or `###` under a group heading. */
  readonly level: 2 | 3;
  /** The strictObject in the source: `<variable>` or `<variable>[n]` (see SourceObject.key). */
  readonly source: string;
  readonly schema: AnyObject;
  /** How the level is written in main.ts, before the schema's own words. */
  readonly lead: string;
  /** Whether the JSDoc above the source variable follows the lead (not for a member of a union: it is the group's). */
  readonly sourceIntro: boolean;
}

/** A heading that groups the kinds of a union (steps, images), with the JSDoc of the union's variable. */
interface Group {
  readonly title: string;
  readonly source: string;
  readonly lead: string;
}

/** The GitHub anchor of a heading. */
export function anchor(title: string): string {
  return title.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

export function sections(): (Section | Group)[] {
  const environment = asObject(environmentSchema, 'environmentSchema');
  const [parallelGroup, fanOut] = unionOptions(stepSchema, 'stepSchema').map((option, index) => asObject(option, `stepSchema option ${index}`));
  const images = unionOptions(taskSchema.shape.image, 'task image');
  const section = (title: string, source: string, schema: AnyObject, lead: string, level: 2 | 3 = 2, sourceIntro = true): Section => ({ title, level, source, schema, lead, sourceIntro });
  return [
    section('Environment', 'environmentSchema', environment, 'An entry of `environments` in `main.ts`: one Terraform stack, one state.'),
    section('Network', 'networkSchema', networkSchema, 'The environment\'s `network`.'),
    section('Terraform Cloud', 'cloudSchema', asObject(environment.shape.terraformCloud, 'terraformCloud'), 'The environment\'s `terraformCloud` (see [terraform-cloud.md](terraform-cloud.md)).'),
    section('Workflow', 'workflowSchema', workflowSchema, 'An entry of the environment\'s `workflows`: one state machine.'),
    section('Schedule', 'scheduleSchema', scheduleSchema, 'The workflow\'s `schedule`: one EventBridge Scheduler schedule.'),
    { title: 'Steps', source: 'stepSchema', lead: 'An entry of the workflow\'s `steps` is a [task](#task) (a step of its own), a [parallel group](#parallel-group) or a [fan-out](#fan-out).' },
    section('Parallel group', 'parallelStepSchema', parallelGroup, '`{ name, parallel: [task, task, ...] }`.', 3),
    section('Fan-out', 'forEachStepSchema', fanOut, '`{ name, forEach, task }`: a Map state.', 3),
    section('forEach', 'forEachSchema', asObject(fanOut.shape.forEach, 'forEach'), 'The fan-out\'s `forEach`: which items, and how many at a time.', 3),
    section('Task', 'taskSchema', taskSchema, 'A step\'s container: a step of its own, a member of a parallel group, or (without `name`) a fan-out\'s `task`.'),
    { title: 'Image', source: 'imageSchema', lead: 'A task\'s `image`.' },
    section('Image from a folder', 'imageSchema', asObject(images[0], 'image option 0'), '`{ directory }`.', 3, false),
    section('Image built elsewhere', 'imageSchema[1]', asObject(images[1], 'image option 1'), '`{ uri }`.', 3, false),
    section('Retry', 'retrySchema', asObject(taskSchema.shape.retry, 'retry'), 'A task\'s `retry`: what is retried, how often, how long apart.'),
    section('Task role', 'taskRoleSchema', taskRoleSchema, 'A task\'s `taskRole`: what the job itself may do in AWS (see [configuration.md](configuration.md#job-permissions-and-role-settings)).'),
    section('Role statement', 'roleStatementSchema', roleStatementSchema, 'An entry of `taskRole.statements`: one statement of the task role\'s inline policy.', 3),
  ];
}

function isSection(entry: Section | Group): entry is Section {
  return 'schema' in entry;
}

/** The string forms of a task's `image` (z.literal), with the schema's own description (`.describe()`). */
function imageLiterals(): { value: string; description: string }[] {
  return unionOptions(taskSchema.shape.image, 'task image')
    .filter((option): option is z.ZodLiteral<string> => option instanceof z.ZodLiteral)
    .map((option) => ({ value: String(option.value), description: option.description ?? '' }));
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering.

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
};

const SAFE = Number.MAX_SAFE_INTEGER;

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function range(low: number | undefined, high: number | undefined, unit = ''): string {
  if (unit === ' characters' && low === 1 && high === undefined) return 'not empty';
  const lo = low === undefined || low <= -SAFE ? undefined : low;
  const hi = high === undefined || high >= SAFE ? undefined : high;
  if (lo !== undefined && hi !== undefined) return `${lo.toLocaleString('en-US')} to ${hi.toLocaleString('en-US')}${unit}`;
  if (lo !== undefined) return `at least ${lo.toLocaleString('en-US')}${unit}`;
  if (hi !== undefined) return `at most ${hi.toLocaleString('en-US')}${unit}`;
  return '';
}

function describeJson(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(describeJson).join(' or ');
  if (schema.const !== undefined) return code(JSON.stringify(schema.const));
  if (schema.enum) return schema.enum.map((value) => code(JSON.stringify(value))).join(' or ');
  const join = (...parts: string[]) => parts.filter(Boolean).join(', ');
  switch (schema.type) {
    case 'string':
      return join(schema.format ?? 'string', range(schema.minLength, schema.maxLength, ' characters'), schema.pattern && !schema.format ? `matching ${code(schema.pattern)}` : '');
    case 'integer':
    case 'number':
      return join(schema.type, range(schema.minimum ?? schema.exclusiveMinimum, schema.maximum));
    case 'boolean':
      return 'boolean';
    case 'array': {
      const size = range(schema.minItems, schema.maxItems, ' items');
      return `array${size ? ` (${size})` : ''} of ${describeJson(schema.items ?? {})}`;
    }
    case 'object': {
      if (schema.properties) return 'object';
      const values = typeof schema.additionalProperties === 'object' ? describeJson(schema.additionalProperties) : 'any value';
      const keys = schema.propertyNames?.pattern ? `name matching ${code(schema.propertyNames.pattern)}` : 'name';
      return `map of ${keys} to ${values}`;
    }
    default:
      return 'any JSON value';
  }
}

/** The link to the section (or group) a value is declared by, if one is. */
function linkTo(value: Schema, all: readonly (Section | Group)[]): string | undefined {
  const inner = unwrap(value);
  if (inner === unwrap(stepSchema)) return '[steps](#steps)';
  if (inner === unwrap(taskSchema.shape.image)) return '[image](#image)';
  const section = all.filter(isSection).find((entry) => entry.schema === inner);
  return section ? `[${section.title.toLowerCase()}](#${anchor(section.title)})` : undefined;
}

function typeOf(field: Schema, json: JsonSchema, all: readonly (Section | Group)[]): string {
  const inner = unwrap(field);
  if (inner instanceof z.ZodArray) {
    const element = linkTo(inner.element as Schema, all);
    if (element) {
      const size = range(json.minItems, json.maxItems, '');
      return `array${size ? ` (${size})` : ''} of ${element}`;
    }
  }
  if (inner instanceof z.ZodObject) {
    // taskSchema.omit({ name }) (a fan-out's task): a new object with the task's fields but name.
    const taskKeys = Object.keys(taskSchema.shape).filter((key) => key !== 'name');
    if (Object.keys(inner.shape).join() === taskKeys.join()) return '[task](#task) without `name`';
  }
  return linkTo(field, all) ?? describeJson(json);
}

/** `@default` text: `value - explanation`, `- explanation`, or `value`. */
function parseDefaultTag(tag: string): { value?: string; explanation?: string } {
  if (tag.startsWith('- ')) return { explanation: tag.slice(2).trim() };
  const dash = tag.indexOf(' - ');
  if (dash >= 0) return { value: tag.slice(0, dash).trim(), explanation: tag.slice(dash + 3).trim() };
  return { value: tag.trim() };
}

/** The value a `@default` tag starts with, when it is JSON (`3`, `"UTC"`, `false`, `{}`): what the schema must agree with. */
export function jsonDefaultOfTag(tag: string): { json: unknown } | undefined {
  const { value } = parseDefaultTag(tag);
  if (value === undefined) return undefined;
  const head = /^("[^"]*"|-?\d+(\.\d+)?|true|false|null|\{\}|\[\])/.exec(value)?.[0];
  if (head === undefined) return undefined;
  return { json: JSON.parse(head) };
}

function defaultOf(json: JsonSchema, required: boolean, tag: string | undefined): string {
  const parsed = tag === undefined ? {} : parseDefaultTag(tag);
  const explanation = parsed.explanation ? ` (${parsed.explanation})` : '';
  if (json.default !== undefined) {
    const value = json.default;
    if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) return parsed.explanation ?? 'each field\'s default';
    const rest = parsed.value ? parsed.value.replace(/^("[^"]*"|-?\d+(\.\d+)?|true|false|null|\{\}|\[\])\s*/, '') : '';
    return `${code(JSON.stringify(value))}${rest ? ` ${rest}` : ''}${explanation}`;
  }
  if (required) return '**required**';
  if (parsed.value !== undefined) return `${code(parsed.value)}${explanation}`;
  return parsed.explanation ?? 'none';
}

/** `{@link name}` as the section that variable declares, or as code. */
function resolveLinks(text: string, all: readonly (Section | Group)[]): string {
  return text.replace(/\{@link\s+([\w.]+)\s*\}/g, (_match, name: string) => {
    const entry = all.find((s) => s.source === name);
    return entry ? `[${entry.title.toLowerCase()}](#${anchor(entry.title)})` : code(name);
  });
}

function inputJsonSchema(schema: AnyObject): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** The rows of one section, checking that the source literal and the zod object have the same fields. */
function sectionRows(section: Section, source: SourceObject, all: readonly (Section | Group)[]): string[] {
  const shapeKeys = Object.keys(section.schema.shape);
  const sourceKeys = source.fields.map((field) => field.name);
  if (shapeKeys.join() !== sourceKeys.join()) {
    throw new Error(`docs: ${source.file} ${source.key} declares ${sourceKeys.join(', ')} but the schema has ${shapeKeys.join(', ')}`);
  }
  const json = inputJsonSchema(section.schema);
  const required = new Set(json.required ?? []);
  return source.fields.map((field) => {
    const fieldJson = json.properties?.[field.name] ?? {};
    const schema = section.schema.shape[field.name];
    const type = typeOf(schema, fieldJson, all);
    // Without a JSDoc text, the schema's own `.describe()`, if any.
    const fallback = field.description === '' ? (z.globalRegistry.get(schema)?.description ?? '') : '';
    const cells = [code(field.name), type, resolveLinks(defaultOf(fieldJson, required.has(field.name), field.defaultTag), all), resolveLinks(field.description || fallback, all)];
    return `| ${cells.map(cell).join(' | ')} |`;
  });
}

export function renderOptions(objects: readonly SourceObject[] = readAllSourceObjects()): string {
  const all = sections();
  const byKey = new Map(objects.map((object) => [object.key, object]));
  const covered = new Set(all.filter(isSection).map((section) => section.source));
  const uncovered = objects.filter((object) => !covered.has(object.key)).map((object) => `${object.file} ${object.key}`);
  if (uncovered.length > 0) throw new Error(`docs: no section of docs/options.md for ${uncovered.join(', ')}: add one in scripts/docs.ts`);

  const lines = [
    '<!-- Generated by `npm run docs` (scripts/docs.ts) from stacks/config/schema.ts, task-schema.ts and network-schema.ts: edit the comments there, not this file. -->',
    '',
    '# Options reference',
    '',
    'Every option `main.ts` can declare, level by level. The descriptions are the schema\'s own comments; types, allowed',
    'values and defaults are what the zod schema accepts. Rules across fields (which network fields go together, unique',
    'names, sizes, AWS limits) are checked as well, before anything is written: see [configuration.md](configuration.md)',
    'and [aws-rules.md](aws-rules.md).',
    '',
    ...all.map((entry) => `${isSection(entry) && entry.level === 3 ? '  ' : ''}- [${entry.title}](#${anchor(entry.title)})`),
  ];
  for (const entry of all) {
    const source = byKey.get(entry.source);
    const group = !isSection(entry);
    if (!source && !group) throw new Error(`docs: ${entry.title}: no z.strictObject ${entry.source} in ${SCHEMA_FILES.join(', ')}`);
    lines.push('', `${!group && entry.level === 3 ? '###' : '##'} ${entry.title}`, '');
    const intro = source && (group || entry.sourceIntro) ? resolveLinks(source.intro, all) : '';
    lines.push([entry.lead, intro].filter(Boolean).join(' '));
    if (group && entry.source === 'imageSchema') {
      for (const literal of imageLiterals()) lines.push('', `The string ${code(JSON.stringify(literal.value))}: ${literal.description}.`);
    }
    if (!group && source) lines.push('', '| option | type / allowed values | default | description |', '| --- | --- | --- | --- |', ...sectionRows(entry, source, all));
  }
  return `${lines.join('\n')}\n`;
}

export function renderAwsRules(): string {
  return [
    '<!-- Generated by `npm run docs` (scripts/docs.ts) from AWS_RULES in stacks/aws/: edit the rules there, not this file. -->',
    '',
    '# AWS limits and contracts',
    '',
    'Every AWS limit and service contract the product relies on, each with the AWS page it comes from. They live in',
    '`stacks/aws/`, one file per service; configuration validation and the builders take their values from there, so a',
    'configuration that synthesizes also applies and runs. Error messages name a rule by its id.',
    '',
    '| Rule | AWS says | Source |',
    '|---|---|---|',
    ...AWS_RULES.map((rule) => `| \`${rule.id}\` | ${rule.rule} | ${rule.source} |`),
    '',
  ].join('\n');
}

/** The generated files and their content. */
export function generated(): { file: string; content: string }[] {
  return [
    { file: OPTIONS_FILE, content: renderOptions() },
    { file: AWS_RULES_FILE, content: renderAwsRules() },
  ];
}

if (require.main === module) {
  for (const { file, content } of generated()) {
    const target = path.join(ROOT, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (before !== content) fs.writeFileSync(target, content);
    console.log(`${file}: ${before === content ? 'unchanged' : 'written'}`);
  }
}
