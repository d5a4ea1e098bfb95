import { ALL_RULES } from '../../../tools/security/index';
import { isObject, toStackJson, type JsonObject, type StackJson } from '../../../tools/security/model';
import { checkStack, type LoadedStack } from '../../../tools/security/runner';
import { defaultAppStacks, type ImageMode } from './default-app';

type Resources = Record<string, Record<string, JsonObject>>;

/** Applies `change` to every resource of a type in a copy of the stack. */
function mutate(stack: StackJson, type: string, change: (attributes: JsonObject, resources: Resources) => void): StackJson {
  const copy = JSON.parse(JSON.stringify(stack)) as { resource: Resources };
  for (const attributes of Object.values(copy.resource[type] ?? {})) change(attributes, copy.resource);
  return toStackJson(copy, 'mutated');
}

const editJson = (attributes: JsonObject, key: string, edit: (value: JsonObject) => void) => {
  const parsed = JSON.parse(String(attributes[key])) as JsonObject | JsonObject[];
  (Array.isArray(parsed) ? parsed : [parsed]).forEach(edit);
  attributes[key] = JSON.stringify(parsed);
};
const statementsOf = (document: JsonObject): JsonObject[] => (Array.isArray(document.Statement) ? document.Statement.filter(isObject) : []);

/** For each rule, one way of taking its control out of the real default stack. */
const REMOVALS: Record<string, (stack: StackJson) => StackJson> = {
  CKV_AWS_163: (stack) => mutate(stack, 'aws_ecr_repository', (repository) => void (repository.image_scanning_configuration = { scan_on_push: false })),
  CKV_AWS_51: (stack) => mutate(stack, 'aws_ecr_repository', (repository) => void (repository.image_tag_mutability = 'MUTABLE')),
  CKV_AWS_136: (stack) => mutate(stack, 'aws_ecr_repository', (repository) => void (repository.encryption_configuration = [{ encryption_type: 'AES256' }])),
  CKV_AWS_336: (stack) => mutate(stack, 'aws_ecs_task_definition', (definition) => editJson(definition, 'container_definitions', (container) => void (container.readonlyRootFilesystem = false))),
  CKV_AWS_334: (stack) => mutate(stack, 'aws_ecs_task_definition', (definition) => editJson(definition, 'container_definitions', (container) => void (container.privileged = true))),
  CKV_AWS_249: (stack) => mutate(stack, 'aws_ecs_task_definition', (definition) => void (definition.task_role_arn = definition.execution_role_arn)),
  CKV_AWS_65: (stack) => mutate(stack, 'aws_ecs_cluster', (cluster) => void (cluster.setting = [])),
  CKV_AWS_285: (stack) => mutate(stack, 'aws_sfn_state_machine', (machine) => void (machine.logging_configuration = { level: 'OFF' })),
  CKV_AWS_284: (stack) => mutate(stack, 'aws_sfn_state_machine', (machine) => void (machine.tracing_configuration = { enabled: false })),
  'CKV_AWS_355/CKV_AWS_63': (stack) => mutate(stack, 'aws_iam_role_policy', (policy) => editJson(policy, 'policy', (document) => statementsOf(document).forEach((statement) => void (statement.Resource = '*')))),
  CKV_AWS_274: (stack) => mutate(stack, 'aws_iam_role', (role) => void (role.managed_policy_arns = ['arn:aws:iam::aws:policy/AdministratorAccess'])),
  CKV_AWS_286: (stack) => mutate(stack, 'aws_iam_role_policy', (policy) => editJson(policy, 'policy', (document) => statementsOf(document).forEach((statement) => void delete statement.Condition))),
  CKV_AWS_66: (stack) => mutate(stack, 'aws_cloudwatch_log_group', (group) => void delete group.retention_in_days),
  CKV_AWS_338: (stack) => mutate(stack, 'aws_cloudwatch_log_group', (group) => void (group.retention_in_days = 30)),
  CKV_AWS_158: (stack) => mutate(stack, 'aws_cloudwatch_log_group', (group) => void delete group.kms_key_id),
  'CKV_AWS_277/CKV_AWS_382': (stack) => mutate(stack, 'aws_security_group', (group) => void (group.egress = [{ description: 'all', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] }])),
  CKV_AWS_23: (stack) => mutate(stack, 'aws_security_group', (group) => void delete group.description),
  CKV2_AWS_11: (stack) => mutate(stack, 'aws_flow_log', (_, resources) => void delete resources.aws_flow_log),
  // The default app is the public mode, whose tasks need their public IP: with a NAT gateway added they no longer do.
  CKV_AWS_333: (stack) => mutate(stack, 'aws_internet_gateway', (_, resources) => void (resources.aws_nat_gateway = { Nat: { subnet_id: 'subnet-0123456789abcdef0' } })),
  'CKV_AWS_27/CKV2_AWS_73': (stack) => mutate(stack, 'aws_sqs_queue', (queue) => void ((queue.sqs_managed_sse_enabled = true), delete queue.kms_master_key_id)),
  'AwsSolutions-SQS4': (stack) => mutate(stack, 'aws_sqs_queue_policy', (queuePolicy) => editJson(queuePolicy, 'policy', (document) => void (document.Statement = statementsOf(document).filter((statement) => statement.Effect !== 'Deny')))),
  CKV_AWS_26: (stack) => mutate(stack, 'aws_sns_topic', (topic) => void delete topic.kms_master_key_id),
  'AwsSolutions-SNS3': (stack) => mutate(stack, 'aws_sns_topic_policy', (topicPolicy) => editJson(topicPolicy, 'policy', (document) => void (document.Statement = statementsOf(document).filter((statement) => statement.Effect !== 'Deny')))),
  CKV_AWS_297: (stack) => mutate(stack, 'aws_scheduler_schedule', (schedule) => void delete schedule.kms_key_arn),
};

const rendered = (stack: StackJson, types: readonly string[]) => types.filter((type) => Object.keys(stack.resource[type] ?? {}).length > 0);

describe.each<ImageMode>(['image-uri', 'build'])('the default app, synthesized in %s mode', (mode) => {
  let stacks: LoadedStack[];
  beforeAll(() => {
    stacks = defaultAppStacks(mode);
  });

  it('renders the mode asked for', () => {
    expect(stacks.map((loaded) => loaded.name)).toEqual(['dev']);
    for (const { stack } of stacks) expect(stack.resource.docker_registry_image !== undefined).toBe(mode === 'build');
  });

  it('passes every security rule', () => {
    for (const { name, stack } of stacks) expect({ stack: name, findings: checkStack(stack) }).toEqual({ stack: name, findings: [] });
  });

  it('renders something for every rule', () => {
    for (const { stack } of stacks) expect(ALL_RULES.filter((rule) => rendered(stack, rule.resourceTypes).length === 0).map((rule) => rule.id)).toEqual([]);
  });

  it.each(ALL_RULES.map((rule) => [rule.id, rule] as const))('gives rule %s something to check, and it sees its control removed', (id, rule) => {
    for (const { stack } of stacks) {
      expect(rendered(stack, rule.resourceTypes)).not.toEqual([]);
      const findings = checkStack(REMOVALS[id](stack), {}, [rule]);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((finding) => finding.ruleId === id)).toBe(true);
    }
  });
});
