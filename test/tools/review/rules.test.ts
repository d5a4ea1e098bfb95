/**
 * Each rule as a pure predicate: one change that it flags and one that it leaves alone, through the same
 * helper. The tests on recorded plans (plan-summary.test.ts, test/fixtures/plans/) cover the rules on
 * Terraform's own output.
 */
import { foldActions, toResourceChange, type ResourceChange } from '../../../tools/review/model';
import { destroyRule, ecsExecRule, iamRule, imageRule, passRoleRule, replaceRule, securityGroupRule, stateMachineRule } from '../../../tools/review/rules';
import type { ReviewRule } from '../../../tools/review/flag';

interface ChangeInput {
  readonly type: string;
  readonly actions: string[];
  readonly before?: Record<string, unknown> | null;
  readonly after?: Record<string, unknown> | null;
  readonly afterUnknown?: unknown;
  readonly afterSensitive?: unknown;
  readonly replacePaths?: (string | number)[][];
  readonly reason?: string;
}

function change(input: ChangeInput): ResourceChange {
  return toResourceChange({
    address: `${input.type}.example`,
    mode: 'managed',
    type: input.type,
    name: 'example',
    action_reason: input.reason,
    change: {
      actions: input.actions,
      before: input.before ?? null,
      after: input.after ?? null,
      after_unknown: input.afterUnknown ?? {},
      before_sensitive: {},
      after_sensitive: input.afterSensitive ?? {},
      replace_paths: input.replacePaths,
    },
  });
}

function check(rule: ReviewRule, input: ChangeInput) {
  return rule.check(change(input));
}

const policyText = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const PASS_TASK_ROLE = { Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/task', Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } };

describe('foldActions', () => {
  it.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['no-op'], 'no-op'],
    [['read'], 'read'],
    [['forget'], 'forget'],
  ])('GIVEN %j THEN %s', (actions, expected) => {
    expect(foldActions(actions)).toBe(expected);
  });
});

describe('destroy rule', () => {
  it('GIVEN a delete THEN it is flagged with the reason', () => {
    expect(check(destroyRule, { type: 'aws_vpc', actions: ['delete'], before: { id: 'vpc-1' }, reason: 'delete_because_no_resource_config' })).toEqual([
      { kind: 'destroy', address: 'aws_vpc.example', title: '**DESTROY** `aws_vpc.example`: it is no longer in the configuration', details: [] },
    ]);
  });
  it('GIVEN a replacement or an update THEN the destroy rule leaves it to others', () => {
    expect(check(destroyRule, { type: 'aws_vpc', actions: ['delete', 'create'] })).toEqual([]);
    expect(check(destroyRule, { type: 'aws_vpc', actions: ['update'] })).toEqual([]);
  });
});

describe('replace rule', () => {
  it('GIVEN a create-before-destroy replacement THEN the order and the forcing attribute are named', () => {
    const [flag] = check(replaceRule, { type: 'aws_ecs_task_definition', actions: ['create', 'delete'], replacePaths: [['container_definitions'], ['volume', 0, 'name']] });
    expect(flag.title).toBe('**REPLACE** `aws_ecs_task_definition.example` (new one created before the old one is destroyed, forced by `container_definitions`, `volume[0].name`)');
  });
  it('GIVEN a create THEN nothing is flagged', () => {
    expect(check(replaceRule, { type: 'aws_ecs_task_definition', actions: ['create'] })).toEqual([]);
  });
});

