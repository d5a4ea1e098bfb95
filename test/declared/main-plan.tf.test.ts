/**
 * Whatever main.ts declares plans offline with plain terraform, every stack only creating (and the same for a
 * second main.ts with `prod` added). A stack byte-identical to the seed app's (main.ts as shipped) is not planned
 * twice: test/terraform/plan.tf.test.ts plans that very stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEED_ENVIRONMENTS } from '../fixtures/seed-app';
import { describeWithTerraform, offlinePlanChangesAsync } from '../terraform-harness';
import { synthesizedApp } from '../helpers';
import { DECLARED_APPS } from './declared-apps';

describeWithTerraform('offline terraform plan of the declared environments', (tools) => {
  const seedStack = fs.readFileSync(path.join(synthesizedApp(SEED_ENVIRONMENTS, 'declared-'), 'stacks', SEED_ENVIRONMENTS[0].name, 'cdk.tf.json'), 'utf8');

  it.each(DECLARED_APPS)('GIVEN the environments of %s THEN every stack plans, only creating', async (_, environments) => {
    const outdir = synthesizedApp(environments, 'declared-');
    const stackDir = (name: string) => path.join(outdir, 'stacks', name);
    const own = environments.map((environment) => environment.name).filter((name) => fs.readFileSync(path.join(stackDir(name), 'cdk.tf.json'), 'utf8') !== seedStack);
    const plans = await Promise.all(own.map((name) => offlinePlanChangesAsync(tools, stackDir(name))));
    plans.forEach((changes, index) => {
      expect({ stack: own[index], created: changes.length > 0 }).toEqual({ stack: own[index], created: true });
      expect(changes.filter((change) => change.action !== 'create')).toEqual([]);
    });
  });
});
