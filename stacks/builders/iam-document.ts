/**
 * The shape of an IAM policy document, its one constructor, and the actions AWS lets a policy grant only on
 * `Resource: "*"`. The leaf the other IAM builders import.
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
export const LOG_DELIVERY_ACTIONS = [
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
export const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];

/** ECS Exec's Session Manager channels, opened by the agent in the task: no resource types (rule ecs.exec-task-requirements). */
export const ECS_EXEC_ACTIONS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];

/** Actions without resource-level permissions: the service only accepts `Resource: "*"` for them. */
export const UNSCOPABLE_ACTIONS: readonly string[] = ['ecr:GetAuthorizationToken', ...LOG_DELIVERY_ACTIONS, ...XRAY_ACTIONS, ...ECS_EXEC_ACTIONS];

export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}
