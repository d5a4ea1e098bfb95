/**
 * Least privilege, evaluated: the rendered policies of the default app (with concrete ARNs substituted) and
 * the pure builders of stacks/iam.ts (given concrete ARNs) go through an IAM policy simulator, and each role
 * is shown to be allowed what it needs and denied its neighbours' resources, other services and other
 * actions.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { schedulerPolicy, stateMachinePolicy, taskExecutionPolicy, type PolicyDocument } from '../../stacks/iam';
import { isObject, referencesIn, resourcesOf, type StackJson } from '../../stacks/security/model';
import { UNSCOPABLE_ACTIONS } from '../../stacks/security/rules/iam-no-wildcards';
import { concrete, concreteOf, placeOf, SECRET_SUFFIX, type Place } from './concrete-arns';
import { defaultAppStacks } from './default-app';

type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
}

async function decide(principal: string, policies: readonly unknown[], request: Request, account: string): Promise<Decision> {
  const simulation: Simulation = {
    identityPolicies: policies.map((policy, index) => ({ name: `policy-${index}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: { principal, action: request.action, resource: { accountId: account, resource: request.resource }, contextVariables: request.context ?? {} },
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') throw new Error(`invalid simulation of ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}

/** Every request with its decision, so a failure names each request that went the wrong way. */
async function decisions(principal: string, policies: readonly unknown[], requests: readonly Request[], account: string): Promise<string[]> {
  const results = await Promise.all(requests.map((request) => decide(principal, policies, request, account)));
  return requests.map((request, index) => `${results[index] === 'Allowed' ? 'ALLOW' : 'DENY '} ${request.action} ${request.resource}${request.context ? ` ${JSON.stringify(request.context)}` : ''}`);
}

function expectAllowed(lines: string[]): void {
  expect(lines.filter((line) => !line.startsWith('ALLOW'))).toEqual([]);
}

