/**
 * Whatever main.ts declares: it validates, synthesizes, passes the security rules and plans offline, one stack per
 * environment, however many there are. The product itself is tested on its own fixtures (test/fixtures/seed-app.ts
 * and the tests' own configurations), so a team that edits main.ts only meets this check. The same check runs on a
 * second main.ts with a `prod` environment added (test/fixtures/main-with-prod.ts), as a team's first pull request
 * makes it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeEnvironments } from '../stacks/app/synthesis';
import { resolveEnvironments } from '../stacks/config/resolve';
import type { EnvironmentInput } from '../stacks/config/types';
import { checkStack, loadStacks } from '../tools/security/runner';
import { environments as MAIN } from '../main';
import { environments as WITH_PROD } from './fixtures/main-with-prod';
import { SEED_ENVIRONMENTS } from './fixtures/seed-app';
import { IMAGE_URI, PROJECT_ROOT } from './helpers';
import { describeWithTerraform, offlinePlanChangesAsync } from './terraform-harness';

const APPS: readonly (readonly [string, EnvironmentInput[]])[] = [
  ['main.ts', MAIN],
  ['a second main.ts with prod added (test/fixtures/main-with-prod.ts)', WITH_PROD],
];

/** Synthesizes an app as `npm run synth` does, in image-URI mode (no Docker needed), into a fresh folder. */
function synthesized(environments: EnvironmentInput[]): string {
  const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'declared-'));
  synthesizeEnvironments(environments, { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } });
  return outdir;
}

/**
 * The stack files the product's own live plans already cover: test/terraform/plan.tf.test.ts plans the seed app's
 * stack, so a declared stack byte-identical to it (main.ts as shipped) has had its plan.
 */
const SEED_STACK = (() => {
  const outdir = synthesized(SEED_ENVIRONMENTS);
  return fs.readFileSync(path.join(outdir, 'stacks', SEED_ENVIRONMENTS[0].name, 'cdk.tf.json'), 'utf8');
})();

describe.each(APPS)('the environments of %s', (_, environments) => {
  const outdir = synthesized(environments);
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

  describeWithTerraform('offline terraform plan', (tools) => {
    it('plan every stack: only creates, no error (a stack identical to the seed app\'s is planned by plan.tf.test.ts)', async () => {
      const stackDir = (name: string) => path.join(outdir, 'stacks', name);
      const own = names.filter((name) => fs.readFileSync(path.join(stackDir(name), 'cdk.tf.json'), 'utf8') !== SEED_STACK);
      const plans = await Promise.all(own.map((name) => offlinePlanChangesAsync(tools, stackDir(name))));
      plans.forEach((changes, index) => {
        expect({ stack: own[index], created: changes.length > 0 }).toEqual({ stack: own[index], created: true });
        expect(changes.filter((change) => change.action !== 'create')).toEqual([]);
      });
    });
  });
});
