import { Construct } from 'constructs';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';

export interface RolePolicyAttachmentsProps {
  /** Name of the role the policies are attached to. */
  readonly role: string;
  /** Managed policy ARNs (rule iam.policy-arn). */
  readonly policyArns: readonly string[];
}

/**
 * Managed policies attached to one role, one `aws_iam_role_policy_attachment` each. Each is identified by its
 * ARN, not by its place in the list, so adding or removing one leaves the others attached.
 */
export class RolePolicyAttachments extends Construct {
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: RolePolicyAttachmentsProps) {
    super(scope, id);
    this.attachments = props.policyArns.map((policyArn) => new IamRolePolicyAttachment(this, attachmentId(policyArn), { role: props.role, policyArn }));
  }
}

/** `arn:aws:iam::aws:policy/job/Read` -> `aws-job-Read`: the account (or `aws`) and the policy's path and name. */
function attachmentId(policyArn: string): string {
  const [, , , , account, resource] = policyArn.split(':');
  return `${account}-${resource.replace(/^policy\//, '').replace(/\//g, '-')}`;
}
