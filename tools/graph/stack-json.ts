/**
 * Readers for a synthesized stack (the Terraform JSON cdktf writes to `cdktf.out/stacks/<stack>/cdk.tf.json`) as
 * the graph needs them: resources by type, nested blocks, Terraform references (`${aws_x.name.attribute}`), and
 * JSON held in a string attribute (a state machine definition, an event pattern), whose references stay text.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested block: Terraform JSON allows one object or a list of objects; this returns the objects as a list. */
export function blocksOf(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A resource of the stack, by its name in `resource.<type>`. */
export interface Resource {
  readonly type: string;
  readonly name: string;
  readonly attributes: JsonObject;
}

/** Every resource of one type in a stack's JSON, in the order the file lists them. */
export function resourcesOf(stack: unknown, type: string): Resource[] {
  const resources = isObject(stack) && isObject(stack.resource) ? stack.resource[type] : undefined;
  if (!isObject(resources)) return [];
  return Object.entries(resources).flatMap(([name, attributes]) => (isObject(attributes) ? [{ type, name, attributes }] : []));
}

/** The resource a whole-value reference such as `${aws_ecs_task_definition.Task.family}` names, if the stack holds it. */
export function referencedResource(stack: unknown, value: unknown, type: string): Resource | undefined {
  const reference = typeof value === 'string' ? /^\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_.]+\}$/.exec(value) : null;
  if (!reference || reference[1] !== type) return undefined;
  return resourcesOf(stack, type).find((resource) => resource.name === reference[2]);
}

/** Whether `value` refers to an attribute of this resource (`${<type>.<name>.<attribute>}`). */
export function refersTo(value: unknown, resource: Resource): boolean {
  return typeof value === 'string' && value.startsWith(`\${${resource.type}.${resource.name}.`) && value.endsWith('}');
}

/**
 * JSON held in a string attribute. A Terraform reference inside a JSON string stays as text; one in place of a
 * whole value (`"MaxConcurrency": ${var.n}`) is read as the string `"${var.n}"`. Undefined when it is not JSON.
 */
export function parseJsonAttribute(text: unknown): Json | undefined {
  if (typeof text !== 'string') return undefined;
  for (const candidate of [text, quoteBareReferences(text)]) {
    try {
      return JSON.parse(candidate) as Json;
    } catch {
      // Next candidate.
    }
  }
  return undefined;
}

/** The text with every `${...}` that stands outside a JSON string put in quotes. */
function quoteBareReferences(text: string): string {
  let out = '';
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      out += char;
      if (char === '\\') out += text[++index] ?? '';
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '$' && text[index + 1] === '{') {
      const end = closingBrace(text, index + 1);
      out += JSON.stringify(text.slice(index, end + 1));
      index = end;
    } else {
      out += char;
    }
  }
  return out;
}

/** The index of the `}` that closes the `{` at `open` (braces inside a reference nest). */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index;
  }
  return text.length - 1;
}
