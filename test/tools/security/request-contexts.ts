/**
 * What an AWS service presents when it assumes one of our roles (`sts:AssumeRole`): its service principal and
 * the request context keys AWS documents for it, each with the AWS page that says so. Written down once, from
 * AWS's documentation, and never derived from our own trust policies: a trust policy is right when it allows
 * exactly these requests, and the simulation tests hold every role of the stacks against them.
 *
 * The `own` argument of each entry is the resource the role serves (the schedule group, the state machine, the
 * flow log, ...), named by the stack's wiring; the shape of `aws:SourceArn` built from it is AWS's.
 */

export interface Place {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
}

export interface AssumeRoleRequest {
  /** The service principal that calls `sts:AssumeRole`. */
  readonly principal: string;
  readonly context: Readonly<Record<string, string>>;
}

export interface ServiceContract {
  /** What the service presents when it assumes a role on behalf of `own` in `place`. */
  readonly request: (place: Place, own: string) => AssumeRoleRequest;
  /** The AWS documentation page (title and guide) that documents the request context. */
  readonly source: string;
}

const sourced = (principal: string, sourceArn: string, account: string): AssumeRoleRequest => ({
  principal,
  context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account },
});

/** The request contexts, by service principal. */
export const SERVICE_CONTRACTS: Readonly<Record<string, ServiceContract>> = {
  // "The value of aws:SourceArn must be your EventBridge Scheduler schedule group ARN ... Do not scope the
  // aws:SourceArn statement to a specific schedule or a schedule name prefix."
  'scheduler.amazonaws.com': {
    request: (p, group) => sourced('scheduler.amazonaws.com', `arn:${p.partition}:scheduler:${p.region}:${p.account}:schedule-group/${group}`, p.account),
    source: 'Confused deputy prevention in EventBridge Scheduler (EventBridge Scheduler User Guide)',
  },
  // Prevent cross-service confused deputy issue: aws:SourceArn is the state machine's ARN, aws:SourceAccount its account.
  'states.amazonaws.com': {
    request: (p, stateMachine) => sourced('states.amazonaws.com', `arn:${p.partition}:states:${p.region}:${p.account}:stateMachine:${stateMachine}`, p.account),
    source: 'Creating an IAM role for your state machine in Step Functions (AWS Step Functions Developer Guide)',
  },
  // The task role and task execution role trust policies scope aws:SourceArn to `arn:aws:ecs:<region>:<account>:*`
  // and aws:SourceAccount to the account: the source is an ECS resource (the task) of that account and region.
  'ecs-tasks.amazonaws.com': {
    request: (p, cluster) => sourced('ecs-tasks.amazonaws.com', `arn:${p.partition}:ecs:${p.region}:${p.account}:task/${cluster}/0123456789abcdef0123456789abcdef`, p.account),
    source: 'Amazon ECS task IAM role (Amazon Elastic Container Service Developer Guide)',
  },
  // "The source account is the owner of the flow log and the source ARN is the flow log ARN."
  'vpc-flow-logs.amazonaws.com': {
    request: (p, flowLogId) => sourced('vpc-flow-logs.amazonaws.com', `arn:${p.partition}:ec2:${p.region}:${p.account}:vpc-flow-log/${flowLogId}`, p.account),
    source: 'IAM role for publishing flow logs to CloudWatch Logs (Amazon VPC User Guide)',
  },
  // "For EventBridge event bus rule targets, the value of aws:SourceArn must be the rule ARN."
  'events.amazonaws.com': {
    request: (p, rule) => sourced('events.amazonaws.com', `arn:${p.partition}:events:${p.region}:${p.account}:rule/${rule}`, p.account),
    source: 'Cross-service confused deputy prevention in Amazon EventBridge (Amazon EventBridge User Guide)',
  },
};

