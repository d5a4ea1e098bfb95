/**
 * The environments this project deploys and the workflows each runs. `npm run synth` renders them into
 * cdktf.out/; `npx cdktf deploy <env>` applies one. See docs/options.md for every option.
 */
import type { EnvironmentInput } from './stacks/config/types';
import { runSynthesis } from './stacks/app/synthesis';

/**
 * The seed's crontab, `0 9 * * * task1.sh` and `0 11 * * * task2.sh`, as one workflow: task2 starts the
 * moment task1 ends, never runs when task1 failed, and Slack hears about either outcome.
 */
const dev: EnvironmentInput = {
  name: 'dev',
  accountId: '123456789012',
  region: 'ap-northeast-1',
  availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
  workflows: [
    {
      name: 'daily-batch',
      schedule: { expression: 'cron(0 9 * * ? *)', timeZone: 'Asia/Tokyo' },
      steps: [
        { name: 'task1', image: 'notifier', environment: { NOTIFY_TEXT: 'task1: done' }, timeoutSeconds: 2 * 3600 },
        { name: 'task2', image: 'notifier', environment: { NOTIFY_TEXT: 'task2: done' }, timeoutSeconds: 2 * 3600 },
      ],
      notifyOnSuccess: true,
    },
  ],
};

export const environments: EnvironmentInput[] = [dev];

// Synthesize only when run (`npm run synth`, `cdktf synth`), so tools can import the declarations.
if (require.main === module) process.exitCode = runSynthesis(environments);
