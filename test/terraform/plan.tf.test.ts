/**
 * Offline `terraform plan` of an environment that uses several workflows, parallel steps, an outside image and
 * a dead-letter queue. The default app (main.ts) is planned once, in test/review/plan-summary.tf.test.ts, which
 * checks the seed architecture it creates along with its plan summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../stacks/app';
import { environment, IMAGE_URI, PROJECT_ROOT, task, workflow } from '../helpers';
import { describeWithTerraform, offlinePlan, type PlanJson } from '../terraform-harness';

function createdTypes(plan: PlanJson): Map<string, number> {
  const counts = new Map<string, number>();
  for (const change of plan.resource_changes ?? []) {
    expect(change.change.actions).toEqual(['create']);
    counts.set(change.type, (counts.get(change.type) ?? 0) + 1);
  }
  return counts;
}

describeWithTerraform('offline terraform plan', (tools) => {
  const workDir = () => fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'tf-'));

  it('GIVEN an environment with several workflows and parallel steps WHEN planned THEN every workflow gets its state machine', () => {
    const outdir = workDir();
    const env = environment({
      workflows: [
        workflow('etl', { schedule: { expression: 'rate(1 hour)' } }),
        workflow('reports', { steps: [task('extract'), { name: 'render', parallel: [task('pdf'), task('csv', { capacity: 'FARGATE_SPOT' })] }] }),
        workflow('cleanup', { steps: [task('purge', { image: { uri: 'public.ecr.aws/docker/library/busybox:1.36', allowMutableTag: true }, command: ['true'] })], schedule: { expression: 'cron(0 3 ? * MON *)', deadLetterQueue: true } }),
      ],
    });
    buildApp([env], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();

    const types = createdTypes(offlinePlan(tools, path.join(outdir, 'stacks', 'dev')));

    expect(types.get('aws_sfn_state_machine')).toBe(3);
    expect(types.get('aws_scheduler_schedule')).toBe(2);
    // The schedule's dead-letter queue, and the execution alerts' one.
    expect(types.get('aws_sqs_queue')).toBe(2);
    expect(types.get('aws_cloudwatch_event_rule')).toBe(1);
    expect(types.get('aws_cloudwatch_event_target')).toBe(1);
    expect(types.get('aws_ecs_task_definition')).toBe(1 + 2 + 3 + 1);
  });
});
