/**
 * IAM policy documents as typed objects, derived from the resources they concern; the constructs render
 * them once (constructs/json-attribute.ts). No cdktf here: the same builders feed the stacks and the policy-evaluation tests.
 *
 * `Resource: "*"` appears only for actions that AWS does not let a policy scope (see UNSCOPABLE_ACTIONS).
 *
 * The documents are built in this module and beside it: the workflow's roles in iam-workflow.ts, the resource
 * policies in iam-resource-policies.ts, the document shape in iam-document.ts. Their names are exported from here too.
 */
import { policy, type Condition, type PolicyDocument, type PolicyStatement } from './iam-document';

export { ECS_EXEC_ACTIONS, policy, UNSCOPABLE_ACTIONS, type Condition, type PolicyDocument, type PolicyStatement } from './iam-document';
export {
  childExecutionsOf,
  readResultsStatements,
  schedulerPolicy,
  stateMachinePolicy,
  taskRolePolicy,
  writeFanOutResultsStatements,
  type ResultsAccess,
  type ScheduleKeyUse,
  type StateMachinePolicyProps,
} from './iam-workflow';
export {
  alarmTopicPolicy,
  deadLetterQueuePolicy,
  denyInsecureTransport,
  kmsKeyPolicy,
  scheduleDeadLetterQueuePolicy,
  tlsOnlyBucketPolicy,
  type AlarmTopicPolicyProps,
  type KeyPolicyProps,
} from './iam-resource-policies';

/** Trust policy for a service role, limited to calls made on behalf of this account (confused deputy). */
export function assumeRolePolicy(service: string, accountId: string, sourceArn?: string | readonly string[]): PolicyDocument {
  const condition: Condition = { StringEquals: { 'aws:SourceAccount': accountId } };
  if (sourceArn) condition.ArnLike = { 'aws:SourceArn': typeof sourceArn === 'string' ? sourceArn : [...sourceArn] };
  return policy({
    Sid: 'AssumeByService',
    Effect: 'Allow',
    Principal: { Service: service },
    Action: ['sts:AssumeRole'],
    Condition: condition,
  });
}

/** ECS task trust policy: the source ARN is any task of this account and region. */
export function ecsTasksAssumeRolePolicy(accountId: string, ecsTaskArnPattern: string): PolicyDocument {
  return assumeRolePolicy('ecs-tasks.amazonaws.com', accountId, ecsTaskArnPattern);
}

export interface TaskExecutionPolicyProps {
  /** ECR repositories the task pulls from (empty for images outside this account's ECR). */
  readonly repositoryArns: readonly string[];
  /** The task's log group ARN (without the `:*` suffix). */
  readonly logGroupArn: string;
  /**
   * Secrets Manager secrets injected through `secrets`: their ARNs, or `<name>-??????` where the six random
   * characters are not known (stacks/aws/ecs-secrets.ts derives them from every form ECS accepts).
   */
  readonly secretArns: readonly string[];
  /** SSM parameter ARNs injected through `secrets` (a parameter given by name included). */
  readonly parameterArns: readonly string[];
  /** Customer-managed KMS key encrypting secrets of this stack; decrypt only through Secrets Manager. @default - none */
  readonly secretsKeyArn?: string;
  /** Region of the secrets (for the `kms:ViaService` condition). @default - no KMS statement */
  readonly region?: string;
}

/** What the ECS agent needs to start one task: pull its image, write its log group, read its secrets. */
export function taskExecutionPolicy(props: TaskExecutionPolicyProps): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: 'WriteOwnLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`${props.logGroupArn}:log-stream:*`],
    },
  ];
  if (props.repositoryArns.length > 0) {
    statements.push(
      { Sid: 'EcrLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
      {
        Sid: 'PullOwnImage',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: [...props.repositoryArns],
      },
    );
  }
  if (props.secretArns.length > 0) {
    statements.push({ Sid: 'ReadOwnSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [...props.secretArns] });
  }
  if (props.secretArns.length > 0 && props.secretsKeyArn && props.region) {
    statements.push({
      Sid: 'DecryptSecretsThroughSecretsManager',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [props.secretsKeyArn],
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
    });
  }
  if (props.parameterArns.length > 0) {
    statements.push({ Sid: 'ReadOwnParameters', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: [...props.parameterArns] });
  }
  return policy(...statements);
}

export interface ExecutionAlertsPolicyProps {
  /** The notifier's task definition ARN with its revision: the only one the alerts may run. */
  readonly taskDefinitionArn: string;
  /** The notifier's execution and task role ARNs: the only roles the alerts may pass. */
  readonly passRoleArns: readonly string[];
  /** The cluster the notifier runs in. */
  readonly clusterArn: string;
}

/** The role EventBridge runs the notifier with: run its task definition in the cluster, pass its two roles to ECS. */
export function executionAlertsPolicy(props: ExecutionAlertsPolicyProps): PolicyDocument {
  return policy(
    {
      Sid: 'RunNotifierTask',
      Effect: 'Allow',
      Action: ['ecs:RunTask'],
      Resource: [props.taskDefinitionArn],
      Condition: { ArnEquals: { 'ecs:cluster': props.clusterArn } },
    },
    {
      Sid: 'PassNotifierRolesToEcsOnly',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [...props.passRoleArns],
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
  );
}

/** The notifier's task role in the execution alerts: read the executions it alerts on (DescribeExecution), nothing else. */
export function describeExecutionsPolicy(executionArnPatterns: readonly string[], mapRunArnPatterns: readonly string[] = []): PolicyDocument {
  return policy(
    { Sid: 'DescribeAlertedExecutions', Effect: 'Allow', Action: ['states:DescribeExecution'], Resource: [...executionArnPatterns] },
    // A success of a workflow with Distributed fan-outs says how many items failed: ListMapRuns is authorized on the
    // execution, DescribeMapRun on the Map Run (Service Authorization Reference, AWS Step Functions).
    ...(mapRunArnPatterns.length > 0
      ? [
          { Sid: 'ListFanOutsOfAlertedExecutions', Effect: 'Allow' as const, Action: ['states:ListMapRuns'], Resource: [...executionArnPatterns] },
          { Sid: 'CountFanOutItems', Effect: 'Allow' as const, Action: ['states:DescribeMapRun'], Resource: [...mapRunArnPatterns] },
        ]
      : []),
  );
}

/** VPC flow logs delivery into one log group. */
export function flowLogsPolicy(logGroupArn: string): PolicyDocument {
  return policy({
    Sid: 'WriteFlowLogGroup',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    Resource: [`${logGroupArn}:*`],
  });
}
