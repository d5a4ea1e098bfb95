/**
 * Reads back through the AWS APIs what matters of an applied stack and compares it with the rendered
 * configuration (references resolved from the applied state): state machine definitions and roles, IAM trust and
 * inline policies, schedules and their groups, alert rules and their targets, task definitions. Returns one line
 * per difference, and how many values were compared.
 */
import type { Aws } from './aws-calls';
import { xmlValues } from './aws-calls';
import { block, type Json, type JsonObject } from './rendered';

interface Resource {
  readonly address: string;
  readonly type: string;
  readonly config: JsonObject;
  readonly applied: JsonObject;
}

export interface ReadBack {
  readonly differences: string[];
  readonly compared: number;
  /** Resources read back, by type. */
  readonly byType: Record<string, number>;
}

/** Deep equality of JSON values, objects compared without regard to key order. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, canonical(item)]));
  }
  return value;
}

/** Whether every key of `expected` is in `actual` with an equal value (AWS may add defaults to what it reads back). */
function contains(actual: unknown, expected: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) => contains((actual as Record<string, unknown>)[key], value));
  }
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((item, index) => contains(actual[index], item));
  return same(actual, expected);
}

const parseJson = (text: Json | undefined): unknown => (typeof text === 'string' ? JSON.parse(text) : undefined);

