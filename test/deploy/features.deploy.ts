// A workflow with every feature: a step that reports a result (through the results bucket) a fan-out runs over, a second fan-out (Distributed,
// tolerating failures) over the execution input, a parallel group (one task on Fargate Spot), ECS Exec and a
// secret, a schedule with a dead-letter queue, alerts on every end.
import * as path from 'node:path';
import { buildApp } from '../../stacks/app/app';
import { ACCOUNT, environment, IMAGE_URI, REGION, task, workflow } from '../helpers';
import { describeDeploy } from './deploy-harness';

const LIST_ITEMS_IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/wf-dev/list-items@sha256:${'1'.repeat(64)}`;
const FEATURES = workflow('features', {
  notifyOnSuccess: true,
  timeoutSeconds: 6 * 3600,
  schedule: { expression: 'rate(1 hour)', deadLetterQueue: true },
  steps: [
    task('list-items', { image: { uri: LIST_ITEMS_IMAGE }, reportsResult: true, resultMaxChars: 2048 }),
    { name: 'convert', forEach: { itemsPath: '$.items', itemsFromStep: 'list-items', maxConcurrency: 5 }, task: { image: 'notifier', environment: { MODE: 'fast' } } },
    { name: 'archive', forEach: { itemsPath: '$.folders', toleratedFailurePercentage: 10, maxConcurrency: 50 }, task: { image: 'notifier' } },
    { name: 'render', parallel: [task('pdf'), task('csv', { capacity: 'FARGATE_SPOT' })] },
    task('inspect', { enableExecuteCommand: true, secrets: { DB_PASSWORD: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:wf-dev/db-password-AbCdEf` } }),
  ],
});

describeDeploy({
  name: 'a workflow with every feature',
  synthesize: (_aws, outdir) => {
    const env = environment({ workflows: [FEATURES] });
    buildApp([env], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();
    return path.join(outdir, 'stacks', env.name);
  },
  input: () => ({ folders: ['2026/01', '2026/02'] }),
  result: (step) => (step === 'list-items' ? { items: ['a.csv', 'b.csv', 'c.csv'] } : {}),
});
