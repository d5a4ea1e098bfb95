/**
 * A job's own permissions (`taskRole`) and the environment's role settings (`rolePath`, `permissionsBoundaryArn`),
 * rendered and then evaluated by an IAM policy simulator: a task granted S3 reads of one bucket may read that
 * bucket and nothing else, and a boundary on its role caps what its statements grant.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { environment, resourcesOf, resourceWhere, rolePolicyOf, stackOf, synth, task, workflow } from '../../helpers';

const ACCOUNT = '123456789012';
const BUCKET = 'arn:aws:s3:::team-input';
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/workflow-boundary`;
const READ_INPUT = [
  { actions: ['s3:GetObject'], resources: [`${BUCKET}/*`] },
  { actions: ['s3:ListBucket'], resources: [BUCKET], conditions: { StringLike: { 's3:prefix': ['in/*'] } } },
];

const out = synth(
  stackOf(
    environment({
      rolePath: '/workflows/',
      permissionsBoundaryArn: BOUNDARY_ARN,
      workflows: [
        workflow('etl', {
          steps: [task('load', { taskRole: { statements: READ_INPUT, managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess'] } }), task('publish')],
        }),
      ],
    }),
  ),
);

async function decide(policy: unknown, action: string, resource: string, context: Record<string, string> = {}, boundary?: unknown): Promise<string> {
  const response = await runSimulation(
    {
      identityPolicies: [{ name: 'task', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: boundary }] } : {}),
      request: { principal: `arn:aws:iam::${ACCOUNT}:role/workflows/wf-dev-etl-load-task`, action, resource: { accountId: ACCOUNT, resource }, contextVariables: context },
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return `${response.overallResult === 'Allowed' ? 'ALLOW' : 'DENY '} ${action} ${resource}`;
}

describe('taskRole: what the job itself may do', () => {
  const policy = rolePolicyOf(out, 'wf-dev-etl-load-task');

  it('GIVEN statements THEN the task role policy holds them as written, each with its Sid', () => {
    expect(policy.Statement).toEqual([
      { Sid: 'Job0', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${BUCKET}/*`] },
      { Sid: 'Job1', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [BUCKET], Condition: { StringLike: { 's3:prefix': ['in/*'] } } },
    ]);
  });

  it('GIVEN S3 read statements of one bucket THEN the job may read that bucket and nothing else', async () => {
    const results = await Promise.all([
      decide(policy, 's3:GetObject', `${BUCKET}/in/day-1.csv`),
      decide(policy, 's3:ListBucket', BUCKET, { 's3:prefix': 'in/2026' }),
      decide(policy, 's3:ListBucket', BUCKET, { 's3:prefix': 'secret/' }),
      decide(policy, 's3:PutObject', `${BUCKET}/in/day-1.csv`),
      decide(policy, 's3:GetObject', 'arn:aws:s3:::another-team/in/day-1.csv'),
      decide(policy, 'dynamodb:GetItem', `arn:aws:dynamodb:ap-northeast-1:${ACCOUNT}:table/orders`),
    ]);
    expect(results).toEqual([
      `ALLOW s3:GetObject ${BUCKET}/in/day-1.csv`,
      `ALLOW s3:ListBucket ${BUCKET}`,
      `DENY  s3:ListBucket ${BUCKET}`,
      `DENY  s3:PutObject ${BUCKET}/in/day-1.csv`,
      'DENY  s3:GetObject arn:aws:s3:::another-team/in/day-1.csv',
      `DENY  dynamodb:GetItem arn:aws:dynamodb:ap-northeast-1:${ACCOUNT}:table/orders`,
    ]);
  });

  it('GIVEN a boundary that allows reads only THEN listing, though granted, is denied (rule iam.permissions-boundary)', async () => {
    const boundary = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }] };
    expect(await decide(policy, 's3:GetObject', `${BUCKET}/in/day-1.csv`, {}, boundary)).toBe(`ALLOW s3:GetObject ${BUCKET}/in/day-1.csv`);
    expect(await decide(policy, 's3:ListBucket', BUCKET, { 's3:prefix': 'in/2026' }, boundary)).toBe(`DENY  s3:ListBucket ${BUCKET}`);
  });

  it('GIVEN managed policies THEN each is attached to the task role, identified by its ARN', () => {
    expect(resourcesOf(out, 'aws_iam_role_policy_attachment')).toEqual([
      { role: expect.stringMatching(/^\$\{aws_iam_role\..*TaskRole.*\.name\}$/), policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' },
    ]);
  });

  it('GIVEN a task without taskRole THEN its role has no policy of its own', () => {
    const role = resourceWhere(out, 'aws_iam_role', 'name', 'wf-dev-etl-publish-task');
    expect(role).toBeDefined();
    expect(() => rolePolicyOf(out, 'wf-dev-etl-publish-task')).toThrow(/expected one/);
  });
});

describe('rolePath and permissionsBoundaryArn', () => {
  it('GIVEN both THEN every role the stack creates has the path and the boundary', () => {
    const roles = resourcesOf(out, 'aws_iam_role');
    expect(roles.length).toBeGreaterThanOrEqual(8);
    for (const role of roles) expect({ name: role.name, path: role.path, boundary: role.permissions_boundary }).toEqual({ name: role.name, path: '/workflows/', boundary: BOUNDARY_ARN });
  });

  it('GIVEN neither THEN no role names a path or a boundary', () => {
    for (const role of resourcesOf(synth(stackOf(environment())), 'aws_iam_role')) {
      expect(role).not.toHaveProperty('path');
      expect(role).not.toHaveProperty('permissions_boundary');
    }
  });
});
