import { containersOf, environment, resourcesOf, resourceWhere, rolePolicyOf, stackOf, statement, synth, task, workflow } from '../../helpers';

const SECRET = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-password-AbCdEf';
const PARAMETER = 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/token';

describe('FargateTask', () => {
  const out = synth(
    stackOf(
      environment({
        workflows: [
          workflow('etl', {
            steps: [
              task('load', {
                image: { uri: `public.ecr.aws/docker/library/busybox@sha256:${'b'.repeat(64)}` },
                command: ['sh', '-c', 'echo hi'],
                environment: { MODE: 'full' },
                secrets: { DB_PASSWORD: SECRET, API_TOKEN: PARAMETER },
                cpu: 1024,
                memoryMiB: 4096,
                cpuArchitecture: 'ARM64',
                scratchPaths: ['/tmp'],
                ephemeralStorageGiB: 100,
              }),
              task('small'),
            ],
          }),
        ],
      }),
    ),
  );
  const definition = resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-etl-load');
  const [container] = containersOf(definition);

  it('is a Fargate awsvpc task of the requested size and architecture with its own roles', () => {
    expect(definition).toMatchObject({
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '1024',
      memory: '4096',
      runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'ARM64' },
    });
    expect(definition.execution_role_arn).not.toEqual(definition.task_role_arn);
  });

  it('asks for the ephemeral storage the task names, and leaves Fargate its default otherwise (rule ecs.fargate-ephemeral-storage)', () => {
    expect(definition.ephemeral_storage).toEqual({ size_in_gib: 100 });
    expect(resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-etl-small')).not.toHaveProperty('ephemeral_storage');
  });

  it('runs a hardened container: non-root, read-only root, not privileged, no capabilities', () => {
    expect(container).toMatchObject({
      name: 'main',
      user: '65532:65532',
      readonlyRootFilesystem: true,
      privileged: false,
      command: ['sh', '-c', 'echo hi'],
      linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ['ALL'] } },
    });
  });

  // DeregisterTaskDefinition (Amazon ECS API Reference): an INACTIVE revision cannot run new tasks, so executions
  // running or redriven from before a deploy need the revision they started with to stay ACTIVE.
  it('keeps a replaced or removed revision registered: skip_destroy', () => {
    for (const taskDefinition of resourcesOf(out, 'aws_ecs_task_definition')) expect(taskDefinition).toMatchObject({ family: expect.any(String), skip_destroy: true });
    expect(definition.skip_destroy).toBe(true);
  });

  it('injects secrets through `secrets`, never as plain environment values', () => {
    expect(container.secrets).toEqual([
      { name: 'DB_PASSWORD', valueFrom: SECRET },
      { name: 'API_TOKEN', valueFrom: PARAMETER },
    ]);
    expect(container.environment).toEqual([{ name: 'MODE', value: 'full' }]);
  });

  it('declares a task volume for each scratch path', () => {
    expect(definition.volume).toEqual([{ name: 'scratch-0' }]);
    expect(container.mountPoints).toEqual([expect.objectContaining({ sourceVolume: 'scratch-0', containerPath: '/tmp' })]);
  });

  it('logs through awslogs to its own log group with retention', () => {
    expect(container.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/wf-dev/tasks/etl-load', 'awslogs-region': 'ap-northeast-1', 'awslogs-stream-prefix': 'load' },
    });
    expect(resourceWhere(out, 'aws_cloudwatch_log_group', 'name', '/wf-dev/tasks/etl-load')).toMatchObject({ retention_in_days: 365 });
  });

  it('gives the execution role only its log group and its secrets, and no ECR pull for a public image', () => {
    const policy = rolePolicyOf(out, 'wf-dev-etl-load-exec');
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['WriteOwnLogGroup', 'ReadOwnSecrets', 'ReadOwnParameters']);
    expect(statement(policy, 'WriteOwnLogGroup').Resource).toEqual(['arn:aws:logs:ap-northeast-1:123456789012:log-group:/wf-dev/tasks/etl-load:log-stream:*']);
    expect(statement(policy, 'ReadOwnSecrets').Resource).toEqual([SECRET]);
    expect(statement(policy, 'ReadOwnParameters').Resource).toEqual([PARAMETER]);
  });

  it('lets the notifier execution role pull only its repository and read only the webhook secret', () => {
    const policy = rolePolicyOf(out, 'wf-dev-notifier-exec');
    expect(statement(policy, 'PullOwnImage').Resource).toEqual(['arn:aws:ecr:ap-northeast-1:123456789012:repository/wf-dev/notifier']);
    expect(statement(policy, 'ReadOwnSecrets').Resource).toEqual(['${aws_secretsmanager_secret.WebhookSecret.arn}']);
    expect(statement(policy, 'DecryptSecretsThroughSecretsManager')).toMatchObject({
      Action: ['kms:Decrypt'],
      Resource: [expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/)],
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-northeast-1.amazonaws.com' } },
    });
    expect(resourceWhere(out, 'aws_secretsmanager_secret', 'name', 'wf-dev/slack-webhook-url').kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    const notifier = containersOf(resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-notifier'))[0];
    expect(notifier.secrets).toEqual([{ name: 'SLACK_WEBHOOK_URL', valueFrom: '${aws_secretsmanager_secret.WebhookSecret.arn}' }]);
    expect(notifier.environment.map((value) => value.name)).not.toContain('SLACK_WEBHOOK_URL');
  });
});