/** The documented request of `principal` on behalf of `own`; throws for a service nobody has looked up yet. */
export function assumeRoleRequest(principal: string, place: Place, own: string): AssumeRoleRequest {
  const contract = SERVICE_CONTRACTS[principal];
  if (!contract) throw new Error(`no documented request context for ${principal}: add it to test/tools/security/request-contexts.ts with its AWS page`);
  return contract.request(place, own);
}

/** Another AWS account, for requests that must be refused. */
export const OTHER_ACCOUNT = '210987654321';

/** A request to S3 or to KMS on the caller's behalf: the action, its resource, and the context AWS documents for it. */
export interface S3Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
}

/**
 * The requests S3 authorizes for PutObject or GetObject of `key` in an SSE-KMS bucket with an S3 Bucket Key: the
 * action on the object ARN `arn:<partition>:s3:::<bucket>/<key>` ("Policy resources for Amazon S3", Amazon S3 User
 * Guide), and the KMS call S3 makes with the caller's permissions, kms:GenerateDataKey to put, kms:Decrypt to get,
 * with kms:ViaService `s3.<region>.amazonaws.com` ("kms:ViaService", AWS KMS Developer Guide) and the encryption
 * context aws:s3:arn set to the bucket ARN when a Bucket Key is on ("Encryption context", Amazon S3 User Guide,
 * Using SSE-KMS). The policies grant on kms:ViaService only.
 */
export function s3ObjectRequests(place: Place, bucket: string, key: string, keyArn: string, operation: 'PutObject' | 'GetObject'): S3Request[] {
  const bucketArn = `arn:${place.partition}:s3:::${bucket}`;
  return [
    { action: `s3:${operation}`, resource: `${bucketArn}/${key}` },
    {
      action: operation === 'PutObject' ? 'kms:GenerateDataKey' : 'kms:Decrypt',
      resource: keyArn,
      context: { 'kms:ViaService': `s3.${place.region}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': bucketArn },
    },
  ];
}

/** A request an AWS service authorizes with the caller's (here: a schedule execution role's) permissions. */
export interface ServiceRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
}

/**
 * The KMS call EventBridge Scheduler makes with a schedule's execution role to read the target input of a schedule
 * encrypted with a customer managed key: kms:Decrypt on the key, with the encryption context
 * aws:scheduler:schedule:arn = the schedule ARN `arn:<partition>:scheduler:<region>:<account>:schedule/<group>/<name>`
 * (the CloudTrail event example of "Encryption at rest in EventBridge Scheduler", EventBridge Scheduler User Guide,
 * shows the assumed execution role calling Decrypt with that context).
 */
export function scheduleDecryptRequest(place: Place, group: string, schedule: string, keyArn: string): ServiceRequest {
  return { action: 'kms:Decrypt', resource: keyArn, context: { 'kms:EncryptionContext:aws:scheduler:schedule:arn': `arn:${place.partition}:scheduler:${place.region}:${place.account}:schedule/${group}/${schedule}` } };
}

/**
 * What a schedule's dead-letter delivery asks of its execution role: sqs:SendMessage on the queue ("Configuring a
 * dead-letter queue for EventBridge Scheduler", EventBridge Scheduler User Guide), and, for a queue encrypted with a
 * customer managed key, the KMS calls SQS makes on the producer's behalf, kms:GenerateDataKey and kms:Decrypt
 * ("Amazon SQS Key management", Amazon SQS Developer Guide), with kms:ViaService `sqs.<region>.amazonaws.com`
 * ("kms:ViaService", AWS KMS Developer Guide).
 */
export function sqsSendRequests(place: Place, queueArn: string, keyArn: string): ServiceRequest[] {
  const viaSqs = { 'kms:ViaService': `sqs.${place.region}.amazonaws.com` };
  return [
    { action: 'sqs:SendMessage', resource: queueArn },
    { action: 'kms:GenerateDataKey', resource: keyArn, context: viaSqs },
    { action: 'kms:Decrypt', resource: keyArn, context: viaSqs },
  ];
}
