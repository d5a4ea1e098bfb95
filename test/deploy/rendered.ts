/**
 * The rendered stack (cdk.tf.json) with its references resolved from the applied state: what the read-back
 * compares with. A reference is `${type.name.attribute}` (or `${data.type.name.attribute}`), as cdktf renders one
 * resource's attribute in another; the value comes from `terraform show -json` of the applied state.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface StackJson {
  provider?: { aws?: JsonObject[] };
  terraform?: JsonObject;
  resource?: Record<string, Record<string, JsonObject>>;
  data?: Record<string, Record<string, JsonObject>>;
}

export interface ShowJson {
  values?: { root_module?: { resources?: { address: string; mode: string; type: string; name: string; values: JsonObject }[] } };
}

const WHOLE = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}$/;
const ANY = /\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}/g;

/** Values by address (`type.name`, `data.type.name`) of an applied state. */
export function stateValues(show: ShowJson): Map<string, JsonObject> {
  return new Map((show.values?.root_module?.resources ?? []).map((resource) => [resource.address, resource.values]));
}

/** A rendered value with every reference replaced by the applied value; throws on an expression it cannot resolve. */
export function resolve(value: Json, values: ReadonlyMap<string, JsonObject>): Json {
  const lookup = (address: string, attribute: string): Json => {
    const found = values.get(address)?.[attribute];
    if (found === undefined) throw new Error(`the applied state has no ${address}.${attribute}`);
    return found;
  };
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1], whole[2]);
    const replaced = value.replace(ANY, (_match, address: string, attribute: string) => String(lookup(address, attribute)));
    if (replaced.includes('${')) throw new Error(`cannot resolve the expression in ${replaced.slice(0, 200)}: extend test/deploy/rendered.ts`);
    return replaced;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '//').map(([key, item]) => [key, resolve(item, values)]));
  }
  return value;
}

/** Every resource of the rendered stack: its address, type and resolved configuration. */
export function resolvedResources(stack: StackJson, values: ReadonlyMap<string, JsonObject>): { address: string; type: string; config: JsonObject; applied: JsonObject }[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, resources]) =>
    Object.entries(resources).map(([name, config]) => {
      const address = `${type}.${name}`;
      const applied = values.get(address);
      if (!applied) throw new Error(`${address} is rendered but not in the applied state`);
      return { address, type, config: resolve(config, values) as JsonObject, applied };
    }),
  );
}

/** A nested block as cdktf renders it (an object, or a list of one) or undefined. */
export function block(value: Json | undefined): JsonObject | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one !== null && typeof one === 'object' && !Array.isArray(one) ? one : undefined;
}

/** Number of resources a rendered stack declares (count and for_each aside: the stacks use neither). */
export function resourceCount(stack: StackJson): number {
  return Object.values(stack.resource ?? {}).reduce((sum, resources) => sum + Object.keys(resources).length, 0);
}
