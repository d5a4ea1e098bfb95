import { iamNoPrivilegeEscalation } from '../../../../tools/security/rules/iam-no-privilege-escalation';
import { check, oneFinding, rolePolicy, stackWith } from '../helpers';

const ADDRESS = 'aws_iam_role_policy.Policy';
const TO_ECS = { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } };
const ROLES = ['${aws_iam_role.Exec.arn}', '${aws_iam_role.Task.arn}'];

describe('CKV_AWS_286 IAM privilege escalation', () => {
  it('passes PassRole on named roles, to ECS tasks only', () => {
    const stack = stackWith({ aws_iam_role_policy: { Policy: rolePolicy({ Sid: 'Pass', Effect: 'Allow', Action: ['iam:PassRole'], Resource: ROLES, Condition: TO_ECS }) } });
    expect(check(iamNoPrivilegeEscalation, stack)).toEqual([]);
  });

  it('passes AssumeRole of one named role', () => {
    const stack = stackWith({ aws_iam_role_policy: { Policy: rolePolicy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/reader' }) } });
    expect(check(iamNoPrivilegeEscalation, stack)).toEqual([]);
  });

  it.each([
    ['PassRole on every role', { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: TO_ECS }, /iam:PassRole on "\*"/],
    ['PassRole on a role name pattern', { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/wf-*', Condition: TO_ECS }, /name each role/],
    ['PassRole to any service', { Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLES }, /without an iam:PassedToService condition/],
    ['PassRole to a service pattern', { Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLES, Condition: { StringLike: { 'iam:PassedToService': '*.amazonaws.com' } } }, /is a wildcard/],
    ['PassRole through an action wildcard', { Effect: 'Allow', Action: 'iam:Pass*', Resource: ROLES }, /without an iam:PassedToService/],
    ['PutRolePolicy', { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '${aws_iam_role.Task.arn}' }, /grants iam:PutRolePolicy: a path to privilege escalation/],
    ['AssumeRole of any role', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, /grants sts:AssumeRole/],
  ])('flags %s', (_, statement, message) => {
    const stack = stackWith({ aws_iam_role_policy: { Policy: rolePolicy(statement) } });
    expect(check(iamNoPrivilegeEscalation, stack)).toEqual(oneFinding(iamNoPrivilegeEscalation, ADDRESS, message));
  });

  it('flags every escalation path of iam:*', () => {
    const stack = stackWith({ aws_iam_role_policy: { Policy: rolePolicy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) } });
    const messages = check(iamNoPrivilegeEscalation, stack).map((finding) => finding.message);
    expect(messages).toEqual([
      expect.stringMatching(/iam:PassRole on "\*"/),
      expect.stringMatching(/without an iam:PassedToService/),
      expect.stringMatching(/grants iam:AddUserToGroup, .*iam:UpdateLoginProfile: a path/),
    ]);
  });
});
