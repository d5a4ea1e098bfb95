/**
 * The source side of the options reference (scripts/docs.ts): every `z.strictObject({ ... })` of the schema files,
 * its fields and their JSDoc, read with the TypeScript compiler API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export const ROOT = path.join(__dirname, '..');
export const SCHEMA_FILES = ['stacks/config/schema.ts', 'stacks/config/task-schema.ts', 'stacks/config/network-schema.ts', 'stacks/config/role-schema.ts'] as const;

// ---------------------------------------------------------------------------------------------------------------
// The source side: every `z.strictObject({ ... })` of the schema files, its fields and their JSDoc.

/** One field of a `z.strictObject({ ... })` literal, as written in the source. */
export interface SourceField {
  readonly name: string;
  /** The JSDoc comment's text, without its tags; '' when there is none. */
  readonly description: string;
  /** The `@default` tag's text, when there is one. */
  readonly defaultTag?: string;
  /** Whether the field has a JSDoc comment at all. */
  readonly documented: boolean;
}

/** One `z.strictObject({ ... })` call: where it is (`<file>#<variable>[<n>]`) and its fields. */
export interface SourceObject {
  /** `<variable>` for the first strictObject in a declaration, `<variable>[n]` for the n-th (from 0) after it. */
  readonly key: string;
  readonly file: string;
  /** The JSDoc above the variable declaration holding it. */
  readonly intro: string;
  readonly fields: readonly SourceField[];
}

function jsDocText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  return (ts.getTextOfJSDocComment(comment) ?? '').replace(/\s*\n\s*/g, ' ').trim();
}

function jsDocOf(node: ts.Node): { description: string; defaultTag?: string; documented: boolean } {
  const docs = ts.getJSDocCommentsAndTags(node).filter((doc): doc is ts.JSDoc => ts.isJSDoc(doc));
  const description = docs.map((doc) => jsDocText(doc.comment)).filter(Boolean).join(' ');
  const tag = docs.flatMap((doc) => doc.tags ?? []).find((t) => t.tagName.text === 'default');
  return { description, defaultTag: tag ? jsDocText(tag.comment) : undefined, documented: docs.length > 0 };
}

function isStrictObjectCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === 'z' &&
    node.expression.name.text === 'strictObject' &&
    node.arguments.length > 0 &&
    ts.isObjectLiteralExpression(node.arguments[0])
  );
}

/** Every strictObject literal of one schema file, in source order. */
export function readSourceObjects(file: string): SourceObject[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const objects: SourceObject[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const intro = jsDocOf(statement).description;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
      const variable = declaration.name.text;
      const calls: ts.CallExpression[] = [];
      const visit = (node: ts.Node): void => {
        if (isStrictObjectCall(node)) calls.push(node);
        ts.forEachChild(node, visit);
      };
      visit(declaration.initializer);
      calls.sort((a, b) => a.getStart(source) - b.getStart(source));
      calls.forEach((call, index) => {
        const literal = call.arguments[0] as ts.ObjectLiteralExpression;
        const fields = literal.properties.map((property): SourceField => {
          const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : property.getText(source);
          return { name, ...jsDocOf(property) };
        });
        objects.push({ key: index === 0 ? variable : `${variable}[${index}]`, file, intro, fields });
      });
    }
  }
  return objects;
}

/** Every strictObject of the schema files. */
export function readAllSourceObjects(): SourceObject[] {
  return SCHEMA_FILES.flatMap((file) => readSourceObjects(file));
}

/** `<file> <object>.<field>` of every field without a JSDoc comment. */
export function undocumentedFields(objects: readonly SourceObject[] = readAllSourceObjects()): string[] {
  return objects.flatMap((object) => object.fields.filter((field) => !field.documented).map((field) => `${object.file} ${object.key}.${field.name}`));
}
