// What the workflow features synthesize: task definition tags for cost per step, the results bucket and the task
// roles of steps that report a result, ECS Exec steps, the container ECS Exec needs, and the state machine role of
// tagging, reading results and Distributed fan-outs.
import { definitionOf, environment, resourceWhere, rolePolicyOf, statement, stackOf, synth, task, workflow, containersOf, resourcesOf } from '../../helpers';

const synthesized = synth(
  stackOf(
    environment({
      workflows: [
        workflow('flow', {
          timeoutSeconds: 86400,
          steps: [
            task('list', { reportsResult: true }),
            task('probe', { enableExecuteCommand: true }),
            { name: 'each', forEach: { itemsPath: '$', itemsFromStep: 'list', toleratedFailurePercentage: 5 }, task: { image: 'notifier' } },
          ],
        }),
        workflow('plain'),
      ],
    }),
  ),
);
const BUCKET = 'wf-dev-results-123456789012-ap-northeast-1';
/** The environment key's ARN as the stack references it. */
const KEY_ARN = `\${aws_kms_key.${Object.keys(synthesized.resource.aws_kms_key ?? {})[0]}.arn}`;
const definitionOfFamily = (family: string) => resourceWhere(synthesized, 'aws_ecs_task_definition', 'family', family);
const taskRolePolicies = (roleName: string) => {
  const [key] = Object.entries(synthesized.resource.aws_iam_role ?? {}).find(([, role]) => role.name === roleName) ?? [];
  return resourcesOf(synthesized, 'aws_iam_role_policy').filter((policy) => policy.role === `\${aws_iam_role.${key}.id}`);
};

describe('cost per step', () => {
  it('GIVEN a workflow step THEN its task definition carries Workflow, Step and Environment tags, which RunTask propagates', () => {
    expect(definitionOfFamily('wf-dev-flow-each').tags).toEqual({ Workflow: 'flow', Step: 'each', Environment: 'dev' });
    expect(definitionOfFamily('wf-dev-plain-task1').tags).toEqual({ Workflow: 'plain', Step: 'task1', Environment: 'dev' });
    const machine = definitionOf(resourceWhere(synthesized, 'aws_sfn_state_machine', 'name', 'wf-dev-flow'));
    expect(machine.States.probe.Parameters).toMatchObject({ EnableECSManagedTags: true, PropagateTags: 'TASK_DEFINITION' });
  });

  it('GIVEN any workflow THEN its state machine role may tag the tasks of its cluster when RunTask creates them', () => {
    expect(statement(rolePolicyOf(synthesized, 'wf-dev-plain-sfn'), 'TagOwnTasksOnRunTaskOnly')).toEqual({
      Sid: 'TagOwnTasksOnRunTaskOnly',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: ['arn:aws:ecs:ap-northeast-1:123456789012:task/${aws_ecs_cluster.Cluster.name}/*'],
      Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    });
  });
});

describe('task roles and containers', () => {
  it('GIVEN a step that reports a result THEN its task role may put its own key only, through S3 with the environment key, and its container stays read-only', () => {
    const [policy] = taskRolePolicies('wf-dev-flow-list-task');
    const document = JSON.parse(String(policy.policy)) as { Statement: { Sid: string; Action: string[]; Resource: string[]; Condition?: unknown }[] };
    expect(document.Statement).toEqual([
      { Sid: 'WriteOwnResult', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`arn:aws:s3:::${BUCKET}/wf-dev-flow/*/list.json`] },
      { Sid: 'EncryptResultThroughS3', Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: [KEY_ARN], Condition: { StringEquals: { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' } } },
    ]);
    expect(containersOf(definitionOfFamily('wf-dev-flow-list'))[0].readonlyRootFilesystem).toBe(true);
  });

  it('GIVEN a step with ECS Exec THEN its task role may open Session Manager channels and its root filesystem is writable', () => {
    const [policy] = taskRolePolicies('wf-dev-flow-probe-task');
    expect(JSON.parse(String(policy.policy)).Statement.map((found: { Sid: string }) => found.Sid)).toEqual(['EcsExecSessions']);
    expect(containersOf(definitionOfFamily('wf-dev-flow-probe'))[0].readonlyRootFilesystem).toBe(false);
  });

  it('GIVEN a plain step THEN its task role has no policy at all', () => {
    expect(taskRolePolicies('wf-dev-plain-task1-task')).toEqual([]);
    expect(taskRolePolicies('wf-dev-flow-each-task')).toEqual([]);
  });
});

describe('Distributed fan-out', () => {
  it('GIVEN a fan-out that tolerates failures THEN only its state machine role may start and stop child executions of itself', () => {
    const own = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:wf-dev-flow';
    const policy = rolePolicyOf(synthesized, 'wf-dev-flow-sfn');
    expect(statement(policy, 'StartOwnChildExecutions').Resource).toEqual([own]);
    expect(statement(policy, 'WatchStopAndRedriveOwnChildExecutions').Resource).toEqual(['arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-flow/*']);
    expect(rolePolicyOf(synthesized, 'wf-dev-plain-sfn').Statement.map((found) => found.Sid)).not.toContain('StartOwnChildExecutions');
  });
});


describe('results bucket', () => {
  it('GIVEN an environment with a step that reports a result THEN it has one results bucket: SSE-KMS with the environment key and a Bucket Key, public access blocked, ACLs disabled, TLS only, results expiring', () => {
    const [bucket] = resourcesOf(synthesized, 'aws_s3_bucket');
    expect(resourcesOf(synthesized, 'aws_s3_bucket')).toHaveLength(1);
    expect(bucket.bucket).toBe(BUCKET);
    const [encryption] = resourcesOf(synthesized, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(encryption.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY_ARN }, bucket_key_enabled: true }]);
    expect(resourcesOf(synthesized, 'aws_s3_bucket_public_access_block')[0]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(resourcesOf(synthesized, 'aws_s3_bucket_ownership_controls')[0].rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    const bucketPolicy = JSON.parse(String(resourcesOf(synthesized, 'aws_s3_bucket_policy')[0].policy)) as { Statement: unknown[] };
    expect(bucketPolicy.Statement).toEqual([
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['s3:*'], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    expect(resourcesOf(synthesized, 'aws_s3_bucket_lifecycle_configuration')[0].rule).toEqual([
      expect.objectContaining({ status: 'Enabled', filter: [{}], expiration: [{ days: 30 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] }),
    ]);
  });

  it('GIVEN an environment without such a step THEN it has no results bucket', () => {
    const plain = synth(stackOf(environment({ workflows: [workflow('plain')] })));
    expect(resourcesOf(plain, 'aws_s3_bucket')).toEqual([]);
  });

  it('GIVEN a Distributed fan-out over a result THEN the state machine role may read its own prefix (ItemReader) and a plain workflow’s may not', () => {
    const policy = rolePolicyOf(synthesized, 'wf-dev-flow-sfn');
    expect(statement(policy, 'ReadOwnResults').Resource).toEqual([`arn:aws:s3:::${BUCKET}/wf-dev-flow/*`]);
    expect(statement(policy, 'DecryptResultsThroughS3').Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' } });
    expect(rolePolicyOf(synthesized, 'wf-dev-plain-sfn').Statement.map((found) => found.Sid)).not.toContain('ReadOwnResults');
    const machine = definitionOf(resourceWhere(synthesized, 'aws_sfn_state_machine', 'name', 'wf-dev-flow'));
    expect(machine.States.each.ItemReader).toMatchObject({ Parameters: { Bucket: BUCKET } });
  });
});
