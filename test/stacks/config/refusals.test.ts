// Input a platform team can get wrong without noticing: secrets in plain text under any name or in the command or
// build arguments, scratch paths over system folders, build folders outside the project, an environment without
// workflows, and regions of every partition.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { partitionOf } from '../../../stacks/builders/names';
import { configProblems, environment, PROJECT_ROOT, task, workflow } from '../../helpers';
import type { TaskInput } from '../../../stacks/config/types';

const problemsOfTask = (extra: Partial<TaskInput>) => configProblems([environment({ workflows: [workflow('w', { steps: [task('a', extra)] })] })]);
const AT = '  - environments[0=dev].workflows[0=w].steps[0=a]';

describe('secrets in plain text', () => {
  it.each(['DB_PASSWORD', 'APP_SECRET', 'SLACK_BOT_TOKEN', 'STRIPE_API_KEY', 'service_credentials'])(
    'GIVEN a plain value under %s THEN it is refused with a pointer to secrets, and the value is never shown',
    (name) => {
      const [problem, ...rest] = problemsOfTask({ environment: { [name]: 'hunter2hunter2' } });
      expect(rest).toEqual([]);
      expect(problem).toBe(
        `${AT}.environment.${name}: is named like a secret (${name}): a plain environment value is stored in clear in the task definition (readable by anyone allowed ecs:DescribeTaskDefinition) and in Terraform state; put it in Secrets Manager (or SSM Parameter Store) and give its ARN in secrets instead (got "<14 characters, not shown>")`,
      );
    },
  );

  it('GIVEN names that say where a secret is, or ordinary names THEN they are accepted', () => {
    expect(problemsOfTask({ environment: { DB_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf', TOKEN_URL: 'https://auth.example.com/token', SORT_KEY_NAME: 'id', MODE: 'full', EMPTY_TOKEN: '' } })).toEqual([]);
  });

  it('GIVEN a credential or a secret-named flag in the command THEN each argument is refused, masked', () => {
    expect(problemsOfTask({ command: ['node', 'job.js', '--db-password=hunter2hunter2', `--key=AKIA${'A'.repeat(16)}`, '--mode=full'] })).toEqual([
      `${AT}.command[2]: passes a value named like a secret (--db-password): the command is stored in clear in the task definition (readable by anyone allowed ecs:DescribeTaskDefinition) and in Terraform state; put it in Secrets Manager (or SSM Parameter Store) and give its ARN in secrets instead, and read it from the environment (got "--db-password=<14 characters, not shown>")`,
      `${AT}.command[3]: looks like an AWS access key ID, a credential: the command is stored in clear in the task definition (readable by anyone allowed ecs:DescribeTaskDefinition) and in Terraform state; put it in Secrets Manager (or SSM Parameter Store) and give its ARN in secrets instead, and read it from the environment (got "<aws-access-key-id, 26 characters, not shown>")`,
    ]);
  });

  it('GIVEN a credential or a secret-named build argument THEN it is refused: build arguments stay in the image history', () => {
    const problems = problemsOfTask({ image: { directory: 'examples/list-items', buildArgs: { NPM_TOKEN: 'npm_abcdefghijkl', VERSION: '1.2.3' } } });
    expect(problems).toEqual([
      `${AT}.image.buildArgs.NPM_TOKEN: is named like a secret (NPM_TOKEN): a build argument is kept in the image's history and in Terraform state; give the job the secret at run time through secrets instead (got "<16 characters, not shown>")`,
    ]);
  });
});

describe('scratch paths', () => {
  it.each([
    [['/'], 'must not be the root folder'],
    [['/..'], 'must be written plainly'],
    [['/tmp/'], 'must be written plainly'],
    [['/work/./cache'], 'must be written plainly'],
    [['/etc'], 'must not be a system folder'],
    [['/usr'], 'must not be a system folder'],
    [['/proc'], 'must not be in /proc, /sys, /dev'],
    [['/dev/shm'], 'must not be in /proc, /sys, /dev'],
  ])('GIVEN scratchPaths %j THEN it is refused: %s', (scratchPaths, message) => {
    expect(problemsOfTask({ scratchPaths })).toEqual([expect.stringContaining(`${AT}.scratchPaths[0]: ${message}`)]);
  });

  it('GIVEN a repeated path, or one inside another THEN the later one is refused', () => {
    expect(problemsOfTask({ scratchPaths: ['/tmp', '/tmp'] })).toEqual([expect.stringContaining(`${AT}.scratchPaths[1]: scratch paths must be distinct`)]);
    expect(problemsOfTask({ scratchPaths: ['/scratch', '/scratch/deep'] })).toEqual([expect.stringContaining(`${AT}.scratchPaths[1]: must not lie inside another scratch path`)]);
  });

  it('GIVEN distinct plain folders outside the system THEN they are accepted', () => {
    expect(problemsOfTask({ scratchPaths: ['/tmp', '/scratch', '/usr/src/app/cache', '/var-data'] })).toEqual([]);
  });
});

describe('ephemeral storage (rule ecs.fargate-ephemeral-storage)', () => {
  it.each([21, 200])('GIVEN %i GiB THEN it is accepted', (ephemeralStorageGiB) => {
    expect(problemsOfTask({ ephemeralStorageGiB })).toEqual([]);
  });

  it.each([20, 201, 50.5])('GIVEN %d GiB THEN it is refused', (ephemeralStorageGiB) => {
    expect(problemsOfTask({ ephemeralStorageGiB })).toEqual([expect.stringContaining(`${AT}.ephemeralStorageGiB: `)]);
  });
});

describe('job permissions (taskRole) and role settings', () => {
  const read = { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::team-input/*'] };

  it('GIVEN statements, conditions and managed policies of the documented shapes THEN they are accepted', () => {
    expect(problemsOfTask({ taskRole: { statements: [read, { sid: 'List', effect: 'Allow', actions: ['s3:List*'], resources: ['arn:aws:s3:::team-input'], conditions: { StringLike: { 's3:prefix': 'in/*' } } }], managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess', 'arn:aws:iam::123456789012:policy/team/read'] } })).toEqual([]);
  });

  it.each([
    ['an action without its service', { statements: [{ ...read, actions: ['GetObject'] }] }, 'taskRole.statements[0].actions[0]: must be an IAM action'],
    ['a resource that is not an ARN', { statements: [{ ...read, resources: ['team-input'] }] }, 'taskRole.statements[0].resources[0]: must be a resource ARN'],
    ['a statement without actions', { statements: [{ ...read, actions: [] }] }, 'taskRole.statements[0].actions: name at least one action'],
    ['a policy name instead of an ARN', { managedPolicyArns: ['AmazonS3ReadOnlyAccess'] }, 'taskRole.managedPolicyArns[0]: must be a managed policy ARN'],
    ['21 managed policies', { managedPolicyArns: Array.from({ length: 21 }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`) }, 'taskRole.managedPolicyArns: at most 20 managed policies per role'],
  ])('GIVEN %s THEN it is refused at its field', (_, taskRole, message) => {
    expect(problemsOfTask({ taskRole } as Partial<TaskInput>)).toEqual([expect.stringContaining(`${AT}.${message}`)]);
  });

  it.each([
    [{ rolePath: 'workflows' }, 'rolePath: must be / or start and end with /'],
    [{ rolePath: '/work flows/' }, 'rolePath: must be / or start and end with /'],
    [{ permissionsBoundaryArn: 'boundary' }, 'permissionsBoundaryArn: must be a managed policy ARN'],
  ])('GIVEN %j THEN it is refused', (extra, message) => {
    expect(configProblems([environment(extra)])).toEqual([expect.stringContaining(`environments[0=dev].${message}`)]);
  });

  it('GIVEN a role path of 512 characters THEN it is accepted, and one of 513 refused (rule iam.role-path)', () => {
    expect(configProblems([environment({ rolePath: `/${'p'.repeat(510)}/` })])).toEqual([]);
    expect(configProblems([environment({ rolePath: `/${'p'.repeat(511)}/` })])).toEqual([expect.stringContaining('rolePath: must be / or start and end with /')]);
  });
});

describe('build folders', () => {
  const outside = fs.mkdtempSync(path.join(path.dirname(PROJECT_ROOT), 'outside-'));
  beforeAll(() => fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM scratch\n'));
  afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));
  const relative = () => path.relative(PROJECT_ROOT, outside);

  it('GIVEN a build folder outside the project THEN it is refused before anything is copied', () => {
    expect(problemsOfTask({ image: { directory: relative() } })).toEqual([
      expect.stringContaining(`${AT}.image.directory: must be inside the project (${PROJECT_ROOT}): everything in it is copied into cdktf.out as the build context; move it in, or set allowOutsideProject: true (got "${relative()}")`),
    ]);
  });

  it('GIVEN the same folder with allowOutsideProject THEN it is accepted', () => {
    expect(problemsOfTask({ image: { directory: relative(), allowOutsideProject: true } })).toEqual([]);
  });
});

describe('an environment without workflows', () => {
  it('GIVEN no workflows THEN it is refused unless it says it is empty on purpose', () => {
    expect(configProblems([environment({ workflows: [] })])).toEqual([
      '  - environments[0=dev].workflows: declares no workflow: add one, or set allowEmpty: true to deploy the environment without any (got [])',
    ]);
    expect(configProblems([environment({ workflows: [], allowEmpty: true })])).toEqual([]);
  });
});

describe('regions of every partition (rule aws.partitions)', () => {
  it.each([
    ['ap-northeast-1', 'aws'],
    ['mx-central-1', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('GIVEN region %s THEN it is accepted and its ARNs are in partition %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
    expect(configProblems([environment({ region, availabilityZones: [`${region}a`, `${region}b`], workflows: [workflow('w', { steps: [task('a')] })] })])).toEqual([]);
  });

  it.each(['tokyo', 'xx-east-1', 'eusc-fr-east-1'])('GIVEN region %s THEN it is refused', (region) => {
    expect(configProblems([environment({ region, availabilityZones: [`${region}a`, `${region}b`] })])).toEqual([
      expect.stringContaining(`environments[0=dev].region: must be an AWS region such as ap-northeast-1, us-gov-west-1 or eu-isoe-west-1`),
    ]);
  });
});

describe('a webhook secret of another account or region (rule secretsmanager.foreign-secret-key)', () => {
  const FOREIGN = 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:slack-webhook-AbCdEf';
  const KEY = 'arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('GIVEN one without its key THEN it is refused, asking for the key', () => {
    expect(configProblems([environment({ webhookSecretArn: FOREIGN })])).toEqual([
      expect.stringContaining('environments[0=dev].webhookSecretArn: is in 210987654321/eu-west-1, not the environment\'s 123456789012/ap-northeast-1: give webhookSecretKmsKeyArn'),
    ]);
  });

  it('GIVEN its key THEN it is accepted; a key of another account or region than the secret is refused', () => {
    expect(configProblems([environment({ webhookSecretArn: FOREIGN, webhookSecretKmsKeyArn: KEY })])).toEqual([]);
    expect(configProblems([environment({ webhookSecretArn: FOREIGN, webhookSecretKmsKeyArn: KEY.replace('eu-west-1', 'us-east-1') })])).toEqual([
      expect.stringContaining("webhookSecretKmsKeyArn: must be a key in the secret's account and region (210987654321/eu-west-1)"),
    ]);
  });

  it('GIVEN a key without a webhook secret THEN it is refused: the secret the stack creates has the environment key', () => {
    expect(configProblems([environment({ webhookSecretKmsKeyArn: KEY })])).toEqual([expect.stringContaining('webhookSecretKmsKeyArn: only with a webhookSecretArn')]);
  });
});
