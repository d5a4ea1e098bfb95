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

/** ECS Exec's Session Manager channels, opened by the agent in the task: no resource types (rule ecs.exec-task-requirements). */
export const ECS_EXEC_ACTIONS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];

/** Actions without resource-level permissions: the service only accepts `Resource: "*"` for them. */
export const UNSCOPABLE_ACTIONS: readonly string[] = ['ecr:GetAuthorizationToken', ...LOG_DELIVERY_ACTIONS, ...XRAY_ACTIONS, ...ECS_EXEC_ACTIONS];

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
  /**
   * The results its steps write, which it reads back (GetObject) or a Distributed fan-out reads its items from
   * (ItemReader, rule states.item-reader-json). @default - reads no results
   */
  readonly readResults?: ResultsAccess;
  /**
   * Where its Distributed fan-outs write what became of each item (ResultWriter, rule states.result-writer): the key
   * pattern is `fan-outs/<workflow>/*`. @default - no Distributed fan-out
   */
  readonly writeFanOutResults?: ResultsAccess;
}

/** Access to the results of one state machine's steps in the environment's results bucket. */
export interface ResultsAccess {
  /** `arn:...:s3:::<bucket>`. */
  readonly bucketArn: string;
  /** The keys, relative to the bucket: `<state machine name>/*` for the state machine, `<state machine name>/*\/<step key>.json` for a step. */
  readonly keyPattern: string;
  /** The environment's KMS key, which encrypts the bucket's objects (rule s3.sse-kms-default-encryption). */
  readonly kmsKeyArn: string;
  /** Region of the bucket, for the `kms:ViaService` condition. */
  readonly region: string;
}

/** Use of the environment key by S3 on the caller's behalf only (rule s3.sse-kms-default-encryption). */
function throughS3(access: ResultsAccess, action: string, sid: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: [action],
    Resource: [access.kmsKeyArn],
    Condition: { StringEquals: { 'kms:ViaService': `s3.${access.region}.amazonaws.com` } },
  };
}

/**
 * Read the results of its own steps: GetObject under its own prefix; ListBucket of that prefix only, so that a
 * missing result is answered NoSuchKey rather than AccessDenied (rule s3.get-object-missing-key).
 */
