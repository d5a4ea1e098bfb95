import { UNSCOPABLE_ACTIONS as STACK_UNSCOPABLE_ACTIONS } from '../../../../stacks/builders/iam';
import { iamNoWildcards, UNSCOPABLE_ACTIONS } from '../../../../tools/security/rules/iam-no-wildcards';
import { ACCOUNT, check, kmsKey, oneFinding, policy, role, rolePolicy, stackWith } from '../helpers';

const RULE_ADDRESS = 'aws_iam_role_policy.Policy';

describe('CKV_AWS_355 / CKV_AWS_63 IAM wildcards', () => {
  it('passes named actions on named resources, and "*" only for actions AWS cannot scope', () => {
    const stack = stackWith({
      aws_iam_role: { Role: role() },
      aws_iam_role_policy: {
        Policy: rolePolicy(
          { Sid: 'Run', Effect: 'Allow', Action: ['ecs:RunTask'], Resource: ['${aws_ecs_task_definition.Task.arn}'] },
          { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogDelivery', 'logs:DescribeLogGroups'], Resource: ['*'] },
          { Sid: 'Trace', Effect: 'Allow', Action: ['xray:PutTraceSegments'], Resource: '*' },
          { Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ),
      },
    });
    expect(check(iamNoWildcards, stack)).toEqual([]);
  });

  it('allows exactly the unscopable actions the stacks rely on', () => {
    expect([...UNSCOPABLE_ACTIONS].sort()).toEqual([...STACK_UNSCOPABLE_ACTIONS].sort());
  });

  it('passes a key policy giving kms:* on the key to its own account only', () => {
    expect(check(iamNoWildcards, stackWith({}))).toEqual([]);
  });

  it.each([
    ['Action "*"', { Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::bucket'] }, /action "\*" allows every action/],
    ['a service wildcard', { Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::bucket'] }, /"s3:\*" allows every action of s3/],
    ['NotAction', { Effect: 'Allow', NotAction: ['iam:*'], Resource: ['arn:aws:s3:::bucket'] }, /NotAction/],
    ['Resource "*" for a scopable action', { Sid: 'Run', Effect: 'Allow', Action: ['ecs:RunTask', 'xray:PutTraceSegments'], Resource: '*' }, /statement Run: Resource "\*" for ecs:RunTask,/],
    ['NotResource', { Effect: 'Allow', Action: ['s3:GetObject'], NotResource: ['arn:aws:s3:::secret/*'] }, /NotResource/],
  ])('flags an identity policy with %s', (_, statement, message) => {
    const stack = stackWith({ aws_iam_role_policy: { Policy: rolePolicy(statement) } });
    expect(check(iamNoWildcards, stack)).toEqual(oneFinding(iamNoWildcards, RULE_ADDRESS, message));
  });

  it.each([
    ['kms:* for another account', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'kms:*', Resource: '*' }, /"kms:\*" allows every action of kms/],
    ['kms:* for a role', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` }, Action: 'kms:*', Resource: '*' }, /"kms:\*"/],
    ['Principal "*" without a condition', { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }, /Principal "\*" without a condition/],
  ])('flags a key policy with %s', (_, statement, message) => {
    const stack = stackWith({ aws_kms_key: { Key: kmsKey({ policy: policy(statement) }) } });
    expect(check(iamNoWildcards, stack)).toEqual(oneFinding(iamNoWildcards, 'aws_kms_key.Key', message));
  });

  it('flags a trust policy anyone may assume', () => {
    const stack = stackWith({ aws_iam_role: { Role: role({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) } });
    expect(check(iamNoWildcards, stack)).toEqual(oneFinding(iamNoWildcards, 'aws_iam_role.Role', /assume_role_policy statement #0: Principal "\*"/));
  });

  it('reads a data.aws_iam_policy_document a policy refers to', () => {
    const stack = stackWith(
      { aws_iam_role_policy: { Policy: { role: '${aws_iam_role.Role.id}', policy: '${data.aws_iam_policy_document.Doc.json}' } } },
      { data: { aws_iam_policy_document: { Doc: { statement: [{ sid: 'All', actions: ['*'], resources: ['*'] }] } } } },
    );
    expect(check(iamNoWildcards, stack)).toEqual([
      { ruleId: iamNoWildcards.id, address: RULE_ADDRESS, message: 'policy statement All: action "*" allows every action' },
      { ruleId: iamNoWildcards.id, address: RULE_ADDRESS, message: 'policy statement All: Resource "*" for *, which can be scoped to the resources they concern' },
    ]);
  });

  it('flags a policy it cannot read before apply', () => {
    const stack = stackWith({ aws_iam_role_policy: { Policy: { role: '${aws_iam_role.Role.id}', policy: '${jsonencode(local.policy)}' } } });
    expect(check(iamNoWildcards, stack)).toEqual(oneFinding(iamNoWildcards, RULE_ADDRESS, /Terraform expression/));
  });
});
