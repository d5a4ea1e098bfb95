/**
 * The identity policies of a workflow's roles: the state machine's (run, watch and stop its own tasks, pass only
 * their roles, read and write its results, run its child executions), a task's own, and the scheduler's.
 */
import { ECS_EXEC_ACTIONS, LOG_DELIVERY_ACTIONS, policy, XRAY_ACTIONS, type PolicyDocument, type PolicyStatement } from './iam-document';

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

/** A statement the job's own configuration grants its task role (`taskRole.statements`). */
export interface JobStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

function jobStatement(statement: JobStatement, index: number): PolicyStatement {
  return {
    Sid: statement.sid ?? `Job${index}`,
    Effect: statement.effect,
    Action: [...statement.actions],
    Resource: [...statement.resources],
    ...(statement.conditions ? { Condition: Object.fromEntries(Object.entries(statement.conditions).map(([operator, keys]) => [operator, Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, typeof value === 'string' ? value : [...value]]))])) } : {}),
  };
}

/**
 * What a task's own code may do: what the job's configuration grants it (`taskRole.statements`), then what the
 * stack grants for the step's features: write its result (PutObject of its own key under its state machine's
 * prefix, encrypted with the environment key through S3), open ECS Exec sessions; undefined when nothing.
 */
export function taskRolePolicy(task: { readonly enableExecuteCommand: boolean; readonly taskRole?: { readonly statements: readonly JobStatement[] } }, writeResult?: ResultsAccess): PolicyDocument | undefined {
  const statements: PolicyStatement[] = (task.taskRole?.statements ?? []).map(jobStatement);
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