export function readResultsStatements(access: ResultsAccess): PolicyStatement[] {
  const prefix = access.keyPattern;
  return [
    { Sid: 'ReadOwnResults', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${access.bucketArn}/${prefix}`] },
    { Sid: 'ListOwnResults', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [access.bucketArn], Condition: { StringLike: { 's3:prefix': prefix } } },
    throughS3(access, 'kms:Decrypt', 'DecryptResultsThroughS3'),
  ];
}

/** Write what became of each item of its own Distributed fan-outs, as ResultWriter needs (rule states.result-writer). */
export function writeFanOutResultsStatements(access: ResultsAccess): PolicyStatement[] {
  return [
    {
      Sid: 'WriteOwnFanOutResults',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
      Resource: [`${access.bucketArn}/${access.keyPattern}`],
    },
    throughS3(access, 'kms:GenerateDataKey', 'EncryptFanOutResultsThroughS3'),
  ];
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
    ...(props.readResults ? readResultsStatements(props.readResults) : []),
    ...(props.writeFanOutResults ? writeFanOutResultsStatements(props.writeFanOutResults) : []),
    { Sid: 'DeliverExecutionLogs', Effect: 'Allow', Action: [...LOG_DELIVERY_ACTIONS], Resource: ['*'] },
    { Sid: 'XRayTracing', Effect: 'Allow', Action: [...XRAY_ACTIONS], Resource: ['*'] },
  );
}

/**
 * What a task's own code may do for the workflow: write its result (PutObject of its own key under its state
 * machine's prefix, encrypted with the environment key through S3), open ECS Exec sessions; undefined when neither.
 */
export function taskRolePolicy(task: { readonly enableExecuteCommand: boolean }, writeResult?: ResultsAccess): PolicyDocument | undefined {
  const statements: PolicyStatement[] = [];
  if (writeResult) {
    statements.push(
      { Sid: 'WriteOwnResult', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`${writeResult.bucketArn}/${writeResult.keyPattern}`] },
      throughS3(writeResult, 'kms:GenerateDataKey', 'EncryptResultThroughS3'),
    );
  }
  if (task.enableExecuteCommand) statements.push({ Sid: 'EcsExecSessions', Effect: 'Allow', Action: [...ECS_EXEC_ACTIONS], Resource: ['*'] });
  return statements.length > 0 ? policy(...statements) : undefined;
}

/** A schedule encrypted with the environment's customer managed key (rule scheduler.customer-managed-key). */
export interface ScheduleKeyUse {
  /** The environment's KMS key. */
  readonly kmsKeyArn: string;
  /** `arn:...:scheduler:<region>:<account>:schedule/<group>/<name>`: the encryption context Scheduler decrypts the payload with. */
  readonly scheduleArn: string;
  /** Region of the dead-letter queue, for the `kms:ViaService` condition of SQS. */
  readonly region: string;
}

/**
 * The scheduler's role: start executions of one state machine, and dead-letter what it could not (rule
 * scheduler.dead-letter-queue: Scheduler sends with this role). With a customer managed key, the role decrypts its
 * own schedule's payload (encryption context = the schedule ARN), and, with a dead-letter queue, SQS uses the key
 * on its behalf to encrypt what it sends (rule sqs.customer-managed-key).
 */
export function schedulerPolicy(stateMachineArn: string, deadLetterQueueArn?: string, key?: ScheduleKeyUse): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: 'StartOwnStateMachine', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [stateMachineArn] },
  ];
  if (deadLetterQueueArn) {
    statements.push({ Sid: 'DeadLetter', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [deadLetterQueueArn] });
  }
  if (key) {
    statements.push({
      Sid: 'DecryptOwnSchedulePayload',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [key.kmsKeyArn],
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:scheduler:schedule:arn': key.scheduleArn } },
    });
  }
  if (key && deadLetterQueueArn) {
    statements.push({
      Sid: 'EncryptDeadLettersThroughSqs',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: [key.kmsKeyArn],
      Condition: { StringEquals: { 'kms:ViaService': `sqs.${key.region}.amazonaws.com` } },
    });
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

/**
 * Refuse every request to `resources` that is not made over TLS: a `Deny` of every action of the service to any
 * principal when `aws:SecureTransport` is false. For resource policies: an SQS queue policy (`"sqs"`, rule
 * sqs.tls-only), an SNS topic policy (`"sns"`, "Amazon SNS security best practices", Amazon SNS Developer Guide).
 */
export function denyInsecureTransport(service: 'sqs' | 'sns', resources: readonly string[]): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: [`${service}:*`],
    Resource: [...resources],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Queue policy of a dead-letter queue: EventBridge may send to it for its own rules only (rule events.dead-letter-queue), over TLS only. */
export function deadLetterQueuePolicy(queueArn: string, ruleArn: string | readonly string[]): PolicyDocument {
  return policy(
    {
      Sid: 'EventBridgeDeadLettersOfOwnRule',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['sqs:SendMessage'],
      Resource: [queueArn],
      Condition: { ArnEquals: { 'aws:SourceArn': typeof ruleArn === 'string' ? ruleArn : [...ruleArn] } },
    },
    denyInsecureTransport('sqs', [queueArn]),
  );
}

/**
 * Queue policy of a schedule's dead-letter queue: requests over TLS only. It grants nothing: Scheduler sends with
 * the schedule's own role, in the queue's account, whose identity policy allows the send (rule scheduler.dead-letter-queue).
 */
export function scheduleDeadLetterQueuePolicy(queueArn: string): PolicyDocument {
  return policy(denyInsecureTransport('sqs', [queueArn]));
}

export interface AlarmTopicPolicyProps {
  readonly topicArn: string;
  readonly accountId: string;
  /** `arn:...:cloudwatch:<region>:<account>:alarm:<prefix>-*`: the environment's alarms. */
  readonly alarmArnPattern: string;
  /** `arn:...:events:<region>:<account>:rule/<prefix>-*`: the environment's EventBridge rules. */
  readonly ruleArnPattern: string;
}

/**
 * The alarm topic's policy: only this account's alarms and EventBridge rules of this environment may publish,
 * each service with the source conditions it documents (rule sns.service-publishers); nothing without TLS.
 */
export function alarmTopicPolicy(props: AlarmTopicPolicyProps): PolicyDocument {
  const publisher = (Sid: string, service: string, sourceArn: string): PolicyStatement => ({
    Sid,
    Effect: 'Allow',
    Principal: { Service: service },
    Action: ['sns:Publish'],
    Resource: [props.topicArn],
    Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': sourceArn } },
  });
  return policy(
    publisher('OwnAlarmsPublish', 'cloudwatch.amazonaws.com', props.alarmArnPattern),
    publisher('OwnRulesPublish', 'events.amazonaws.com', props.ruleArnPattern),
    denyInsecureTransport('sns', [props.topicArn]),
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
      // The encrypted alarm topic: an alarm of this account publishes to it (rule sns.service-publishers).
      Sid: 'CloudWatchAlarmsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: ['*'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': props.accountId },
        ArnLike: { 'aws:SourceArn': `arn:${props.partition}:cloudwatch:${props.region}:${props.accountId}:alarm:*` },
      },
    },
    {
      // An encrypted dead-letter queue, and the encrypted alarm topic: EventBridge encrypts what it sends to them
      // (rules events.dead-letter-queue, sns.service-publishers).
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

/** Bucket policy of the results bucket: refuse every request not made over TLS (rule s3.tls-only). */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return policy({
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: ['s3:*'],
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });
}
