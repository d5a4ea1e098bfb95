// The physical names of the rendered stacks, and the refusal of names that clash or are too long.
import type { EnvironmentInput } from '../../../stacks/config/types';
import { nameClashes, physicalNames, type PhysicalName } from '../../../stacks/checks/physical-name-checks';
import { ACCOUNT, configProblems, environment, renderedStacks, resourcesOf, stackOf, synth, task, workflow } from '../../helpers';

const problemsOf = (inputs: EnvironmentInput[]): string[] => configProblems(inputs).map((line) => line.replace(/^ {2}- /, ''));

/** A task image built from notifier/; a different `variant` makes a different image. */
const built = (variant: string) => ({ directory: 'notifier', buildArgs: { VARIANT: variant } });

/** Every name the synthesized stack gives a resource, as `<kind> <name>`, sorted: read by the test itself. */
function synthesizedNames(env: EnvironmentInput): string[] {
  const out = synth(stackOf(env));
  const field = (type: string, kind: string, attribute = 'name') => resourcesOf(out, type).map((resource) => `${kind} ${String(resource[attribute])}`);
  return [
    ...field('aws_iam_role', 'IAM role'),
    ...field('aws_ecs_cluster', 'ECS cluster'),
    ...field('aws_ecs_task_definition', 'ECS task family', 'family'),
    ...field('aws_cloudwatch_log_group', 'log group'),
    ...field('aws_ecr_repository', 'ECR repository'),
    ...field('aws_sfn_state_machine', 'state machine'),
    ...field('aws_scheduler_schedule', 'schedule'),
    ...field('aws_scheduler_schedule_group', 'schedule group'),
    ...field('aws_sqs_queue', 'SQS queue'),
    ...field('aws_secretsmanager_secret', 'secret'),
    ...field('aws_kms_alias', 'KMS alias'),
    ...field('aws_security_group', 'security group'),
  ].sort();
}

const listed = (names: readonly PhysicalName[]) => names.map((name) => `${name.kind} ${name.name}`).sort();
const namesOf = (...inputs: EnvironmentInput[]) => physicalNames(renderedStacks(inputs));

describe('physicalNames', () => {
  it('GIVEN an environment using every kind of resource THEN it reads exactly the names the synthesized stack creates', () => {
    const input = environment({
      workflows: [
        workflow('etl', {
          steps: [task('extract', { image: built('shared') }), { name: 'fan-out', parallel: [task('a'), task('b', { image: built('shared') })] }],
          schedule: { expression: 'rate(1 day)', deadLetterQueue: true },
        }),
        workflow('report', { steps: [task('render', { image: built('report') })] }),
      ],
    });
    const names = namesOf(input);
    expect(listed(names)).toEqual(synthesizedNames(input));
    // extract and b share one image: one repository, named after the first task that uses it
    expect(listed(names).filter((name) => name.startsWith('ECR repository'))).toEqual(['ECR repository wf-dev/etl-extract', 'ECR repository wf-dev/notifier', 'ECR repository wf-dev/report-render']);
  });

  it('GIVEN an environment with its own webhook secret THEN no secret name is read, as none is created', () => {
    const input = environment({ webhookSecretArn: `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:slack-AbCdEf` });
    const names = namesOf(input);
    expect(names.filter((name) => name.kind === 'secret')).toEqual([]);
    expect(listed(names)).toEqual(synthesizedNames(input));
  });

  it('GIVEN each name THEN it names the field that causes it', () => {
    const names = namesOf(environment({ workflows: [workflow('etl', { steps: [task('extract'), { name: 'each', forEach: { itemsPath: '$.items' }, task: { image: 'notifier' } }], timeoutSeconds: 600 })] }));
    const of = (name: string) => {
      const source = names.find((candidate) => candidate.name === name)?.source;
      return source && { path: source.path, label: source.label };
    };
    expect(of('wf-dev-etl-extract-exec')).toEqual({ path: [0, 'workflows', 0, 'steps', 0, 'name'], label: 'step extract of workflow etl in environment dev' });
    expect(of('wf-dev-etl-extract-task')).toEqual({ path: [0, 'workflows', 0, 'steps', 0, 'name'], label: 'step extract of workflow etl in environment dev' });
    // A fan-out's task is named by its step.
    expect(of('wf-dev-etl-each')).toEqual({ path: [0, 'workflows', 0, 'steps', 1, 'name'], label: 'step each of workflow etl in environment dev' });
    expect(of('wf-dev-etl-sfn')).toEqual({ path: [0, 'workflows', 0, 'name'], label: 'workflow etl in environment dev' });
    expect(of('wf-dev-notifier-exec')).toEqual({ path: [0, 'name'], label: 'the notifier task of environment dev' });
    expect(of('wf-dev-tasks')).toEqual({ path: [0, 'name'], label: 'the task security group of environment dev' });
  });

  it('GIVEN IAM roles THEN they are unique per account, the rest per account and region, a schedule per schedule group', () => {
    const names = namesOf(environment());
    const scopes = (kind: string) => new Set(names.filter((name) => name.kind === kind).map((name) => name.scope));
    expect(scopes('IAM role')).toEqual(new Set([ACCOUNT]));
    expect(scopes('ECS task family')).toEqual(new Set([`${ACCOUNT}/ap-northeast-1`]));
    expect(scopes('schedule')).toEqual(new Set([`${ACCOUNT}/ap-northeast-1/schedule group wf-dev`]));
  });
});

