/**
 * One helper for every rule test: small compliant resources that a test overrides to make one rule fail,
 * put into a stack JSON shaped like cdktf's output, and `check` to run one rule over it.
 */
import { DEFAULT_RULE_OPTIONS, type Finding, type JsonObject, type RuleOptions, type SecurityRule, type StackJson } from '../../../tools/security/model';

export const ACCOUNT = '123456789012';
export const REGION = 'ap-northeast-1';
export const KEY = '${aws_kms_key.Key.arn}';

type Resources = Record<string, Record<string, JsonObject>>;

/** A stack with the given resources, plus the KMS key they encrypt with and an AWS provider bound to one account. */
export function stackWith(resource: Resources, extra: { data?: Resources } = {}): StackJson {
  return {
    resource: { aws_kms_key: { Key: kmsKey() }, ...resource },
    data: extra.data ?? {},
    provider: { aws: [{ region: REGION, allowed_account_ids: [ACCOUNT] }] },
  };
}

/** Runs one rule over one stack. */
export function check(rule: SecurityRule, stack: StackJson, options: Partial<RuleOptions> = {}): Finding[] {
  return rule.check(stack, { ...DEFAULT_RULE_OPTIONS, ...options });
}

/** The one finding a non-compliant fixture must produce. */
export function oneFinding(rule: SecurityRule, address: string, message: RegExp) {
  return [{ ruleId: rule.id, address, message: expect.stringMatching(message) }];
}

export function kmsKey(extra: JsonObject = {}): JsonObject {
  return {
    enable_key_rotation: true,
    policy: policy({
      Sid: 'AccountAdministersThroughIam',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ['kms:*'],
      Resource: ['*'],
    }),
    ...extra,
  };
}

export function ecrRepository(extra: JsonObject = {}): JsonObject {
  return {
    name: 'wf-dev/app',
    image_tag_mutability: 'IMMUTABLE',
    image_scanning_configuration: { scan_on_push: true },
    encryption_configuration: [{ encryption_type: 'KMS', kms_key: KEY }],
    ...extra,
  };
}

export function logGroup(extra: JsonObject = {}): JsonObject {
  return { name: '/wf-dev/tasks/app', retention_in_days: 365, kms_key_id: KEY, ...extra };
}

/** A container definition; `without` leaves attributes out, as an unset attribute is absent from the JSON. */
export function container(extra: JsonObject = {}, without: readonly string[] = []): JsonObject {
  const definition: JsonObject = { name: 'main', image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/wf-dev/app@sha256:${'0'.repeat(64)}`, readonlyRootFilesystem: true, privileged: false, ...extra };
  return Object.fromEntries(Object.entries(definition).filter(([key]) => !without.includes(key)));
}

export function taskDefinition(containers: JsonObject[] = [container()], extra: JsonObject = {}): JsonObject {
  return {
    family: 'wf-dev-app',
    container_definitions: JSON.stringify(containers),
    execution_role_arn: '${aws_iam_role.Exec.arn}',
    task_role_arn: '${aws_iam_role.Task.arn}',
    ...extra,
  };
}

export function ecsCluster(extra: JsonObject = {}): JsonObject {
  return { name: 'wf-dev', setting: [{ name: 'containerInsights', value: 'enabled' }], ...extra };
}

export function stateMachine(extra: JsonObject = {}): JsonObject {
  return {
    name: 'wf-dev-flow',
    role_arn: '${aws_iam_role.Sfn.arn}',
    definition: '{}',
    logging_configuration: { level: 'ALL', include_execution_data: true, log_destination: '${aws_cloudwatch_log_group.Logs.arn}:*' },
    tracing_configuration: { enabled: true },
    ...extra,
  };
}

export function sgRule(extra: JsonObject = {}): JsonObject {
  return { description: 'HTTPS out', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'], ...extra };
}

export function securityGroup(extra: JsonObject = {}): JsonObject {
  return { name: 'wf-dev-tasks', description: 'Tasks: no inbound, HTTPS out', vpc_id: '${aws_vpc.Vpc.id}', ingress: [], egress: [sgRule()], ...extra };
}

export function vpc(): JsonObject {
  return { cidr_block: '10.0.0.0/16' };
}

export function flowLog(extra: JsonObject = {}): JsonObject {
  return { vpc_id: '${aws_vpc.Vpc.id}', traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs', log_destination: '${aws_cloudwatch_log_group.Flow.arn}', ...extra };
}

/** A policy document as the stacks render it: a JSON string. */
export function policy(...statements: JsonObject[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export function rolePolicy(...statements: JsonObject[]): JsonObject {
  return { name: 'inline', role: '${aws_iam_role.Role.id}', policy: policy(...statements) };
}

export function role(trust: JsonObject = { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }): JsonObject {
  return { name: 'wf-dev-role', assume_role_policy: policy(trust) };
}

export function sqsQueue(extra: JsonObject = {}): JsonObject {
  return { name: 'wf-dev-dlq', kms_master_key_id: KEY, message_retention_seconds: 1209600, ...extra };
}

/** The statement that refuses requests without TLS, as stacks/builders/iam.ts renders it. */
export function denyInsecureTransport(service: 'sqs' | 'sns', resource: string, extra: JsonObject = {}): JsonObject {
  return { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: { AWS: '*' }, Action: [`${service}:*`], Resource: [resource], Condition: { Bool: { 'aws:SecureTransport': 'false' } }, ...extra };
}

export function sqsQueuePolicy(queue = 'Queue', ...statements: JsonObject[]): JsonObject {
  const arn = `\${aws_sqs_queue.${queue}.arn}`;
  return { queue_url: `\${aws_sqs_queue.${queue}.url}`, policy: policy(...(statements.length > 0 ? statements : [denyInsecureTransport('sqs', arn)])) };
}

export function snsTopic(extra: JsonObject = {}): JsonObject {
  return { name: 'wf-dev-alarms', kms_master_key_id: KEY, ...extra };
}

export function snsTopicPolicy(topic = 'Topic', ...statements: JsonObject[]): JsonObject {
  const arn = `\${aws_sns_topic.${topic}.arn}`;
  return { arn, policy: policy(...(statements.length > 0 ? statements : [denyInsecureTransport('sns', arn)])) };
}

export function schedule(extra: JsonObject = {}): JsonObject {
  return {
    name: 'wf-dev-flow-schedule',
    group_name: '${aws_scheduler_schedule_group.Group.name}',
    schedule_expression: 'rate(1 day)',
    flexible_time_window: { mode: 'OFF' },
    kms_key_arn: KEY,
    target: { arn: '${aws_sfn_state_machine.Sfn.arn}', role_arn: '${aws_iam_role.Schedule.arn}' },
    ...extra,
  };
}
