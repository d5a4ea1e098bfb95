// The inline policies of the rendered roles with every reference at its longest, and the IAM quota on their size
// (rule iam.inline-policy-size) on both sides of the limit.
import { policySize, ROLE_INLINE_POLICIES_MAX } from '../../../stacks/aws/iam';
import type { EnvironmentInput, TaskInput } from '../../../stacks/config/types';
import { rolePolicies } from '../../../stacks/checks/inline-policy-checks';
import type { StackJson } from '../../../tools/security/model';
import { concrete } from '../../tools/security/concrete-arns';
import { ACCOUNT, configProblems, environment, REGION, renderedStacks, task, workflow } from '../../helpers';

const SECRETS = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret`;

/** `count` steps whose task names are 32 characters, the longest the configuration allows. */
function longSteps(count: number): TaskInput[] {
  return Array.from({ length: count }, (_, index) => task(`step-${String(index).padStart(2, '0')}-${'x'.repeat(24)}`));
}

/** Each role's inline policies as measured (references at their longest), by role name. */
function measured(input: EnvironmentInput): Map<string, unknown[]> {
  const [stack] = renderedStacks([input]);
  return new Map(rolePolicies(stack).filter((role) => role.documents.length > 0).map((role) => [role.name, [...role.documents]]));
}

/** Each role's inline policies made concrete as the stack gets them at apply (test/tools/security/concrete-arns.ts), by role name. */
function concretePolicies(input: EnvironmentInput): Map<string, unknown[]> {
  const [stack] = renderedStacks([input]);
  const json = stack.json as unknown as StackJson;
  const roles = new Map(Object.entries(stack.json.resource?.aws_iam_role ?? {}).map(([key, role]) => [`\${aws_iam_role.${key}.id}`, String(role.name)]));
  const policies = new Map<string, unknown[]>();
  for (const policy of Object.values(stack.json.resource?.aws_iam_role_policy ?? {})) {
    const role = roles.get(String(policy.role));
    if (!role) throw new Error(`policy of an unknown role: ${String(policy.role)}`);
    policies.set(role, [...(policies.get(role) ?? []), JSON.parse(concrete(json, String(policy.policy)))]);
  }
  return policies;
}

describe('rolePolicies', () => {
  const everyKind = environment({
    workflows: [
      workflow('nightly', {
        schedule: { expression: 'rate(1 day)', deadLetterQueue: true },
        steps: [
          task('extract', { secrets: { DB: `${SECRETS}:prod/db-AbCdEf:password::`, TOKEN: `${SECRETS}:prod/api-token`, KEY: '/app/key' }, reportsResult: true }),
          { name: 'fan-out', parallel: [task('a'), task('b', { secrets: { PARAM: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/b` } })] },
        ],
      }),
      workflow('manual'),
    ],
  });

  it('GIVEN every kind of role THEN every role with inline policies is measured, each at least as large as the policies it gets at apply', () => {
    const longest = measured(everyKind);
    const atApply = concretePolicies(everyKind);
    expect([...longest.keys()].sort()).toEqual([...atApply.keys()].sort());
    for (const [role, documents] of longest) {
      expect(policySize(documents)).toBeGreaterThanOrEqual(policySize(atApply.get(role)));
      // The same statements: only the values apply knows differ.
      expect(JSON.stringify(documents).replace(/"[^"]*"/g, '""')).toBe(JSON.stringify(atApply.get(role)).replace(/"[^"]*"/g, '""'));
    }
  });

  it('GIVEN what only apply knows THEN it is at the longest AWS documents: a 36-character KMS key ID, the secret suffix, the revision', () => {
    const policies = JSON.stringify([...measured(everyKind).values()]);
    expect(policies).toContain(`arn:aws:kms:${REGION}:${ACCOUNT}:key/${'k'.repeat(36)}`);
    expect(policies).toContain(`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:wf-dev/slack-webhook-url-xxxxxx`);
    // The execution alerts run the notifier's task definition at any revision: the longest is 1,000,000.
    expect(policies).toContain(`arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/wf-dev-notifier:1000000`);
  });

  it('GIVEN the state machine role THEN it may run any revision of its own families (rule ecs.run-task-family)', () => {
    // A redrive after a deploy runs the new one.
    expect(JSON.stringify(measured(environment()).get('wf-dev-daily-batch-sfn'))).toContain('task-definition/wf-dev-daily-batch-task1:*');
  });
});

