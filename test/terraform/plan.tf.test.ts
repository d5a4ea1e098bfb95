import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../stacks/app';
import { environment, IMAGE_URI, PROJECT_ROOT, synthMain, task, workflow } from '../helpers';
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

  it('GIVEN the default app in image-URI mode WHEN planned THEN it creates the whole seed architecture', () => {
    const { outdir, stderr } = synthMain('image-uri', 'tf-');
    expect(stderr).toBe('');

    const plan = offlinePlan(tools, path.join(outdir, 'stacks', 'dev'));

    const types = createdTypes(plan);
    expect([...types.keys()].filter((type) => type.startsWith('docker_'))).toEqual([]);
    expect(Object.fromEntries(types)).toMatchObject({
      aws_vpc: 1,
      aws_subnet: 2,
      aws_internet_gateway: 1,
      aws_security_group: 1,
      aws_flow_log: 1,
      aws_kms_key: 1,
      aws_ecr_repository: 1,
      aws_ecr_lifecycle_policy: 1,
      aws_ecs_cluster: 1,
      aws_ecs_task_definition: 3,
      aws_sfn_state_machine: 1,
      aws_scheduler_schedule: 1,
      aws_secretsmanager_secret: 1,
    });
    const stateMachine = plan.resource_changes?.find((change) => change.type === 'aws_sfn_state_machine');
    expect(stateMachine?.change.after).toMatchObject({ name: 'wf-dev-daily-batch', type: 'STANDARD', tracing_configuration: [{ enabled: true }] });
  });

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
    expect(types.get('aws_sqs_queue')).toBe(1);
    expect(types.get('aws_ecs_task_definition')).toBe(1 + 2 + 3 + 1);
  });
});
