/**
 * The suite's live offline `terraform plan`s, one per network mode, planned at once: the default app (main.ts as
 * shipped, test/fixtures/seed-app.ts, in image-URI mode, public network), where what is created is the question, read from the plan's own JSON
 * messages; several workflows, parallel steps, an outside image, a dead-letter queue and every workflow feature
 * (a step reporting a result, fan-outs Inline and Distributed, ECS Exec) on a private network with interface
 * endpoints, read with `terraform show -json`; and one workflow on an existing network, read from the plan's
 * messages. Plans that only feed the plan review are recorded instead (test/fixtures/plans/,
 * scripts/record-plan-fixtures.ts).
 */
import * as path from 'node:path';
import type { EnvironmentInput } from '../../stacks/config/types';
import { SEED_APP_CREATES } from '../fixtures/seed-app';
import { createdTypes, environment, onExistingNetwork, synthApp, synthesizedApp, task, workflow } from '../helpers';
import { describeWithTerraform, offlinePlanAsync, offlinePlanChangesAsync, type PlanJson, type PlannedChange } from '../terraform-harness';

/** Synthesizes one environment into a folder of its own; returns its stack folder. */
function synthesize(env: EnvironmentInput): string {
  return path.join(synthesizedApp([env], 'tf-'), 'stacks', env.name);
}

/**
 * Every workflow feature: the example result job (examples/list-items, here by digest: the provider mirror has no
 * Docker provider to plan its build) lists the items a fan-out runs over; a second fan-out tolerates failures
 * (Distributed mode); one step allows ECS Exec.
 */
const LIST_ITEMS_IMAGE = `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/wf-dev/list-items@sha256:${'1'.repeat(64)}`;
const FEATURES = workflow('features', {
  timeoutSeconds: 6 * 3600,
  steps: [
    task('list-items', { image: { uri: LIST_ITEMS_IMAGE }, reportsResult: true, resultMaxChars: 2048 }),
    { name: 'convert', forEach: { itemsPath: '$.items', itemsFromStep: 'list-items', maxConcurrency: 5 }, task: { image: 'notifier', environment: { MODE: 'fast' } } },
    { name: 'archive', forEach: { itemsPath: '$.folders', toleratedFailurePercentage: 10, maxConcurrency: 50 }, task: { image: 'notifier' } },
    task('inspect', { enableExecuteCommand: true }),
  ],
});

