/**
 * IAM policy documents as typed objects, derived from the resources they concern; the constructs render
 * them once (constructs/json-attribute.ts). No cdktf here: the same builders feed the stacks and the policy-evaluation tests.
 *
 * `Resource: "*"` appears only for actions that AWS does not let a policy scope (see UNSCOPABLE_ACTIONS).
 */

export type Condition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Resource?: string[];
  readonly Principal?: Record<string, string | string[]>;
  readonly Condition?: Condition;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

/** Log delivery for Step Functions execution logs: these actions accept only `Resource: "*"`. */
const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/** X-Ray tracing: these actions accept only `Resource: "*"`. */
const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];

/** A callback task reporting its result: no resource types, the task token names the task (rule states.send-task-unscopable). */
export const SEND_TASK_ACTIONS = ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'];

/** ECS Exec's Session Manager channels, opened by the agent in the task: no resource types (rule ecs.exec-task-requirements). */
export const ECS_EXEC_ACTIONS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];

/** Actions without resource-level permissions: the service only accepts `Resource: "*"` for them. */
export const UNSCOPABLE_ACTIONS: readonly string[] = ['ecr:GetAuthorizationToken', ...LOG_DELIVERY_ACTIONS, ...XRAY_ACTIONS, ...SEND_TASK_ACTIONS, ...ECS_EXEC_ACTIONS];

export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

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

export interface StateMachinePolicyProps {
  /**
   * `arn:...:task-definition/<family>:*` of each task family the workflow runs: any revision of those, nothing else
   * (rule ecs.run-task-family), so that a redrive after a deploy may run the new revision.
   */
  readonly taskDefinitionFamilyArns: readonly string[];
  /** Execution and task role ARNs of those task definitions: the only roles it may pass. */
  readonly passRoleArns: readonly string[];
  /** The cluster the tasks run in. */
  readonly clusterArn: string;
  /** `arn:...:ecs:<region>:<account>:task/<cluster>/*`: the tasks it may watch and stop. */
  readonly clusterTasksArn: string;
  /** `arn:...:events:<region>:<account>:rule/StepFunctionsGetEventsForECSTaskRule`. */
  readonly ecsSyncEventsRuleArn: string;
  /** Its own ARN, when it lists its running executions to skip overlapping runs. @default - no ListExecutions */
  readonly listOwnExecutionsArn?: string;
  /**
   * Its own ARN, when a Distributed Map state runs child executions of it (rule states.distributed-map-permissions).
   * @default - no child executions
   */
  readonly childExecutionsOfArn?: string;
}