function expectDenied(lines: string[]): void {
  expect(lines.filter((line) => !line.startsWith('DENY'))).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------------
// The concrete world both halves use.

const PLACE: Place = { partition: 'aws', account: '123456789012', region: 'ap-northeast-1' };
const arn = (service: string, resource: string, region = PLACE.region) => `arn:aws:${service}:${region}:${PLACE.account}:${resource}`;
const roleArn = (name: string) => arn('iam', `role/${name}`, '');
const ECS_RULE = arn('events', 'rule/StepFunctionsGetEventsForECSTaskRule');
const OTHER_CLUSTER = arn('ecs', 'cluster/someone-else');
const OTHER_TASK_DEFINITION = arn('ecs', 'task-definition/someone-else:1');
const OTHER_ROLE = roleArn('admin');
const OTHER_REPOSITORY = arn('ecr', 'repository/someone-else/app');
const OTHER_SECRET = arn('secretsmanager', `secret:someone-else/db-password-${SECRET_SUFFIX}`);
const OTHER_LOG_GROUP = '/someone-else/app';
const OTHER_STATE_MACHINE = arn('states', 'stateMachine:someone-else');

const TO_ECS = { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' };

/** What a state machine role must and must not be able to do, given what it owns. */
function stateMachineClaims(own: { taskDefinitions: string[]; roles: string[]; cluster: string; clusterName: string }, otherRoles: string[]) {
  const onCluster = (cluster: string) => ({ 'ecs:cluster': cluster });
  return {
    allowed: [
      ...own.roles.map((role) => ({ action: 'iam:PassRole', resource: role, context: TO_ECS })),
      ...own.taskDefinitions.map((definition) => ({ action: 'ecs:RunTask', resource: definition, context: onCluster(own.cluster) })),
      ...['ecs:DescribeTasks', 'ecs:StopTask'].map((action) => ({ action, resource: arn('ecs', `task/${own.clusterName}/0123456789abcdef`) })),
      ...['events:PutRule', 'events:PutTargets', 'events:DescribeRule'].map((action) => ({ action, resource: ECS_RULE })),
    ],
    denied: [
      // another role, or its own roles to another service (or with no service named)
      ...[...otherRoles, OTHER_ROLE].map((role) => ({ action: 'iam:PassRole', resource: role, context: TO_ECS })),
      ...own.roles.flatMap((role) => [
        ...['lambda.amazonaws.com', 'ec2.amazonaws.com', 'states.amazonaws.com'].map((service) => ({ action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': service } })),
        { action: 'iam:PassRole', resource: role },
      ]),
      // another task definition, or its own on another cluster
      { action: 'ecs:RunTask', resource: OTHER_TASK_DEFINITION, context: onCluster(own.cluster) },
      ...own.taskDefinitions.map((definition) => ({ action: 'ecs:RunTask', resource: definition, context: onCluster(OTHER_CLUSTER) })),
      { action: 'ecs:StopTask', resource: arn('ecs', 'task/someone-else/0123456789abcdef') },
      // another rule, or more than managing its own
      ...['events:PutRule', 'events:PutTargets'].map((action) => ({ action, resource: arn('events', 'rule/someone-else') })),
      { action: 'events:DeleteRule', resource: ECS_RULE },
      // nothing else
      { action: 'ecs:RegisterTaskDefinition', resource: '*' },
      { action: 'iam:CreateRole', resource: roleArn('new') },
      { action: 'states:StartExecution', resource: OTHER_STATE_MACHINE },
    ],
  };
}

function schedulerClaims(stateMachine: string) {
  return {
    allowed: [{ action: 'states:StartExecution', resource: stateMachine }],
    denied: [
      { action: 'states:StartExecution', resource: OTHER_STATE_MACHINE },
      { action: 'states:StopExecution', resource: `${stateMachine.replace(':stateMachine:', ':execution:')}:run-1` },
      { action: 'states:DeleteStateMachine', resource: stateMachine },
      { action: 'iam:PassRole', resource: OTHER_ROLE, context: TO_ECS },
      { action: 'ecs:RunTask', resource: OTHER_TASK_DEFINITION },
      { action: 'sqs:SendMessage', resource: arn('sqs', 'someone-else') },
    ],
  };
}

interface ExecutionOwn {
  readonly repositories: string[];
  readonly secrets: string[];
  readonly parameters: string[];
  readonly logGroup: string;
}

const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const stream = (group: string) => arn('logs', `log-group:${group}:log-stream:main/main/0123456789abcdef`);

function executionClaims(own: ExecutionOwn, otherLogGroups: string[]) {
  return {
    pull: [...own.repositories.flatMap((repository) => PULL.map((action) => ({ action, resource: repository }))), ...(own.repositories.length ? [{ action: 'ecr:GetAuthorizationToken', resource: '*' }] : [])],
    secrets: [
      ...own.secrets.map((secret) => ({ action: 'secretsmanager:GetSecretValue', resource: secret })),
      ...own.parameters.map((parameter) => ({ action: 'ssm:GetParameters', resource: parameter })),
    ],
    logs: ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({ action, resource: stream(own.logGroup) })),
    denied: [
      ...PULL.map((action) => ({ action, resource: OTHER_REPOSITORY })),
      ...own.repositories.map((repository) => ({ action: 'ecr:PutImage', resource: repository })),
      { action: 'secretsmanager:GetSecretValue', resource: OTHER_SECRET },
      ...own.secrets.map((secret) => ({ action: 'secretsmanager:PutSecretValue', resource: secret })),
      { action: 'ssm:GetParameters', resource: arn('ssm', 'parameter/someone-else/token') },
      ...[...otherLogGroups, OTHER_LOG_GROUP].map((group) => ({ action: 'logs:PutLogEvents', resource: stream(group) })),
      { action: 'logs:DeleteLogGroup', resource: arn('logs', `log-group:${own.logGroup}`) },
      { action: 'iam:PassRole', resource: OTHER_ROLE, context: TO_ECS },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// The rendered default app.

/** The concrete identity policies attached (inline) to a role, by the role's address. */
function policiesOfRole(stack: StackJson, roleAddress: string): unknown[] {
  return resourcesOf(stack, 'aws_iam_role_policy')
    .filter((policy) => typeof policy.attributes.role === 'string' && referencesIn(policy.attributes.role).includes(roleAddress))
    .map((policy) => JSON.parse(concrete(stack, String(policy.attributes.policy))) as unknown);
}

function singleReference(value: unknown, type: string): string {
  const found = typeof value === 'string' ? referencesIn(value).filter((address) => address.startsWith(`${type}.`)) : [];
  if (found.length !== 1) throw new Error(`expected one ${type} reference in ${JSON.stringify(value)}`);
  return found[0];
}

interface ContainerView {
  image: string;
  secrets?: { valueFrom: string }[];
  logConfiguration: { options: Record<string, string> };
}

describe('least privilege of the rendered default app (concrete ARNs)', () => {
  let stack: StackJson;
  beforeAll(() => {
    stack = defaultAppStacks('image-uri')[0].stack;
    expect(placeOf(stack)).toEqual(PLACE);
  });

  const allRoles = () => resourcesOf(stack, 'aws_iam_role').map((role) => role.address);

  describe('the state machine role', () => {
    const subject = () =>
      resourcesOf(stack, 'aws_sfn_state_machine').map((machine) => {
        const role = singleReference(machine.attributes.role_arn, 'aws_iam_role');
        const definitions = [...new Set(referencesIn(String(machine.attributes.definition)).filter((address) => address.startsWith('aws_ecs_task_definition.')))];
        const ownRoles = definitions.flatMap((definition) => {
          const attributes = stack.resource.aws_ecs_task_definition[definition.split('.')[1]];
          return [singleReference(attributes.execution_role_arn, 'aws_iam_role'), singleReference(attributes.task_role_arn, 'aws_iam_role')];
        });
        const cluster = singleReference(JSON.stringify(machine.attributes.definition).match(/\$\{aws_ecs_cluster\.[^}]+\}/)?.[0], 'aws_ecs_cluster');
        const claims = stateMachineClaims(
          {
            taskDefinitions: definitions.map((definition) => concreteOf(stack, definition)),
            roles: ownRoles.map((address) => concreteOf(stack, address)),
            cluster: concreteOf(stack, cluster),
            clusterName: concreteOf(stack, cluster, 'name'),
          },
          allRoles().filter((address) => !ownRoles.includes(address)).map((address) => concreteOf(stack, address)),
        );
        return { principal: concreteOf(stack, role), policies: policiesOfRole(stack, role), definitions, ...claims };
      });

    it('runs its tasks: its steps and the notifier', () => {
      expect(subject().map((machine) => machine.definitions.length)).toEqual([3]);
    });

    it('may pass exactly its tasks’ roles to ecs-tasks.amazonaws.com, run its task definitions on its cluster, and manage the ECS events rule', async () => {
      for (const machine of subject()) expectAllowed(await decisions(machine.principal, machine.policies, machine.allowed, PLACE.account));
    });

    it('is denied another role, another service, another task definition or cluster, another rule, and anything else', async () => {
      for (const machine of subject()) expectDenied(await decisions(machine.principal, machine.policies, machine.denied, PLACE.account));
    });
  });

  describe('the scheduler role', () => {
    const subject = () =>
      resourcesOf(stack, 'aws_scheduler_schedule').map((schedule) => {
        const target = isObject(schedule.attributes.target) ? schedule.attributes.target : {};
        const role = singleReference(target.role_arn, 'aws_iam_role');
        return { principal: concreteOf(stack, role), policies: policiesOfRole(stack, role), ...schedulerClaims(concrete(stack, String(target.arn))) };
      });

    it('may only start executions of its own state machine', async () => {
      expect(subject()).toHaveLength(1);
      for (const schedule of subject()) {
        expectAllowed(await decisions(schedule.principal, schedule.policies, schedule.allowed, PLACE.account));
        expectDenied(await decisions(schedule.principal, schedule.policies, schedule.denied, PLACE.account));
      }
    });
  });

  describe('the execution roles', () => {
    const subject = () => {
      const definitions = resourcesOf(stack, 'aws_ecs_task_definition');
      const logGroupOf = (containers: ContainerView[]) => containers[0].logConfiguration.options['awslogs-group'];
      const parsed = definitions.map((definition) => ({ definition, containers: JSON.parse(String(definition.attributes.container_definitions)) as ContainerView[] }));
      return parsed.map(({ definition, containers }) => {
        const role = singleReference(definition.attributes.execution_role_arn, 'aws_iam_role');
        const repositories = containers.map((container) => {
          const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^@:]+)/.exec(container.image);
          if (!match) throw new Error(`not an ECR image: ${container.image}`);
          return `arn:aws:ecr:${match[2]}:${match[1]}:repository/${match[3]}`;
        });
        const secrets = containers.flatMap((container) => (container.secrets ?? []).map((secret) => concrete(stack, secret.valueFrom)));
        const own: ExecutionOwn = { repositories, secrets, parameters: [], logGroup: logGroupOf(containers) };
        const others = parsed.filter((other) => other.definition !== definition).map((other) => logGroupOf(other.containers));
        return { family: String(definition.attributes.family), principal: concreteOf(stack, role), policies: policiesOfRole(stack, role), ...executionClaims(own, others) };
      });
    };

    it('may pull only from its own repository and write only its own log group', async () => {
      expect(subject().map((task) => task.family).sort()).toEqual(['wf-dev-daily-batch-task1', 'wf-dev-daily-batch-task2', 'wf-dev-notifier']);
      for (const task of subject()) expectAllowed(await decisions(task.principal, task.policies, [...task.pull, ...task.logs], PLACE.account));
    });

    it('is denied other repositories, other secrets, other log groups and anything else', async () => {
      for (const task of subject()) expectDenied(await decisions(task.principal, task.policies, task.denied, PLACE.account));
    });

    // Guards a defect once present: a secret ARN that is still a Terraform token was sorted into neither the
    // Secrets Manager nor the SSM list, so the execution role could not read the webhook secret.
    it('may read the secrets its containers reference', async () => {
      expect(subject().every((task) => task.secrets.length > 0)).toBe(true);
      for (const task of subject()) expectAllowed(await decisions(task.principal, task.policies, task.secrets, PLACE.account));
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The pure builders of stacks/iam.ts, given concrete ARNs.

describe('least privilege of the policy builders (concrete ARNs)', () => {
  const evaluate = (principal: string, document: PolicyDocument, requests: readonly Request[]) => decisions(principal, [document], requests, PLACE.account);

  it('stateMachinePolicy: its own roles to ECS only, its own task definitions on its cluster, the ECS events rule, nothing else', async () => {
    const own = {
      taskDefinitions: [arn('ecs', 'task-definition/wf-dev-flow-a:3'), arn('ecs', 'task-definition/wf-dev-notifier:7')],
      roles: ['wf-dev-flow-a-exec', 'wf-dev-flow-a-task', 'wf-dev-notifier-exec', 'wf-dev-notifier-task'].map(roleArn),
      cluster: arn('ecs', 'cluster/wf-dev'),
      clusterName: 'wf-dev',
    };
    const document = stateMachinePolicy({
      taskDefinitionArns: own.taskDefinitions,
      passRoleArns: own.roles,
      clusterArn: own.cluster,
      clusterTasksArn: arn('ecs', 'task/wf-dev/*'),
      ecsSyncEventsRuleArn: ECS_RULE,
    });
    const claims = stateMachineClaims(own, [roleArn('wf-dev-flow-sfn'), roleArn('wf-dev-flow-b-exec')]);
    expectAllowed(await evaluate(roleArn('wf-dev-flow-sfn'), document, claims.allowed));
    expectDenied(await evaluate(roleArn('wf-dev-flow-sfn'), document, claims.denied));
    expectAllowed(await evaluate(roleArn('wf-dev-flow-sfn'), document, [{ action: 'logs:CreateLogDelivery', resource: '*' }, { action: 'xray:PutTraceSegments', resource: '*' }]));
  });

  it('schedulerPolicy: StartExecution of its own state machine, and SendMessage to its own dead-letter queue', async () => {
    const machine = arn('states', 'stateMachine:wf-dev-flow');
    const queue = arn('sqs', 'wf-dev-flow-schedule-dlq');
    const claims = schedulerClaims(machine);
    const withQueue = schedulerPolicy(machine, queue);
    expectAllowed(await evaluate(roleArn('wf-dev-flow-schedule'), schedulerPolicy(machine), claims.allowed));
    expectDenied(await evaluate(roleArn('wf-dev-flow-schedule'), schedulerPolicy(machine), [...claims.denied, { action: 'sqs:SendMessage', resource: queue }]));
    expectAllowed(await evaluate(roleArn('wf-dev-flow-schedule'), withQueue, [...claims.allowed, { action: 'sqs:SendMessage', resource: queue }]));
    expectDenied(await evaluate(roleArn('wf-dev-flow-schedule'), withQueue, claims.denied));
  });

  it('taskExecutionPolicy: pull its repository, read its secrets and parameters, write its log group, nothing else', async () => {
    const own: ExecutionOwn = {
      repositories: [arn('ecr', 'repository/wf-dev/app')],
      secrets: [arn('secretsmanager', `secret:wf-dev/slack-webhook-url-${SECRET_SUFFIX}`)],
      parameters: [arn('ssm', 'parameter/wf-dev/app/token')],
      logGroup: '/wf-dev/tasks/flow-a',
    };
    const document = taskExecutionPolicy({ repositoryArns: own.repositories, secretArns: own.secrets, parameterArns: own.parameters, logGroupArn: arn('logs', `log-group:${own.logGroup}`) });
    const claims = executionClaims(own, ['/wf-dev/tasks/flow-b']);
    expectAllowed(await evaluate(roleArn('wf-dev-flow-a-exec'), document, [...claims.pull, ...claims.secrets, ...claims.logs]));
    expectDenied(await evaluate(roleArn('wf-dev-flow-a-exec'), document, claims.denied));
  });

  it('taskExecutionPolicy for an image outside ECR grants no ECR access at all', async () => {
    const document = taskExecutionPolicy({ repositoryArns: [], secretArns: [], parameterArns: [], logGroupArn: arn('logs', 'log-group:/wf-dev/tasks/x') });
    expectDenied(await evaluate(roleArn('wf-dev-x-exec'), document, [{ action: 'ecr:GetAuthorizationToken', resource: '*' }, ...PULL.map((action) => ({ action, resource: OTHER_REPOSITORY }))]));
  });
});

// ---------------------------------------------------------------------------------------------------------
// The exception of CKV_AWS_355: `Resource: "*"` is accepted only for actions that have no resource type.

describe('the actions the wildcard rule lets use Resource "*"', () => {
  /** The simulator answers a `*` request with one result when the action has no resource type, else per resource type. */
  const shapeOf = async (action: string) => {
    const response = await runSimulation(
      {
        identityPolicies: [{ name: 'all', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: { principal: roleArn('probe'), action, resource: { accountId: PLACE.account, resource: '*' }, contextVariables: {} },
      },
      {},
    );
    return `${action} ${response.resultType}`;
  };

  it('have no resource-level permissions in the AWS service reference, unlike the actions the stacks scope', async () => {
    expect(await Promise.all(UNSCOPABLE_ACTIONS.map(shapeOf))).toEqual(UNSCOPABLE_ACTIONS.map((action) => `${action} single`));
    expect(await Promise.all(['ecs:RunTask', 'ecs:StopTask', 'events:PutRule', 'iam:PassRole'].map(shapeOf))).toEqual(
      ['ecs:RunTask', 'ecs:StopTask', 'events:PutRule', 'iam:PassRole'].map((action) => `${action} wildcard`),
    );
  });
});
