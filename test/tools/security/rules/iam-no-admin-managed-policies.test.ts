import { iamNoAdminManagedPolicies } from '../../../../tools/security/rules/iam-no-admin-managed-policies';
import { check, oneFinding, role, stackWith } from '../helpers';

const attachment = (policyArn: string) => ({ role: '${aws_iam_role.Task.name}', policy_arn: policyArn });

describe('CKV_AWS_274 no administrator managed policies', () => {
  it('passes a role with a narrow AWS managed policy and one of the account', () => {
    const stack = stackWith({
      aws_iam_role: { Task: role() },
      aws_iam_role_policy_attachment: {
        Read: attachment('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'),
        Own: attachment('arn:aws:iam::123456789012:policy/AdministratorAccess'),
      },
    });
    expect(check(iamNoAdminManagedPolicies, stack)).toEqual([]);
  });

  it.each(['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws-us-gov:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/IAMFullAccess'])('flags an attachment of %s', (policyArn) => {
    const stack = stackWith({ aws_iam_role: { Task: role() }, aws_iam_role_policy_attachment: { Admin: attachment(policyArn) } });
    expect(check(iamNoAdminManagedPolicies, stack)).toEqual(oneFinding(iamNoAdminManagedPolicies, 'aws_iam_role_policy_attachment.Admin', /attaches the AWS managed policy/));
  });

  it('flags a role that lists AdministratorAccess in managed_policy_arns', () => {
    const stack = stackWith({ aws_iam_role: { Task: { ...role(), managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } } });
    expect(check(iamNoAdminManagedPolicies, stack)).toEqual(oneFinding(iamNoAdminManagedPolicies, 'aws_iam_role.Task', /AdministratorAccess/));
  });
});