describe('PassRole rule', () => {
  it('GIVEN a policy that starts passing any role to any service THEN both are called out', () => {
    const [flag] = check(passRoleRule, {
      type: 'aws_iam_policy',
      actions: ['update'],
      before: { policy: policyText(PASS_TASK_ROLE) },
      after: { policy: policyText({ Effect: 'Allow', Action: ['iam:*'], Resource: '*' }) },
    });
    expect(flag.details).toEqual([
      '**any role** can be passed (`Resource: "*"`)',
      'roles added: `*`',
      'roles removed: `arn:aws:iam::123456789012:role/task`',
      'passable roles after: `*`',
      '**no iam:PassedToService condition**: the roles can be passed to any service',
    ]);
  });
  it('GIVEN NotAction that leaves PassRole allowed THEN it counts as granting it', () => {
    const flags = check(passRoleRule, { type: 'aws_iam_role_policy', actions: ['create'], after: { policy: policyText({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }) } });
    expect(flags).toHaveLength(1);
  });
  it('GIVEN an inline policy of a role THEN it is read too', () => {
    const [flag] = check(passRoleRule, { type: 'aws_iam_role', actions: ['create'], after: { inline_policy: [{ name: 'x', policy: policyText(PASS_TASK_ROLE) }] } });
    expect(flag.title).toBe('**iam:PassRole** in `aws_iam_role.example` (inline_policy[0].policy)');
  });
  it('GIVEN policies without PassRole, or an unrelated change of one that has it THEN nothing is flagged', () => {
    expect(check(passRoleRule, { type: 'aws_iam_role_policy', actions: ['create'], after: { policy: policyText({ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }) } })).toEqual([]);
    expect(check(passRoleRule, { type: 'aws_iam_role_policy', actions: ['create'], after: { policy: policyText({ ...PASS_TASK_ROLE, Effect: 'Deny' }) } })).toEqual([]);
    expect(check(passRoleRule, { type: 'aws_iam_role_policy', actions: ['update'], before: { name: 'a', policy: policyText(PASS_TASK_ROLE) }, after: { name: 'b', policy: policyText(PASS_TASK_ROLE) } })).toEqual([]);
  });
});

