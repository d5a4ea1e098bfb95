// The generated reference pages (docs/options.md, docs/aws-rules.md) against the code they are generated from.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { SEED_ENVIRONMENTS } from './fixtures/seed-app';
import { generated, jsonDefaultOfTag, readAllSourceObjects, ROOT, sections, undocumentedFields } from '../scripts/docs';
import { definitionOf, resourcesOf, stackOf, synth } from './helpers';

/**
 * Fields that have no JSDoc comment yet, each to be documented in the schema (then removed from here). The test
 * below fails for any other undocumented field, and for an entry here that has been documented since.
 */
const NOT_YET_DOCUMENTED: readonly string[] = [];

describe('generated docs', () => {
  it.each(generated().map(({ file, content }) => [file, content]))('GIVEN the code WHEN %s is generated again THEN it is the file in the repository', (file, content) => {
    const target = path.join(ROOT, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== content) throw new Error(`${file} is out of date with the code it is generated from: run npm run docs and commit the result`);
  });
});

describe('schema documentation', () => {
  const objects = readAllSourceObjects();

  it('GIVEN every z.strictObject of the schema files THEN each field has a JSDoc comment', () => {
    const missing = undocumentedFields(objects);
    const unexpected = missing.filter((field) => !NOT_YET_DOCUMENTED.includes(field));
    const documentedSince = NOT_YET_DOCUMENTED.filter((field) => !missing.includes(field));
    if (unexpected.length > 0) throw new Error(`schema fields without a JSDoc comment (docs/options.md is generated from them): ${unexpected.join(', ')}`);
    if (documentedSince.length > 0) throw new Error(`documented now, remove from NOT_YET_DOCUMENTED in test/docs.test.ts: ${documentedSince.join(', ')}`);
  });

  it('GIVEN the schema files THEN the fields are found where the options reference expects them', () => {
    expect(objects.map((object) => object.key).sort()).toEqual(
      ['cloudSchema', 'environmentSchema', 'forEachSchema', 'imageSchema', 'imageSchema[1]', 'networkSchema', 'retrySchema', 'roleStatementSchema', 'scheduleSchema', 'taskRoleSchema', 'parallelStepSchema', 'forEachStepSchema', 'taskSchema', 'workflowSchema'].sort(),
    );
    const byKey = new Map(objects.map((object) => [object.key, object]));
    for (const section of sections()) {
      if (!('schema' in section)) continue;
      expect([section.title, byKey.get(section.source)?.fields.map((field) => field.name)]).toEqual([section.title, Object.keys(section.schema.shape)]);
    }
  });

  it('GIVEN a @default tag that names a value and a schema default THEN the two agree', () => {
    const disagreements: string[] = [];
    const byKey = new Map(readAllSourceObjects().map((object) => [object.key, object]));
    for (const section of sections()) {
      if (!('schema' in section)) continue;
      const json = z.toJSONSchema(section.schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { default?: unknown }> };
      for (const field of byKey.get(section.source)?.fields ?? []) {
        const tagged = field.defaultTag === undefined ? undefined : jsonDefaultOfTag(field.defaultTag);
        const actual = json.properties?.[field.name]?.default;
        if (tagged === undefined || actual === undefined) continue;
        if (JSON.stringify(tagged.json) !== JSON.stringify(actual)) disagreements.push(`${section.source}.${field.name}: @default ${field.defaultTag}, schema ${JSON.stringify(actual)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('the README diagram', () => {
  it('GIVEN the default app (main.ts as shipped: test/fixtures/seed-app.ts) WHEN its state machine is synthesized THEN the README diagram names exactly its states', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const [stateMachine] = resourcesOf(synth(stackOf(SEED_ENVIRONMENTS[0])), 'aws_sfn_state_machine');
    const states = Object.keys(definitionOf(stateMachine).States);
    // A state is a node whose label starts with the state name ("task1<br/>ecs:runTask.sync" names task1).
    const labels = [...diagram.matchAll(/\w+[[{]"([^"<]+)/g)].map((match) => match[1]);
    expect(labels.filter((label) => states.includes(label)).sort()).toEqual([...states].sort());
    expect(diagram).toContain(`subgraph sm["state machine ${String(stateMachine.name)}"]`);
  });
});