describe('inline policy size (rule iam.inline-policy-size), through the public entry', () => {
  const production = (workflows: EnvironmentInput['workflows']): EnvironmentInput => environment({ name: 'prod', workflows });

  it('GIVEN a workflow of 29 steps with 32-character task names THEN its state machine role fits and the configuration is accepted', () => {
    const input = production([workflow('nightly-etl', { steps: longSteps(29) })]);
    expect(configProblems([input])).toEqual([]);
    const size = policySize(measured(input).get('wf-prod-nightly-etl-sfn'));
    expect(size).toBeLessThanOrEqual(ROLE_INLINE_POLICIES_MAX);
    expect(size).toBeGreaterThan(ROLE_INLINE_POLICIES_MAX - 400);
  });

  it('GIVEN 30 such steps THEN one ConfigError names the workflow, the role, the measured size and the limit, before anything is written', () => {
    const problems = configProblems([production([workflow('nightly-etl', { steps: longSteps(30) }), workflow('small')])]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^ {2}- environments\[0=prod\]\.workflows\[0=nightly-etl\]\.steps: workflow nightly-etl gives IAM role "wf-prod-nightly-etl-sfn" inline policies of up to 10,287 characters \(white space not counted, ARNs known only after apply at their longest\), over the 10,240 IAM accepts \(rule iam\.inline-policy-size\): split the workflow into smaller ones, or shorten its task names \(got "30 steps"\)$/,
      ),
    ]);
  });

  it('GIVEN 60 such steps THEN the measured size says how far over the limit the role is', () => {
    const [problem] = configProblems([production([workflow('nightly-etl', { steps: longSteps(60) })])]);
    expect(problem).toMatch(/inline policies of up to 19,137 characters .* over the 10,240 IAM accepts/);
  });

  it('GIVEN a task with more secrets than its execution role can be granted THEN the problem is reported at its secrets', () => {
    const secrets = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`SECRET_${index}`, `${SECRETS}:team/service/credential-${String(index).padStart(3, '0')}`]));
    expect(configProblems([environment({ workflows: [workflow('w', { steps: [task('t', { secrets: secrets(80) })] })] })])).toEqual([]);
    expect(configProblems([environment({ workflows: [workflow('w', { steps: [task('t', { secrets: secrets(120) })] })] })])).toEqual([
      expect.stringMatching(/steps\[0=t\]\.secrets: step t of workflow w gives IAM role "wf-dev-w-t-exec" inline policies of up to [\d,]+ characters .* give the task fewer secrets/),
    ]);
  });

  it('GIVEN a fan-out task with too many secrets THEN the problem is reported at the secrets of the fan-out’s task', () => {
    const secrets = Object.fromEntries(Array.from({ length: 120 }, (_, index) => [`SECRET_${index}`, `${SECRETS}:team/service/credential-${String(index).padStart(3, '0')}`]));
    expect(configProblems([environment({ workflows: [workflow('w', { timeoutSeconds: 600, steps: [{ name: 'each', forEach: { itemsPath: '$.items' }, task: { image: 'notifier', secrets } }] })] })])).toEqual([
      expect.stringMatching(/^ {2}- environments\[0=dev\]\.workflows\[0=w\]\.steps\[0=each\]\.task\.secrets: step each of workflow w gives IAM role "wf-dev-w-each-exec"/),
    ]);
  });

  it('counts the characters of the JSON without white space, as IAM does', () => {
    expect(policySize({ Version: '2012-10-17', Statement: [] })).toBe('{"Version":"2012-10-17","Statement":[]}'.length);
    expect(policySize({ Sid: 'a b c' })).toBe('{"Sid":"abc"}'.length);
  });
});
