import type { IConstruct } from 'constructs';
import { App, Fn } from 'cdktf';

/**
 * A JSON-document attribute (policy, container definitions, state machine definition) that may contain
 * references to other resources.
 *
 * JSON output (the default) gets the document as a JSON string, readable as it is in a plan. HCL output
 * (`cdktf synth --hcl`) gets `jsonencode({...})`, because cdktf 0.21 writes a JSON string holding references
 * as invalid HCL. Both are the same document to Terraform; the AWS provider compares them as JSON.
 */
export function jsonAttribute(scope: IConstruct, document: unknown): string {
  return App.of(scope).hclOutput ? Fn.jsonencode(document) : JSON.stringify(document);
}