describeWithTerraform('offline terraform plan', (tools) => {
  let plans: { defaultApp: PlannedChange[]; severalWorkflows: PlanJson; existingNetwork: PlannedChange[] };

  beforeAll(async () => {
    const severalWorkflows = environment({
      network: { mode: 'private', endpoints: true },
      workflows: [
        workflow('etl', { schedule: { expression: 'rate(1 hour)', deadLetterQueue: false } }),
        workflow('reports', { steps: [task('extract'), { name: 'render', parallel: [task('pdf'), task('csv', { capacity: 'FARGATE_SPOT' })] }] }),
        workflow('cleanup', { steps: [task('purge', { image: { uri: 'public.ecr.aws/docker/library/busybox:1.36', allowMutableTag: true }, command: ['true'] })], schedule: { expression: 'cron(0 3 ? * MON *)' } }),
        FEATURES,
      ],
    });
    const onExisting = onExistingNetwork({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-89abcdef'] }, { name: 'shared' });
    const defaultApp = path.join(synthApp('image-uri', 'tf-default-').outdir, 'stacks', 'dev');
    // All at once: each plan is seconds of terraform CPU, which terraform spreads over the cores only in part.
    const [publicNetwork, several, existing] = await Promise.all([
      offlinePlanChangesAsync(tools, defaultApp),
      offlinePlanAsync(tools, synthesize(severalWorkflows)),
      offlinePlanChangesAsync(tools, synthesize(onExisting)),
    ]);
    plans = { defaultApp: publicNetwork, severalWorkflows: several, existingNetwork: existing };
  });

  it('GIVEN the default app on a public network WHEN planned THEN it creates the whole seed architecture and no Docker resource', () => {
    const types = createdTypes(plans.defaultApp.map((change) => ({ type: change.type, actions: [change.action] })));

    expect([...types.keys()].filter((type) => type.startsWith('docker_'))).toEqual([]);
    expect(Object.fromEntries(types)).toMatchObject(SEED_APP_CREATES);
    for (const type of ['aws_nat_gateway', 'aws_vpc_endpoint']) expect(types.get(type)).toBeUndefined();
  });

  it('GIVEN an environment with several workflows and parallel steps on a private network WHEN planned THEN every workflow gets its state machine, the network its NAT and endpoints', () => {
    const types = createdTypes((plans.severalWorkflows.resource_changes ?? []).map((change) => ({ type: change.type, actions: change.change.actions })));

    expect(types.get('aws_sfn_state_machine')).toBe(4);
    expect(types.get('aws_scheduler_schedule')).toBe(2);
    // The cleanup schedule's dead-letter queue (on by default; etl turns it off), and the execution alerts' one,
    // each with its TLS-only queue policy.
    expect(types.get('aws_sqs_queue')).toBe(2);
    expect(types.get('aws_sqs_queue_policy')).toBe(2);
    // The alerts rule, the rule on the runs the scheduled workflows skip, and the notifier failure rule.
    expect(types.get('aws_cloudwatch_event_rule')).toBe(3);
    expect(types.get('aws_cloudwatch_event_target')).toBe(3);
    // The second alert channel: the topic and its policy, and 3 alarms per state machine, 1 per dead-letter queue, 3 on the schedules.
    expect(types.get('aws_sns_topic')).toBe(1);
    expect(types.get('aws_sns_topic_policy')).toBe(1);
    expect(types.get('aws_cloudwatch_metric_alarm')).toBe(4 * 3 + 2 + 3);
    expect(types.get('aws_ecs_task_definition')).toBe(1 + 2 + 3 + 1 + 4);
    expect(types.get('aws_nat_gateway')).toBe(1);
    expect(types.get('aws_eip')).toBe(1);
    // The S3 gateway endpoint, and ecr.api, ecr.dkr, logs, secretsmanager.
    expect(types.get('aws_vpc_endpoint')).toBe(5);
    expect(types.get('aws_subnet')).toBe(4);
  });

  it('GIVEN a workflow with every feature WHEN planned THEN its tasks are tagged per step, its task roles hold the feature statements, and its definition waits for the task definitions', () => {
    const changes = plans.severalWorkflows.resource_changes ?? [];
    const definition = changes.find((change) => change.type === 'aws_ecs_task_definition' && change.change.after?.family === 'wf-dev-features-convert')?.change.after;
    expect(definition?.tags).toEqual({ Workflow: 'features', Step: 'convert', Environment: 'dev' });
    // The definition names task definitions created in this plan, so the plan knows it only after apply
    // (asl-validator and the local executions check what it will be: test/stacks/asl*.test.ts).
    const machine = changes.find((change) => change.type === 'aws_sfn_state_machine' && change.change.after?.name === 'wf-dev-features');
    expect(machine?.change.after?.definition).toBeUndefined();
    expect(machine?.change.after_unknown?.definition).toBe(true);
    const taskRoles = changes.filter((change) => change.type === 'aws_iam_role_policy' && change.change.after?.name === 'workflow-task');
    expect(taskRoles).toHaveLength(2);
    // The ECS Exec step's policy is known; the result step's names the environment key, known after apply.
    expect(taskRoles.flatMap((change) => (change.change.after?.policy === undefined ? [] : [JSON.parse(String(change.change.after.policy)).Statement[0].Sid]))).toEqual(['EcsExecSessions']);
    expect(taskRoles.filter((change) => change.change.after_unknown?.policy === true)).toHaveLength(1);
    // The environment's results bucket and what secures it, planned with the provider's own schema.
    const bucket = changes.find((change) => change.type === 'aws_s3_bucket')?.change.after;
    expect(bucket?.bucket).toBe('wf-dev-results-123456789012-ap-northeast-1');
    for (const type of ['aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_public_access_block', 'aws_s3_bucket_ownership_controls', 'aws_s3_bucket_policy', 'aws_s3_bucket_lifecycle_configuration']) {
      expect(changes.filter((change) => change.type === type)).toHaveLength(1);
    }
  });

  it('GIVEN an environment on an existing network WHEN planned THEN it creates no network, only the task security group', () => {
    // (The group's vpc_id, the given VPC, is a value of the configuration: test/stacks/constructs/existing-network.test.ts.)
    const types = createdTypes(plans.existingNetwork.map((change) => ({ type: change.type, actions: [change.action] })));

    for (const type of ['aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_flow_log', 'aws_default_security_group']) expect(types.get(type)).toBeUndefined();
    expect(types.get('aws_security_group')).toBe(1);
    expect(types.get('aws_sfn_state_machine')).toBe(1);
  });
});