export async function readBack(aws: Aws, resources: readonly Resource[]): Promise<ReadBack> {
  const differences: string[] = [];
  const byType: Record<string, number> = {};
  let compared = 0;
  const check = (address: string, what: string, actual: unknown, expected: unknown, compare: (a: unknown, b: unknown) => boolean = same) => {
    compared++;
    if (!compare(actual, expected)) differences.push(`${address}: ${what}: read back ${JSON.stringify(actual)?.slice(0, 600)}, rendered ${JSON.stringify(expected)?.slice(0, 600)}`);
  };
  for (const { address, type, config, applied } of resources) {
    const readers: Record<string, (() => Promise<void>) | undefined> = {
      aws_sfn_state_machine: async () => {
        const machine = await aws.json<{ definition: string; roleArn: string; name: string; type: string; loggingConfiguration?: { level?: string } }>('states', 'DescribeStateMachine', { stateMachineArn: applied.arn });
        check(address, 'name', machine.name, config.name);
        check(address, 'definition', JSON.parse(machine.definition), parseJson(config.definition));
        check(address, 'roleArn', machine.roleArn, config.role_arn);
        check(address, 'type', machine.type, config.type ?? 'STANDARD');
        const logging = block(config.logging_configuration);
        if (logging?.level !== undefined) check(address, 'logging level', machine.loggingConfiguration?.level, logging.level);
      },
      aws_iam_role: async () => {
        const xml = await aws.query('iam', 'GetRole', { RoleName: String(config.name) });
        check(address, 'trust policy', JSON.parse(decodeURIComponent(xmlValues(xml, 'AssumeRolePolicyDocument')[0] ?? 'null')), parseJson(config.assume_role_policy));
      },
      aws_iam_role_policy: async () => {
        const xml = await aws.query('iam', 'GetRolePolicy', { RoleName: String(applied.role), PolicyName: String(config.name) });
        check(address, 'policy', JSON.parse(decodeURIComponent(xmlValues(xml, 'PolicyDocument')[0] ?? 'null')), parseJson(config.policy));
      },
      aws_scheduler_schedule_group: async () => {
        const group = await aws.rest<{ Name: string; State: string }>('scheduler', `/schedule-groups/${encodeURIComponent(String(config.name))}`);
        check(address, 'name', group.Name, config.name);
        check(address, 'state', group.State, 'ACTIVE');
      },
      aws_scheduler_schedule: async () => {
        const schedule = await aws.rest<JsonObject>('scheduler', `/schedules/${encodeURIComponent(String(config.name))}?groupName=${encodeURIComponent(String(config.group_name ?? 'default'))}`);
        const target = block(config.target) ?? {};
        const actualTarget = block(schedule.Target) ?? {};
        check(address, 'expression', schedule.ScheduleExpression, config.schedule_expression);
        check(address, 'time zone', schedule.ScheduleExpressionTimezone ?? 'UTC', config.schedule_expression_timezone ?? 'UTC');
        check(address, 'state', schedule.State, config.state ?? 'ENABLED');
        check(address, 'flexible time window', block(schedule.FlexibleTimeWindow)?.Mode, block(config.flexible_time_window)?.mode);
        check(address, 'target arn', actualTarget.Arn, target.arn);
        check(address, 'target role', actualTarget.RoleArn, target.role_arn);
        check(address, 'target input', actualTarget.Input, target.input);
        check(address, 'dead-letter queue', block(actualTarget.DeadLetterConfig)?.Arn, block(target.dead_letter_config)?.arn);
        const retry = block(target.retry_policy);
        if (retry) {
          check(address, 'retry policy', block(actualTarget.RetryPolicy), { MaximumEventAgeInSeconds: retry.maximum_event_age_in_seconds, MaximumRetryAttempts: retry.maximum_retry_attempts });
        }
      },
      aws_cloudwatch_event_rule: async () => {
        const rule = await aws.json<{ Name: string; EventPattern?: string; ScheduleExpression?: string; State: string }>('events', 'DescribeRule', { Name: config.name, EventBusName: config.event_bus_name ?? 'default' });
        check(address, 'event pattern', parseJson(rule.EventPattern), parseJson(config.event_pattern));
        check(address, 'schedule', rule.ScheduleExpression, config.schedule_expression);
        check(address, 'state', rule.State, config.state ?? (config.is_enabled === false ? 'DISABLED' : 'ENABLED'));
      },
      aws_cloudwatch_event_target: async () => {
        const { Targets } = await aws.json<{ Targets: JsonObject[] }>('events', 'ListTargetsByRule', { Rule: config.rule, EventBusName: config.event_bus_name ?? 'default' });
        const target = Targets.find((candidate) => candidate.Id === applied.target_id);
        check(address, 'present', target !== undefined, true);
        if (!target) return;
        check(address, 'arn', target.Arn, config.arn);
        check(address, 'role', target.RoleArn, config.role_arn);
        check(address, 'input', target.Input, config.input);
        check(address, 'dead-letter queue', block(target.DeadLetterConfig)?.Arn, block(config.dead_letter_config)?.arn);
        const transformer = block(config.input_transformer);
        if (transformer) {
          check(address, 'input template', block(target.InputTransformer)?.InputTemplate, transformer.input_template);
          check(address, 'input paths', block(target.InputTransformer)?.InputPathsMap, transformer.input_paths);
        }
        const ecs = block(config.ecs_target);
        if (ecs) {
          const actual = block(target.EcsParameters) ?? {};
          check(address, 'task definition', actual.TaskDefinitionArn, ecs.task_definition_arn);
          check(address, 'task count', actual.TaskCount ?? 1, ecs.task_count ?? 1);
          check(address, 'launch type', actual.LaunchType, ecs.launch_type);
          const network = block(ecs.network_configuration);
          const awsvpc = block(block(actual.NetworkConfiguration)?.awsvpcConfiguration);
          if (network) check(address, 'subnets', [...((awsvpc?.Subnets as Json[]) ?? [])].sort(), [...((network.subnets as Json[]) ?? [])].sort());
        }
      },
      aws_ecs_task_definition: async () => {
        const { taskDefinition } = await aws.json<{ taskDefinition: JsonObject }>('ecs', 'DescribeTaskDefinition', { taskDefinition: applied.arn });
        check(address, 'family', taskDefinition.family, config.family);
        check(address, 'cpu', taskDefinition.cpu, config.cpu);
        check(address, 'memory', taskDefinition.memory, config.memory);
        check(address, 'network mode', taskDefinition.networkMode, config.network_mode);
        check(address, 'compatibilities', [...((taskDefinition.requiresCompatibilities as Json[]) ?? [])].sort(), [...((config.requires_compatibilities as Json[]) ?? [])].sort());
        check(address, 'execution role', taskDefinition.executionRoleArn, config.execution_role_arn);
        check(address, 'task role', taskDefinition.taskRoleArn, config.task_role_arn);
        check(address, 'containers', taskDefinition.containerDefinitions, parseJson(config.container_definitions), contains);
        const platform = block(config.runtime_platform);
        if (platform) check(address, 'runtime platform', block(taskDefinition.runtimePlatform), { cpuArchitecture: platform.cpu_architecture, operatingSystemFamily: platform.operating_system_family }, contains);
      },
    };
    const reader = readers[type];
    if (!reader) continue;
    await reader();
    byType[type] = (byType[type] ?? 0) + 1;
  }
  return { differences, compared, byType };
}