describe('FargateTask secrets in every form ECS accepts', () => {
  const SECRETS = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret';
  const secrets = {
    DB_PASSWORD: `${SECRETS}:prod/db-AbCdEf:password::`,
    DB_USER: `${SECRETS}:prod/db-AbCdEf:username:AWSCURRENT:`,
    API_TOKEN: `${SECRETS}:prod/api-token`,
    REGION_NAME: 'region-name',
    APP_KEY: '/app/prod/key',
  };
  const out = synth(stackOf(environment({ workflows: [workflow('etl', { steps: [task('load', { image: { uri: `public.ecr.aws/docker/library/busybox@sha256:${'b'.repeat(64)}` }, secrets })] })] })));

  it('GIVEN JSON keys, version stages, partial ARNs and parameter names THEN the container gets them as written', () => {
    const [container] = containersOf(resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-etl-load'));
    expect(container.secrets).toEqual(Object.entries(secrets).map(([name, valueFrom]) => ({ name, valueFrom })));
  });

  it('THEN the execution role is granted the real ARN behind each, once', () => {
    const policy = rolePolicyOf(out, 'wf-dev-etl-load-exec');
    expect(statement(policy, 'ReadOwnSecrets').Resource).toEqual([`${SECRETS}:prod/db-AbCdEf`, `${SECRETS}:prod/api-token-??????`]);
    expect(statement(policy, 'ReadOwnParameters').Resource).toEqual([
      'arn:aws:ssm:ap-northeast-1:123456789012:parameter/region-name',
      'arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/prod/key',
    ]);
  });

  it('GIVEN the webhook secret by partial ARN with a JSON key THEN the notifier reads it as written and is granted the secret', () => {
    const withWebhook = synth(stackOf(environment({ webhookSecretArn: `${SECRETS}:team/slack:url::` })));
    const [notifier] = containersOf(resourceWhere(withWebhook, 'aws_ecs_task_definition', 'family', 'wf-dev-notifier'));
    expect(notifier.secrets).toEqual([{ name: 'SLACK_WEBHOOK_URL', valueFrom: `${SECRETS}:team/slack:url::` }]);
    expect(statement(rolePolicyOf(withWebhook, 'wf-dev-notifier-exec'), 'ReadOwnSecrets').Resource).toEqual([`${SECRETS}:team/slack-??????`]);
  });
});

describe('the notifier with a webhook secret of another account', () => {
  const FOREIGN = 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:slack-webhook-AbCdEf';
  const KEY = 'arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const out = synth(stackOf(environment({ webhookSecretArn: FOREIGN, webhookSecretKmsKeyArn: KEY })));

  it('may read that secret and decrypt with its key, through Secrets Manager in the secret\'s region only', () => {
    const statements = rolePolicyOf(out, 'wf-dev-notifier-exec').Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Sid: 'ReadOwnSecrets', Action: ['secretsmanager:GetSecretValue'], Resource: [FOREIGN] }),
        { Sid: 'DecryptSecretsThroughSecretsManager', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY], Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } },
      ]),
    );
  });
});
