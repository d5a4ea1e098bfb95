// The AWS rules module and the table of it in docs/aws-rules.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AWS_RULES } from '../../../stacks/aws';

const RULES_PAGE = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'aws-rules.md'), 'utf8');

/** Rows of the "AWS limits and contracts" table: id -> [rule, source]. */
function readmeRows(): Map<string, [string, string]> {
  const section = RULES_PAGE.split('# AWS limits and contracts')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, [string, string]>();
  for (const line of section.split('\n')) {
    const cells = /^\| `([^`]+)` \| (.+) \| (.+) \|$/.exec(line);
    if (cells) rows.set(cells[1], [cells[2], cells[3]]);
  }
  return rows;
}

describe('AWS limits and contracts', () => {
  it('GIVEN every rule THEN its id is unique and it names what AWS requires and the page it comes from', () => {
    const ids = AWS_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of AWS_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+\.[a-z0-9-]+$/);
      expect(rule.rule).toMatch(/\.$/);
      expect(rule.source).toMatch(/\((.+ )?(Guide|Reference|Documentation|pricing)\)$/);
    }
  });

  it('GIVEN docs/aws-rules.md WHEN its table is read THEN it lists exactly the rules, with the same wording and source', () => {
    const rows = readmeRows();
    expect([...rows.keys()].sort()).toEqual(AWS_RULES.map((rule) => rule.id).sort());
    for (const rule of AWS_RULES) expect(rows.get(rule.id)).toEqual([rule.rule, rule.source]);
  });
});
