/**
 * Whatever main.ts declares validates, synthesizes one stack per environment and passes every security rule,
 * however many environments there are (plain terraform plans them: main-plan.tf.test.ts). The product itself is
 * tested on its own fixtures (test/fixtures/seed-app.ts and the tests' own configurations), so a team that edits
 * main.ts meets only this check; it runs the same on a second main.ts with `prod` added.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveEnvironments } from '../../stacks/config/resolve';
import { checkStack, loadStacks } from '../../tools/security/runner';
import { PROJECT_ROOT, synthesizedApp } from '../helpers';
import { DECLARED_APPS } from './declared-apps';

describe.each(DECLARED_APPS)('the environments of %s', (_, environments) => {
  const outdir = synthesizedApp(environments, 'declared-');
  const names = environments.map((environment) => environment.name);

  it('validate', () => {
    expect(resolveEnvironments(environments, { projectRoot: PROJECT_ROOT }).map((environment) => environment.name)).toEqual(names);
  });

  it('synthesize one stack per environment', () => {
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual([...names].sort());
  });

  it('pass every security rule', () => {
    for (const { name, stack } of loadStacks(outdir)) expect({ stack: name, findings: checkStack(stack) }).toEqual({ stack: name, findings: [] });
  });
});
