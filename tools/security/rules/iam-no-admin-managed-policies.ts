import { finder, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_274';

/**
 * AWS managed policies that hand a role the whole account, or the means to take it: AdministratorAccess (checkov
 * CKV_AWS_274, "Disallow IAM roles, users, and groups from using the AWS AdministratorAccess policy"),
 * PowerUserAccess (every service but IAM administration) and IAMFullAccess (IAM administration, from which every
 * other permission follows), as "AWS managed policies for job functions" (IAM User Guide) describes them.
 */
export const ADMIN_MANAGED_POLICIES: readonly string[] = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'];

/** `arn:<partition>:iam::aws:policy/<path><name>`: the name of an AWS managed policy, or undefined for another ARN. */
function awsManagedPolicyName(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match?.[1];
}

/** No role, user or group gets an AWS managed policy that makes it an administrator. */
export const iamNoAdminManagedPolicies: SecurityRule = {
  id: ID,
  title: 'No IAM role is attached AdministratorAccess, PowerUserAccess or IAMFullAccess',
  resourceTypes: ['aws_iam_role_policy_attachment', 'aws_iam_role'],
  check(stack) {
    const finding = finder(ID);
    const attached = resourcesOf(stack, 'aws_iam_role_policy_attachment').map((attachment) => ({ address: attachment.address, arns: [attachment.attributes.policy_arn] }));
    const listed = resourcesOf(stack, 'aws_iam_role').map((role) => ({ address: role.address, arns: Array.isArray(role.attributes.managed_policy_arns) ? role.attributes.managed_policy_arns : [] }));
    return [...attached, ...listed].flatMap(({ address, arns }) =>
      arns.flatMap((arn) => {
        const name = typeof arn === 'string' ? awsManagedPolicyName(arn) : undefined;
        return name !== undefined && ADMIN_MANAGED_POLICIES.includes(name) ? [finding(address, `attaches the AWS managed policy ${name}: grant the job the actions and resources it needs in taskRole.statements instead`)] : [];
      }),
    );
  },
};
