import { resolveEnvironments } from '../../../stacks/config/resolve';
import type { EnvironmentInput } from '../../../stacks/config/types';
import { configProblems, environment, task, workflow } from '../../helpers';

const problemsOf = configProblems;

describe('resolveEnvironments', () => {
  it('GIVEN a minimal environment THEN fills in every default', () => {
    const [env] = resolveEnvironments([{ name: 'dev', accountId: '123456789012', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'], allowEmpty: true }]);
    expect(env).toMatchObject({ project: 'wf', vpcCidr: '10.0.0.0/16', logRetentionDays: 365, protectFromDestroy: false, workflows: [] });
  });

  it('GIVEN a production environment THEN its data is protected from destroy unless it says otherwise', () => {
    const [prod, unprotected] = resolveEnvironments([environment({ name: 'prod' }), environment({ name: 'prod-eu', protectFromDestroy: false })]);
    expect(prod.protectFromDestroy).toBe(true);
    expect(unprotected.protectFromDestroy).toBe(false);
  });

  it('GIVEN a task with no options THEN it gets the documented defaults', () => {
    const [env] = resolveEnvironments([environment({ workflows: [workflow('w', { steps: [task('t')] })] })]);
    expect(env.workflows[0].steps[0]).toEqual({
      name: 't',
      image: 'notifier',
      environment: {},
      secrets: {},
      cpu: 256,
      memoryMiB: 512,
      cpuArchitecture: 'X86_64',
      capacity: 'FARGATE',
      timeoutSeconds: 3600,
      retry: { capacityRetries: 3, spotInterruptionRetries: 2, intervalSeconds: 10, backoffRate: 2, maxDelaySeconds: 300, taskFailureRetries: 0 },
      user: '65532:65532',
      scratchPaths: [],
      passExecutionInput: false,
      reportsResult: false,
      resultMaxChars: 1024,
      enableExecuteCommand: false,
      taskRole: { statements: [], managedPolicyArns: [] },
    });
  });

  it('GIVEN several bad values THEN one error lists every problem with field, value and what is allowed', () => {
    const lines = problemsOf([
      environment({ accountId: '1234', region: 'tokyo', availabilityZones: ['ap-northeast-1a'], vpcCidr: '10.0.0.0/33' }),
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/environments\[0=dev\]\.accountId: must be exactly 12 digits \(got "1234"\)/),
        expect.stringMatching(/environments\[0=dev\]\.region: must be an AWS region .* \(got "tokyo"\)/),
        expect.stringMatching(/availabilityZones: at least two availability zones are required/),
        expect.stringMatching(/vpcCidr: has a prefix length above 32 \(got "10.0.0.0\/33"\)/),
      ]),
    );
    expect(lines).toHaveLength(4);
  });

  it.each([
    ['a zone of another region', { availabilityZones: ['ap-northeast-1a', 'us-east-1b'] }, /availabilityZones\[1\]: must be a zone of region ap-northeast-1.*"us-east-1b"/],
    ['a repeated zone', { availabilityZones: ['ap-northeast-1a', 'ap-northeast-1a'] }, /availabilityZones\[1\]: availability zones must be distinct/],
    ['host bits in the CIDR', { vpcCidr: '10.0.0.1/16' }, /vpcCidr: has host bits set \(the block starts at 10.0.0.0\).*"10.0.0.1\/16"/],
    ['a CIDR too large', { vpcCidr: '10.0.0.0/8' }, /vpcCidr: prefix length must be between \/16 and \/24.*"10.0.0.0\/8"/],
    ['not a CIDR', { vpcCidr: 'ten' }, /vpcCidr: must be an IPv4 CIDR block.*"ten"/],
    ['an octet above 255', { vpcCidr: '10.300.0.0/16' }, /vpcCidr: has an octet above 255/],
    ['an upper-case name', { name: 'Dev' }, /name: environment name must be lower-case.*"Dev"/],
    ['an unknown retention', { logRetentionDays: 100 }, /logRetentionDays: must be one of 1, 3, .* 3653 \(got 100\)/],
    ['an unknown field', { acountId: '1' } as Partial<EnvironmentInput>, /acountId: unknown option "acountId": did you mean "accountId"\? Allowed: name, project, accountId,/],
    ['a bad secret ARN', { webhookSecretArn: 'my-secret' }, /webhookSecretArn: must be a Secrets Manager secret ARN.*"my-secret"/],
    ['a webhook secret by parameter ARN', { webhookSecretArn: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/slack' }, /webhookSecretArn: must be a Secrets Manager secret ARN \(…:secret:<name>/],
    ['a webhook secret of another partition', { webhookSecretArn: 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:slack' }, /webhookSecretArn: is in partition aws-cn, but the task runs in aws/],
  ])('GIVEN %s THEN it is reported', (_case, extra, pattern) => {
    expect(problemsOf([environment(extra)]).join('\n')).toMatch(pattern);
  });

  it('GIVEN two environments with the same name THEN it is reported', () => {
    expect(problemsOf([environment(), environment()]).join('\n')).toMatch(/environments\[1=dev\]\.name: environment names must be unique \(got "dev"\)/);
  });

  describe('workflows', () => {
    const problemsOfWorkflows = (...workflows: EnvironmentInput['workflows'] & object) => problemsOf([environment({ workflows })]).join('\n');

    it('GIVEN an empty workflow THEN it is reported', () => {
      expect(problemsOfWorkflows(workflow('w', { steps: [] }))).toMatch(/workflows\[0=w\]\.steps: a workflow needs at least one step/);
    });
    it('GIVEN two workflows with one name THEN it is reported', () => {
      expect(problemsOfWorkflows(workflow('w'), workflow('w'))).toMatch(/workflows\[1=w\]\.name: workflow names must be unique.*"w"/);
    });
    it('GIVEN a repeated step name THEN it is reported', () => {
      expect(problemsOfWorkflows(workflow('w', { steps: [task('a'), { name: 'g', parallel: [task('a'), task('b')] }] }))).toMatch(
        /steps\[1=g\]\.parallel\[0=a\]\.name: step names must be unique within a workflow \(got "a"\)/,
      );
    });
    it('GIVEN a parallel group of one task THEN it is reported', () => {
      expect(problemsOfWorkflows(workflow('w', { steps: [{ name: 'g', parallel: [task('a')] }] }))).toMatch(/a parallel group needs at least two tasks/);
    });
    it('GIVEN a cpu and memory pair Fargate refuses THEN the allowed values are listed', () => {
      expect(problemsOfWorkflows(workflow('w', { steps: [task('t', { cpu: 1024, memoryMiB: 512 })] }))).toMatch(
        /memoryMiB: memoryMiB 512 is not accepted by Fargate with cpu 1024: allowed 2048 to 8192 in steps of 1024 \(got \{"cpu":1024,"memoryMiB":512\}\)/,
      );
    });
    it('GIVEN an unknown cpu value THEN the allowed values are listed', () => {
      expect(problemsOfWorkflows(workflow('w', { steps: [task('t', { cpu: 300 })] }))).toMatch(/cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384/);
    });
    it('GIVEN names that make an IAM role name too long THEN it is reported', () => {
      const long = 'a'.repeat(32);
      expect(problemsOfWorkflows(workflow(long, { steps: [task(long)] }))).toMatch(/makes the IAM role name "wf-dev-a+-a+-exec" longer than 64 characters/);
    });
    it('GIVEN a name over the length limit THEN it is reported', () => {
      expect(problemsOfWorkflows(workflow('w', { steps: [task('t'.repeat(33))] }))).toMatch(/task name must be at most 32 characters/);
    });
    it('GIVEN a Unix crontab line THEN the AWS expression is suggested, day-of-week shifted', () => {
      expect(problemsOfWorkflows(workflow('w', { schedule: { expression: '0 9 * * 1-5' } }))).toMatch(
        /schedule\.expression: is a crontab line; .* write cron\(0 9 \? \* 2-6 \*\); day-of-week shifted .* \(got "0 9 \* \* 1-5"\)/,
      );
      expect(problemsOfWorkflows(workflow('w', { schedule: { expression: 'cron(0 9 * * *)' } }))).toMatch(/write cron\(0 9 \* \* \? \*\)/);
    });
    it('GIVEN a day-of-week AWS does not have, or one copied from crontab THEN what AWS reads is said', () => {
      const lines = problemsOf([environment({ workflows: [
        workflow('sunday', { schedule: { expression: 'cron(5 17 ? * 0 *)' } }),
        workflow('eight', { schedule: { expression: 'cron(5 17 ? * 8 *)' } }),
        workflow('weekdays', { schedule: { expression: 'cron(0 9 ? * 1-5 *)' } }),
      ] })]);
      expect(lines).toEqual([
        expect.stringMatching(/workflows\[0=sunday\]\.schedule\.expression: day-of-week 0 does not exist in AWS, .* is 1 or SUN here \(got "cron\(5 17 \? \* 0 \*\)"\)/),
        expect.stringMatching(/workflows\[1=eight\]\.schedule\.expression: day-of-week 8 is out of range: 1-7 or SUN-SAT \(1 = SUN\)/),
        expect.stringMatching(/workflows\[2=weekdays\]\.schedule\.expression: day-of-week 1-5 reads in AWS as SUN-THU .* MON-FRI/),
      ]);
    });
    it('GIVEN several bad cron fields THEN each is its own line', () => {
      const lines = problemsOf([environment({ workflows: [workflow('w', { schedule: { expression: 'cron(60 24 * * ? *)' } })] })]);
      expect(lines).toEqual([expect.stringMatching(/minutes 60 is out of range/), expect.stringMatching(/hours 24 is out of range/)]);
    });
    it.each([
      ['Asia/Nowhere', /schedule\.timeZone: must be a canonical IANA time zone name such as Asia\/Tokyo.*"Asia\/Nowhere"/],
      ['asia/tokyo', /schedule\.timeZone: must be a canonical IANA time zone name: write "Asia\/Tokyo" \(got "asia\/tokyo"\)/],
      ['utc', /schedule\.timeZone: .*write "UTC" \(got "utc"\)/],
      ['JST', /schedule\.timeZone: is an abbreviation, not an IANA time zone name; .*"Asia\/Tokyo" .*\(got "JST"\)/],
      ['PST', /schedule\.timeZone: is an abbreviation, .*"America\/Los_Angeles"/],
    ])('GIVEN the time zone %s THEN it is reported', (timeZone, pattern) => {
      expect(problemsOfWorkflows(workflow('w', { schedule: { expression: 'rate(1 day)', timeZone } }))).toMatch(pattern);
    });
    describe('GIVEN a credential as a plain value', () => {
      // A made-up webhook URL, built from parts so that no scanner takes this file for a leak.
      const webhook = ['https://hooks.slack.com/services', 'T00000000', 'B00000000', 'XXXXXXXXXXXXXXXXXXXXXXXX'].join('/');
      const password = ['postgres://app', 'Sup3rS3cret@db.example.com/app'].join(':');

      it('WHEN it is a task environment value THEN it is refused, secrets is pointed to, and the value is not shown', () => {
        const message = problemsOfWorkflows(workflow('w', { steps: [task('t', { environment: { SLACK_WEBHOOK_URL: webhook, LOG_LEVEL: 'info' } })] }));
        expect(message).toMatch(
          /steps\[0=t\]\.environment\.SLACK_WEBHOOK_URL: looks like a Slack incoming webhook URL, a credential: .*readable by anyone allowed ecs:DescribeTaskDefinition\) and in Terraform state; .* in secrets instead \(got "<slack-webhook-url, \d+ characters, not shown>"\)/,
        );
        expect(message).not.toContain('hooks.slack.com');
        expect(message).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXX');
        expect(message).not.toMatch(/LOG_LEVEL/);
      });

      it('WHEN it is in a schedule input THEN it is refused at its key, and the value is not shown', () => {
        const message = problemsOfWorkflows(workflow('w', { schedule: { expression: 'rate(1 day)', input: { target: { database: password } } } }));
        expect(message).toMatch(/schedule\.input\.target\.database: looks like a URL with a user name and password, a credential: .*every execution's history/);
        expect(message).not.toContain('Sup3rS3cret');
      });

      it('WHEN another check prints the value, as for the URL itself given in secrets THEN the credential is masked there too', () => {
        const message = problemsOfWorkflows(workflow('w', { steps: [task('t', { secrets: { SLACK_WEBHOOK_URL: webhook } })] }));
        expect(message).toMatch(/secrets\.SLACK_WEBHOOK_URL: must be a Secrets Manager secret ARN .*an SSM parameter ARN .* \(got "<slack-webhook-url, not shown>"\)/);
        expect(message).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXX');
      });

      it('WHEN the same value is given through secrets THEN nothing is refused', () => {
        const secretArn = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:slack-AbCdEf';
        expect(() => resolveEnvironments([environment({ workflows: [workflow('w', { steps: [task('t', { secrets: { SLACK_WEBHOOK_URL: secretArn } })] })] })])).not.toThrow();
      });
    });
    it('GIVEN a secret that is neither an ARN nor a parameter name THEN it is reported', () => {
      expect(problemsOfWorkflows(workflow('w', { steps: [task('t', { secrets: { TOKEN: 'plain text' } })] }))).toMatch(
        /secrets\.TOKEN: must be a Secrets Manager secret ARN .*, an SSM parameter ARN .* or the name of a parameter in the task’s Region .* \(got "plain text"\)/,
      );
    });
    it('GIVEN secrets in every form ECS accepts THEN they are accepted', () => {
      const secrets = {
        A: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-AbCdEf:password::',
        B: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/api-token',
        C: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/token',
        D: '/app/token',
        E: 'token',
      };
      expect(() => resolveEnvironments([environment({ workflows: [workflow('w', { steps: [task('t', { secrets })] })] })])).not.toThrow();
    });
    it('GIVEN secrets ECS would refuse or no role could be granted THEN each is reported at its field', () => {
      const message = problemsOfWorkflows(
        workflow('w', {
          steps: [
            task('t', {
              secrets: {
                KEY: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-AbCdEf:password',
                PATH: 'app/token',
                CHINA: 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:prod/db-AbCdEf',
              },
            }),
          ],
        }),
      );
      expect(message).toMatch(/steps\[0=t\]\.secrets\.KEY: must be the secret ARN, or the secret ARN followed by :<json-key>:<version-stage>:<version-id> with every colon present/);
      expect(message).toMatch(/steps\[0=t\]\.secrets\.PATH: is a parameter name in a hierarchy, which starts with a slash: \/app\/token/);
      expect(message).toMatch(/steps\[0=t\]\.secrets\.CHINA: is in partition aws-cn, but the task runs in aws: its execution role can never be granted it/);
    });
    it('GIVEN an image by tag THEN digest pinning is asked for, unless a mutable tag is allowed', () => {
      const tagged = { uri: 'public.ecr.aws/docker/library/busybox:1.36' };
      expect(problemsOfWorkflows(workflow('w', { steps: [task('t', { image: tagged })] }))).toMatch(
        /image\.uri: must be pinned by digest \(repo@sha256:<64 hex>\), or set allowMutableTag: true \(got \{"uri":"public.ecr.aws\/docker\/library\/busybox:1.36"/,
      );
      expect(() => resolveEnvironments([environment({ workflows: [workflow('w', { steps: [task('t', { image: { ...tagged, allowMutableTag: true } })] })] })])).not.toThrow();
    });
    it('GIVEN a root user THEN it is reported', () => {
      expect(problemsOfWorkflows(workflow('w', { steps: [task('t', { user: '0:0' })] }))).toMatch(/user: must not be root \(uid 0\) \(got "0:0"\)/);
    });
    it('GIVEN a relative scratch path THEN it is reported', () => {
      expect(problemsOfWorkflows(workflow('w', { steps: [task('t', { scratchPaths: ['tmp'] })] }))).toMatch(/scratchPaths\[0\]: must be an absolute path/);
    });
  });
});

