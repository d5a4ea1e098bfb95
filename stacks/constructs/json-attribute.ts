import type { IConstruct } from 'constructs';
import { App, Fn, type TerraformResource } from 'cdktf';

/**
 * A JSON-document attribute (policy, container definitions, state machine definition) that may contain
 * references to other resources.
 *
 * JSON output (the default) gets the document as a JSON string, readable as it is in a plan. HCL output
 * (`cdktf synth --hcl`) gets `jsonencode({...})`, because cdktf 0.21 writes a JSON string holding references
 * as invalid HCL. The JSON string is written exactly as Terraform's jsonencode() writes the same document
 * ({@link canonicalJson}), so that both outputs give Terraform the same string: the AWS provider compares
 * policies and container definitions as JSON, but a state machine's definition as a string, and would plan
 * an update of every state machine when an environment deployed from one output is planned from the other.
 */
export function jsonAttribute(scope: IConstruct, document: unknown): string {
  return App.of(scope).hclOutput ? Fn.jsonencode(document) : canonicalJson(document);
}

/**
 * The document as Terraform's jsonencode() writes it (Go's encoding/json over Terraform's values): object keys
 * in sorted order, no spaces, and <, >, &, U+2028 and U+2029 escaped as \u003c, \u003e, \u0026, \u2028, \u2029.
 */
export function canonicalJson(document: unknown): string {
  return JSON.stringify(sortKeys(document)).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || ![Object.prototype, null].includes(Object.getPrototypeOf(value))) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, sortKeys(record[key])]));
}

/**
 * Keeps the empty ones of a resource's lists of nested objects in HCL output, for arguments the AWS provider
 * declares as "attributes as blocks" (optional and computed: a security group's `ingress` and `egress`, a route
 * table's `route`). For them an empty list means "none" and an absent argument "leave whatever exists".
 *
 * cdktf 0.21 writes such a list as one block per item in HCL, so an empty list disappears (its `renderList`
 * joins zero blocks into nothing) and the HCL no longer removes a rule added by hand, where the JSON does.
 * This writes `name = []` in HCL output instead; the JSON output already has `"name": []`. Pass the lists the
 * resource was given: only the empty ones are overridden, so a non-empty list is never replaced.
 */
export function keepEmptyListsInHcl(resource: TerraformResource, lists: Readonly<Record<string, readonly unknown[]>>): void {
  if (!App.of(resource).hclOutput) return;
  for (const [name, list] of Object.entries(lists)) if (list.length === 0) resource.addOverride(name, []);
}
