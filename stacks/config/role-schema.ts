/**
 * What a task's own role may do (`taskRole` of a task), and the settings every role of an environment gets
 * (`rolePath`, `permissionsBoundaryArn`). Shapes only: the security rules (`npm run check:security`) judge the
 * rendered policies, wildcards included.
 */
import { z } from 'zod';
import { MANAGED_POLICIES_PER_ROLE_MAX, MANAGED_POLICY_ARN, ROLE_PATH } from '../aws/iam';

/** `service:Action`, with `*` and `?` allowed in the action name (`s3:Get*`), or `*`. */
const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
/** An ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`, wildcards allowed) or `*`. */
const RESOURCE = /^(\*|arn:(aws[a-z-]*|\*):[a-z0-9*-]+:[a-z0-9*-]*:(\d{12}|\*|aws)?:.+)$/;

export const roleStatementSchema = z.strictObject({
  /** Statement ID, letters and digits. @default - `Job` and the statement's position, e.g. `Job0` */
  sid: z.string().regex(/^[A-Za-z0-9]+$/, 'must be letters and digits').optional(),
  /** Allow or deny what the statement names. @default "Allow" */
  effect: z.enum(['Allow', 'Deny']).default('Allow'),
  /** IAM actions, `service:Action` (`s3:GetObject`, `s3:Get*`). */
  actions: z.array(z.string().regex(ACTION, 'must be an IAM action such as s3:GetObject or s3:Get*')).min(1, 'name at least one action'),
  /** The resources the actions apply to, by ARN (`arn:aws:s3:::my-bucket/*`). */
  resources: z.array(z.string().regex(RESOURCE, 'must be a resource ARN such as arn:aws:s3:::my-bucket/*')).min(1, 'name at least one resource'),
  /**
   * IAM condition block: operator -> condition key -> value(s), e.g. `{ StringEquals: { "s3:prefix": ["in/"] } }`.
   * @default - none
   */
  conditions: z.record(z.string().regex(/^[A-Za-z]+$/, 'must be a condition operator such as StringEquals'), z.record(z.string().min(1), z.union([z.string(), z.array(z.string())]))).optional(),
});

/** What the task's own role may do: statements of an inline policy, and managed policies attached to it. */
export const taskRoleSchema = z.strictObject({
  /** Statements of the role's inline policy (beside what the stack grants: its result, ECS Exec). @default - none */
  statements: z.array(roleStatementSchema).default([]),
  /**
   * Managed policies attached to the role, by ARN: AWS's (`arn:aws:iam::aws:policy/...`) or your account's
   * (rule iam.policy-arn). More than 10 needs IAM's quota raised (rule iam.managed-policies-per-role). @default - none
   */
  managedPolicyArns: z
    .array(z.string().regex(MANAGED_POLICY_ARN, 'must be a managed policy ARN such as arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'))
    .max(MANAGED_POLICIES_PER_ROLE_MAX, `at most ${MANAGED_POLICIES_PER_ROLE_MAX} managed policies per role (rule iam.managed-policies-per-role)`)
    .default([]),
});

/** The path of every role the stack creates (rule iam.role-path). */
export const rolePathSchema = z.string().regex(ROLE_PATH, 'must be / or start and end with /, such as /workflows/ (rule iam.role-path)');

/** A permissions boundary for every role the stack creates (rule iam.permissions-boundary). */
export const permissionsBoundarySchema = z.string().regex(MANAGED_POLICY_ARN, 'must be a managed policy ARN such as arn:aws:iam::123456789012:policy/boundary (rule iam.policy-arn)');