describe('nameClashes', () => {
  it('GIVEN distinct names THEN there is no clash', () => {
    expect(nameClashes(namesOf(environment()))).toEqual([]);
  });
});

describe('validation of physical names', () => {
  it('GIVEN the default environment THEN nothing clashes', () => {
    expect(problemsOf([environment()])).toEqual([]);
  });

  it('GIVEN workflow a-b with step c and workflow a with step b-c THEN one problem names both fields and every shared name', () => {
    const lines = problemsOf([environment({ workflows: [workflow('a-b', { steps: [task('c')] }), workflow('a', { steps: [task('b-c')] })] })]);
    expect(lines).toEqual([
      'environments[0=dev].workflows[1=a].steps[0=b-c].name: step b-c of workflow a in environment dev makes the same physical names as ' +
        'step c of workflow a-b in environment dev (environments[0=dev].workflows[0=a-b].steps[0=c].name): ' +
        'ECS task family "wf-dev-a-b-c", IAM role "wf-dev-a-b-c-exec", IAM role "wf-dev-a-b-c-task", log group "/wf-dev/tasks/a-b-c"; rename one of them (got "b-c")',
    ]);
  });

  it('GIVEN the same clash inside parallel groups THEN the paths lead into the groups', () => {
    const lines = problemsOf([
      environment({
        workflows: [
          workflow('a-b', { steps: [{ name: 'g', parallel: [task('c'), task('d')] }] }),
          workflow('a', { steps: [{ name: 'h', parallel: [task('x'), task('b-c')] }] }),
        ],
      }),
    ]);
    expect(lines).toEqual([expect.stringMatching(/^environments\[0=dev\]\.workflows\[1=a\]\.steps\[0=h\]\.parallel\[1=b-c\]\.name: .*\(environments\[0=dev\]\.workflows\[0=a-b\]\.steps\[0=g\]\.parallel\[0=c\]\.name\)/)]);
  });

  it('GIVEN both clashing tasks build their own image THEN the ECR repository is among the shared names', () => {
    const lines = problemsOf([
      environment({ workflows: [workflow('a-b', { steps: [task('c', { image: built('one') })] }), workflow('a', { steps: [task('b-c', { image: built('two') })] })] }),
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ECR repository "wf-dev\/a-b-c", ECS task family "wf-dev-a-b-c", IAM role "wf-dev-a-b-c-exec", IAM role "wf-dev-a-b-c-task", 1 more; rename one of them/);
  });

  it('GIVEN two environments of one account in different regions THEN only their IAM roles clash, and are reported', () => {
    // wf-dev-a's notifier has the roles of step notifier of workflow a in wf-dev; families and log groups are per region
    const lines = problemsOf([
      environment({ workflows: [workflow('a', { steps: [task('notifier')] })] }),
      environment({ name: 'dev-a', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'], workflows: [], allowEmpty: true }),
    ]);
    expect(lines).toEqual([
      'environments[1=dev-a].name: the notifier task of environment dev-a makes the same physical names as step notifier of workflow a in environment dev ' +
        '(environments[0=dev].workflows[0=a].steps[0=notifier].name): IAM role "wf-dev-a-notifier-exec", IAM role "wf-dev-a-notifier-task"; rename one of them (got "dev-a")',
    ]);
  });

  it('GIVEN the same two environments in different accounts THEN nothing clashes', () => {
    expect(
      problemsOf([
        environment({ workflows: [workflow('a', { steps: [task('notifier')] })] }),
        environment({ name: 'dev-a', accountId: '210987654321', workflows: [], allowEmpty: true }),
      ]),
    ).toEqual([]);
  });

  it('GIVEN two environments whose project and name make one prefix THEN one problem per declaration lists their shared names, in the order of the declarations', () => {
    const lines = problemsOf([environment({ name: 'dev-a', workflows: [], allowEmpty: true }), environment({ name: 'a', project: 'wf-dev', workflows: [], allowEmpty: true })]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^environments\[1=a\]\.name: the KMS key of environment a makes the same physical names as the KMS key of environment dev-a \(environments\[0=dev-a\]\.name\): KMS alias "alias\/wf-dev-a"; rename one of them/,
      ),
      expect.stringMatching(/^environments\[1=a\]\.name: the VPC flow logs of environment a .* IAM role "wf-dev-a-vpc-flow-logs", log group "\/wf-dev-a\/vpc-flow-logs"/),
      expect.stringMatching(/^environments\[1=a\]\.name: the ECS cluster of environment a .* ECS cluster "wf-dev-a"/),
      expect.stringMatching(/^environments\[1=a\]\.name: the webhook secret of environment a .* secret "wf-dev-a\/slack-webhook-url"/),
      expect.stringMatching(/^environments\[1=a\]\.name: the notifier image of environment a .* ECR repository "wf-dev-a\/notifier"/),
      expect.stringMatching(/^environments\[1=a\]\.name: the notifier task of environment a .* ECS task family "wf-dev-a-notifier"/),
      expect.stringMatching(/^environments\[1=a\]\.name: the schedule group of environment a .* schedule group "wf-dev-a"/),
    ]);
  });

  it('GIVEN a workflow named notifier with a step exec THEN its task family and the notifier execution role share a name but not a namespace: no clash', () => {
    const input = environment({ workflows: [workflow('notifier', { steps: [task('exec')] })] });
    expect(problemsOf([input])).toEqual([]);
    const names = synthesizedNames(input);
    expect(names).toEqual(expect.arrayContaining(['ECS task family wf-dev-notifier-exec', 'IAM role wf-dev-notifier-exec']));
  });

  it('GIVEN a duplicated workflow name THEN only the uniqueness problem is reported, not the names it repeats', () => {
    const lines = problemsOf([environment({ workflows: [workflow('w'), workflow('w')] })]);
    expect(lines).toEqual([expect.stringMatching(/workflows\[1=w\]\.name: workflow names must be unique within an environment/)]);
  });
});

describe('name lengths, on both sides of each limit, through the public entry', () => {
  const prefix = { name: 'e'.repeat(12), project: 'p'.repeat(12) };

  it('GIVEN a scheduled workflow whose schedule name is 64 characters THEN it is accepted; one more THEN it is reported once, at the workflow name (rules scheduler.schedule-name-length, iam.role-name-length)', () => {
    // p{12}-e{12}-<workflow>-schedule: 26 + 29 + 9 = 64, the schedule and its role (both at most 64)
    const scheduled = (name: string) => environment({ ...prefix, workflows: [workflow(name, { steps: [task('t')], schedule: { expression: 'rate(1 day)' } })] });
    expect(problemsOf([scheduled('w'.repeat(29))])).toEqual([]);
    const lines = problemsOf([scheduled('w'.repeat(30))]);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`workflows\\[0=w{30}\\]\\.name: makes the IAM role name "p{12}-e{12}-w{30}-schedule" longer than 64 characters`))]);
    expect(namesOf(scheduled('w'.repeat(29))).filter((name) => name.name.endsWith('-schedule')).map((name) => [name.kind, name.name.length])).toEqual([
      ['IAM role', 64],
      ['schedule', 64],
    ]);
  });

  it('GIVEN a step whose execution role name is 64 characters THEN it is accepted; one more THEN the step is named (rule iam.role-name-length)', () => {
    // wf-dev-<workflow>-<task>-exec: 7 + 24 + 1 + 27 + 5 = 64
    const withTask = (name: string) => environment({ workflows: [workflow('nightly-settlement-batch', { steps: [task(name)] })] });
    expect(problemsOf([withTask('reconcile-ledger-entries-ap')])).toEqual([]);
    expect(problemsOf([withTask('reconcile-ledger-entries-apac')])).toEqual([
      'environments[0=dev].workflows[0=nightly-settlement-batch].steps[0=reconcile-ledger-entries-apac].name: makes the IAM role name "wf-dev-nightly-settlement-batch-reconcile-ledger-entries-apac-exec" longer than 64 characters: shorten the task, workflow, project or environment name (got "reconcile-ledger-entries-apac")',
    ]);
  });
});