describe('IAM rule', () => {
  it('GIVEN an updated role policy THEN the changed statements are listed', () => {
    const [flag] = check(iamRule, {
      type: 'aws_iam_role_policy',
      actions: ['update'],
      before: { name: 'p', policy: policyText({ Sid: 'Logs', Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: ['arn:aws:logs:*'] }) },
      after: { name: 'p', policy: policyText({ Sid: 'Logs', Effect: 'Allow', Action: ['logs:PutLogEvents', 'logs:DeleteLogGroup'], Resource: ['arn:aws:logs:*'] }, { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
    });
    expect(flag.title).toBe('**IAM** role policy updated: `aws_iam_role_policy.example` (`p`)');
    expect(flag.details).toEqual([
      'changed: `policy`',
      '`policy` statement `Logs`: actions +`logs:DeleteLogGroup`',
      '`policy` statement `Read` added: Allow `s3:GetObject` on `arn:aws:s3:::b/*`',
    ]);
  });
  it('GIVEN a changed resource policy of a non-IAM resource THEN it is flagged; other attribute changes are not', () => {
    const before = { policy: policyText({ Sid: 'A', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }), description: 'x' };
    expect(check(iamRule, { type: 'aws_kms_key', actions: ['update'], before, after: { ...before, policy: policyText({ Sid: 'A', Effect: 'Allow', Action: 'kms:*', Resource: '*' }) } })[0].title).toBe(
      '**IAM** resource policy of aws_kms_key updated: `aws_kms_key.example`',
    );
    expect(check(iamRule, { type: 'aws_kms_key', actions: ['update'], before, after: { ...before, description: 'y' } })).toEqual([]);
    expect(check(iamRule, { type: 'aws_vpc', actions: ['create'], after: { cidr_block: '10.0.0.0/16' } })).toEqual([]);
  });
});

describe('security group rule', () => {
  const https = { protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'], description: '' };
  it('GIVEN ingress opened to the internet THEN it is called out', () => {
    const [flag] = check(securityGroupRule, { type: 'aws_security_group', actions: ['update'], before: { ingress: [], egress: [https] }, after: { ingress: [{ ...https, from_port: 22, to_port: 22 }], egress: [https] } });
    expect(flag.details).toEqual(['**open to the internet**: rule added: `ingress tcp 22 from 0.0.0.0/0`']);
  });
  it('GIVEN a standalone ingress rule resource THEN its rule is described', () => {
    const [flag] = check(securityGroupRule, { type: 'aws_vpc_security_group_ingress_rule', actions: ['create'], after: { ip_protocol: '-1', cidr_ipv4: '10.0.0.0/8' } });
    expect(flag.details).toEqual(['rule added: `ingress all traffic from 10.0.0.0/8`']);
  });
  it('GIVEN a group whose tags alone change THEN it is flagged with unchanged rules; other types are not flagged', () => {
    expect(check(securityGroupRule, { type: 'aws_security_group', actions: ['update'], before: { ingress: [], egress: [https], tags: {} }, after: { ingress: [], egress: [https], tags: { a: 'b' } } })[0].details).toEqual(['rules unchanged']);
    expect(check(securityGroupRule, { type: 'aws_subnet', actions: ['update'], before: {}, after: {} })).toEqual([]);
  });
});

describe('state machine rule', () => {
  const definition = (seconds: number) => JSON.stringify({ StartAt: 'a', States: { a: { Type: 'Task', Resource: 'arn', TimeoutSeconds: seconds, End: true } } });
  it('GIVEN a known definition change THEN the diff shows only the changed line, whatever the key order', () => {
    const reordered = JSON.stringify({ States: { a: { End: true, TimeoutSeconds: 60, Type: 'Task', Resource: 'arn' } }, StartAt: 'a' });
    const [flag] = check(stateMachineRule, { type: 'aws_sfn_state_machine', actions: ['update'], before: { name: 'm', definition: definition(30) }, after: { name: 'm', definition: reordered } });
    expect(flag.diff?.split('\n').filter((line) => /^[-+]/.test(line))).toEqual(['-      "TimeoutSeconds": 30,', '+      "TimeoutSeconds": 60,']);
  });
  it('GIVEN a sensitive definition THEN it is not shown', () => {
    const [flag] = check(stateMachineRule, { type: 'aws_sfn_state_machine', actions: ['update'], before: { definition: definition(30) }, after: { definition: definition(60) }, afterSensitive: { definition: true } });
    expect(flag.diff).toBeUndefined();
    expect(flag.details).toEqual(['definition is sensitive: not shown']);
  });
  it('GIVEN an update that leaves the definition alone THEN nothing is flagged', () => {
    expect(check(stateMachineRule, { type: 'aws_sfn_state_machine', actions: ['update'], before: { definition: definition(30), tags: {} }, after: { definition: definition(30), tags: { a: 'b' } } })).toEqual([]);
  });
});

describe('image rule', () => {
  const containers = (image: string) => JSON.stringify([{ name: 'main', image }]);
  it('GIVEN a Docker provider image rebuilt under a new name THEN old and new are shown', () => {
    const [flag] = check(imageRule, { type: 'docker_registry_image', actions: ['delete', 'create'], before: { name: 'repo:1' }, after: { name: 'repo:2' } });
    expect(flag.details).toEqual(['`repo:1` -> `repo:2`']);
  });
  it('GIVEN container definitions known only after apply THEN that is said', () => {
    const [flag] = check(imageRule, { type: 'aws_ecs_task_definition', actions: ['delete', 'create'], before: { container_definitions: containers('a:1') }, after: {}, afterUnknown: { container_definitions: true } });
    expect(flag.details).toEqual(['container images are known only after apply']);
  });
  it('GIVEN a task definition replaced for another reason THEN no image flag', () => {
    expect(check(imageRule, { type: 'aws_ecs_task_definition', actions: ['delete', 'create'], before: { container_definitions: containers('a:1'), cpu: '256' }, after: { container_definitions: containers('a:1'), cpu: '512' } })).toEqual([]);
  });
});

describe('ecsExecRule', () => {
  const machine = (...steps: [string, boolean][]) =>
    JSON.stringify({
      StartAt: steps[0][0],
      States: Object.fromEntries(
        steps.map(([name, exec]) => [
          name,
          { Type: 'Map', ItemProcessor: { StartAt: `${name}: item`, States: { [`${name}: item`]: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Parameters: exec ? { EnableExecuteCommand: true } : {}, End: true } } }, End: true },
        ]),
      ),
    });

  it('GIVEN a state machine whose update turns ECS Exec on for a step THEN it names that step, nested in a fan-out', () => {
    const flags = check(ecsExecRule, { type: 'aws_sfn_state_machine', actions: ['update'], before: { name: 'wf-dev-w', definition: machine(['a', false]) }, after: { name: 'wf-dev-w', definition: machine(['a', true]) } });
    expect(flags.map((flag) => flag.title)).toEqual(['**ECS Exec** enabled in `aws_sfn_state_machine.example` (`wf-dev-w`): `a: item`']);
  });

  it('GIVEN ECS Exec already on, or turned off THEN nothing is flagged', () => {
    expect(check(ecsExecRule, { type: 'aws_sfn_state_machine', actions: ['update'], before: { definition: machine(['a', true]) }, after: { definition: machine(['a', true]) } })).toEqual([]);
    expect(check(ecsExecRule, { type: 'aws_sfn_state_machine', actions: ['update'], before: { definition: machine(['a', true]) }, after: { definition: machine(['a', false]) } })).toEqual([]);
  });
});