/** `arn:...:execution:<state machine>/*`: the child executions of a state machine's Distributed Map runs. */
export function childExecutionsOf(stateMachineArn: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}/*`;
}

/** The state machine's role: run, watch and stop its own tasks, pass only their roles, log and trace. */
export function stateMachinePolicy(props: StateMachinePolicyProps): PolicyDocument {
  return policy(
    {
      Sid: 'RunOwnTaskFamilies',
      Effect: 'Allow',
      Action: ['ecs:RunTask'],
      Resource: [...props.taskDefinitionFamilyArns],
      Condition: { ArnEquals: { 'ecs:cluster': props.clusterArn } },
    },
    {
      Sid: 'WatchAndStopOwnTasks',
      Effect: 'Allow',
      Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
      Resource: [props.clusterTasksArn],
    },
    {
      // Tags propagated from the task definition at RunTask, for cost per step; no tagging of anything else (rule ecs.tag-on-create).
      Sid: 'TagOwnTasksOnRunTaskOnly',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: [props.clusterTasksArn],
      Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    },
    {
      Sid: 'PassOwnTaskRolesToEcsOnly',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [...props.passRoleArns],
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
    {
      Sid: 'ManageEcsSyncEventsRule',
      Effect: 'Allow',
      Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      Resource: [props.ecsSyncEventsRuleArn],
    },
    ...(props.listOwnExecutionsArn
      ? [{ Sid: 'ListOwnExecutions', Effect: 'Allow' as const, Action: ['states:ListExecutions'], Resource: [props.listOwnExecutionsArn] }]
      : []),
    ...(props.childExecutionsOfArn
      ? [
          { Sid: 'StartOwnChildExecutions', Effect: 'Allow' as const, Action: ['states:StartExecution'], Resource: [props.childExecutionsOfArn] },
          // RedriveExecution: a redrive of the workflow redrives its failed Map Run's child executions (rule states.map-run-redrive-permissions).
          { Sid: 'WatchStopAndRedriveOwnChildExecutions', Effect: 'Allow' as const, Action: ['states:DescribeExecution', 'states:StopExecution', 'states:RedriveExecution'], Resource: [childExecutionsOf(props.childExecutionsOfArn)] },
        ]
      : []),
    { Sid: 'DeliverExecutionLogs', Effect: 'Allow', Action: [...LOG_DELIVERY_ACTIONS], Resource: ['*'] },
    { Sid: 'XRayTracing', Effect: 'Allow', Action: [...XRAY_ACTIONS], Resource: ['*'] },
  );
}

/** What a task's own code may do for the workflow: report its result, open ECS Exec sessions; undefined when neither. */
export function taskRolePolicy(task: { readonly waitForCallback: boolean; readonly enableExecuteCommand: boolean }): PolicyDocument | undefined {
  const statements: PolicyStatement[] = [];
  if (task.waitForCallback) statements.push({ Sid: 'ReportTaskResult', Effect: 'Allow', Action: [...SEND_TASK_ACTIONS], Resource: ['*'] });
  if (task.enableExecuteCommand) statements.push({ Sid: 'EcsExecSessions', Effect: 'Allow', Action: [...ECS_EXEC_ACTIONS], Resource: ['*'] });
  return statements.length > 0 ? policy(...statements) : undefined;
}

/** The scheduler's role: start executions of one state machine, and dead-letter what it could not. */
export function schedulerPolicy(stateMachineArn: string, deadLetterQueueArn?: string): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: 'StartOwnStateMachine', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [stateMachineArn] },
  ];
  if (deadLetterQueueArn) {
    statements.push({ Sid: 'DeadLetter', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [deadLetterQueueArn] });
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
export function describeExecutionsPolicy(executionArnPatterns: readonly string[]): PolicyDocument {
  return policy({ Sid: 'DescribeAlertedExecutions', Effect: 'Allow', Action: ['states:DescribeExecution'], Resource: [...executionArnPatterns] });
}

/** Queue policy of a dead-letter queue: EventBridge may send to it for its own rules only (rule events.dead-letter-queue). */
export function deadLetterQueuePolicy(queueArn: string, ruleArn: string | readonly string[]): PolicyDocument {
  return policy({
    Sid: 'EventBridgeDeadLettersOfOwnRule',
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: ['sqs:SendMessage'],
    Resource: [queueArn],
    Condition: { ArnEquals: { 'aws:SourceArn': typeof ruleArn === 'string' ? ruleArn : [...ruleArn] } },
  });
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

export interface KeyPolicyProps {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * Key policy of the environment's KMS key: the account administers it through IAM, and CloudWatch Logs
 * may use it only for log groups of this account and region.
 */
export function kmsKeyPolicy(props: KeyPolicyProps): PolicyDocument {
  const account = `arn:${props.partition}:iam::${props.accountId}:root`;
  return policy(
    { Sid: 'AccountAdministersThroughIam', Effect: 'Allow', Principal: { AWS: account }, Action: ['kms:*'], Resource: ['*'] },
    {
      Sid: 'CloudWatchLogsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: `logs.${props.region}.amazonaws.com` },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: ['*'],
      Condition: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${props.partition}:logs:${props.region}:${props.accountId}:log-group:*` },
      },
    },
    {
      // An encrypted dead-letter queue: EventBridge encrypts what it sends to it (rule events.dead-letter-queue).
      Sid: 'EventBridgeDeadLettersOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: ['*'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': props.accountId },
        ArnLike: { 'aws:SourceArn': `arn:${props.partition}:events:${props.region}:${props.accountId}:rule/*` },
      },
    },
  );
}
