// The inline policies validation measures before synthesis, against the ones the stack renders, and the IAM
// quota on their size (rule iam.inline-policy-size) on both sides of the limit.
import { policySize, ROLE_INLINE_POLICIES_MAX } from '../../../stacks/aws/iam';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import type { EnvironmentInput, TaskInput } from '../../../stacks/config/types';
import { environmentRolePolicies, inlinePolicySizeProblems, LONGEST, type AfterApply } from '../../../stacks/checks/role-policies';
import type { StackJson } from '../../../tools/security/model';
import { concrete, SECRET_SUFFIX } from '../../tools/security/concrete-arns';
import { ACCOUNT, configProblems, environment, REGION, stackOf, synth, task, type Synthesized, workflow } from '../../helpers';

const SECRETS = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret`;

/** What the stack's resources get at apply, as test/tools/security/concrete-arns.ts makes them concrete. */
const AS_RENDERED: AfterApply = {
  revision: '1',
  secretSuffix: SECRET_SUFFIX,
  keyId: '00000000-0000-4000-8000-000000000000',
  // stackOf runs in image-URI mode: every notifier task pulls from the repository of IMAGE_URI.
  repositoryArn: () => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/wf-dev/notifier`,
};

/** The inline policies of every role of the synthesized stack, made concrete, by role name. */
function renderedPolicies(out: Synthesized): Map<string, unknown[]> {
  const stack = out as unknown as StackJson;
  const roles = new Map(Object.entries(out.resource.aws_iam_role ?? {}).map(([key, role]) => [`\${aws_iam_role.${key}.id}`, String(role.name)]));
  const policies = new Map<string, unknown[]>();
  for (const policy of Object.values(out.resource.aws_iam_role_policy ?? {})) {
    const role = roles.get(String(policy.role));
    if (!role) throw new Error(`policy of an unknown role: ${String(policy.role)}`);
    policies.set(role, [...(policies.get(role) ?? []), JSON.parse(concrete(stack, String(policy.policy)))]);
  }
  return policies;
}

/** `count` steps whose task names are 32 characters, the longest the configuration allows. */
function longSteps(count: number): TaskInput[] {
  return Array.from({ length: count }, (_, index) => task(`step-${String(index).padStart(2, '0')}-${'x'.repeat(24)}`));
}

const problemsOf = configProblems;

describe('environmentRolePolicies', () => {
  it('GIVEN every kind of role WHEN rendered with what the stack gets at apply THEN they are exactly the policies the synthesized stack holds', () => {
    const input = environment({
      workflows: [
        workflow('nightly', {
          schedule: { expression: 'rate(1 day)', deadLetterQueue: true },
          steps: [
            task('extract', { secrets: { DB: `${SECRETS}:prod/db-AbCdEf:password::`, TOKEN: `${SECRETS}:prod/api-token`, KEY: '/app/key' } }),
            { name: 'fan-out', parallel: [task('a'), task('b', { secrets: { PARAM: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/b` } })] },
          ],
        }),
        workflow('manual'),
      ],
    });
    const rendered = renderedPolicies(synth(stackOf(input)));
    const [env] = resolveEnvironments([input]);
    const measured = environmentRolePolicies(env, AS_RENDERED);

    expect(measured.map((role) => role.role).sort()).toEqual([...rendered.keys()].sort());
    for (const role of measured) expect([role.role, role.documents]).toEqual([role.role, rendered.get(role.role)]);
  });

  it('GIVEN the longest values AWS allows THEN each role is measured at least as large as it is rendered', () => {
    const [env] = resolveEnvironments([environment()]);
    const longest = environmentRolePolicies(env, LONGEST);
    const asRendered = environmentRolePolicies(env, AS_RENDERED);
    longest.forEach((role, index) => expect(policySize(role.documents)).toBeGreaterThanOrEqual(policySize(asRendered[index].documents)));
    const stateMachine = longest.find((role) => role.role === 'wf-dev-daily-batch-sfn');
    // Any revision of its own families (rule ecs.run-task-family): a redrive after a deploy runs the new one.
    expect(JSON.stringify(stateMachine?.documents)).toContain(`task-definition/wf-dev-daily-batch-task1:*`);
  });
});

describe('inline policy size (rule iam.inline-policy-size)', () => {
  const production = (workflows: EnvironmentInput['workflows']): EnvironmentInput => environment({ name: 'prod', workflows });

  it('GIVEN a workflow of 29 steps with 32-character task names THEN its state machine role fits and the configuration is accepted', () => {
    expect(problemsOf([production([workflow('nightly-etl', { steps: longSteps(29) })])])).toEqual([]);
    const [env] = resolveEnvironments([production([workflow('nightly-etl', { steps: longSteps(29) })])]);
    const size = policySize(environmentRolePolicies(env).find((role) => role.role === 'wf-prod-nightly-etl-sfn')?.documents);
    expect(size).toBeLessThanOrEqual(ROLE_INLINE_POLICIES_MAX);
    expect(size).toBeGreaterThan(ROLE_INLINE_POLICIES_MAX - 400);
  });

  it('GIVEN 30 such steps THEN one ConfigError names the workflow, the role, the measured size and the limit, before anything is synthesized', () => {
    const problems = problemsOf([production([workflow('nightly-etl', { steps: longSteps(30) }), workflow('small')])]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^ {2}- environments\[0=prod\]\.workflows\[0=nightly-etl\]\.steps: workflow nightly-etl gives IAM role "wf-prod-nightly-etl-sfn" inline policies of up to 10,287 characters \(white space not counted, ARNs known only after apply at their longest\), over the 10,240 IAM accepts \(rule iam\.inline-policy-size\): split the workflow into smaller ones, or shorten its task names \(got "30 steps"\)$/,
      ),
    ]);
  });

  it('GIVEN 60 such steps THEN the measured size says how far over the limit the role is', () => {
    const [problem] = problemsOf([production([workflow('nightly-etl', { steps: longSteps(60) })])]);
    expect(problem).toMatch(/inline policies of up to 19,137 characters .* over the 10,240 IAM accepts/);
  });

  it('GIVEN a task with more secrets than its execution role can be granted THEN the problem is reported at its secrets', () => {
    const secrets = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`SECRET_${index}`, `${SECRETS}:team/service/credential-${String(index).padStart(3, '0')}`]));
    expect(problemsOf([environment({ workflows: [workflow('w', { steps: [task('t', { secrets: secrets(80) })] })] })])).toEqual([]);
    expect(problemsOf([environment({ workflows: [workflow('w', { steps: [task('t', { secrets: secrets(120) })] })] })])).toEqual([
      expect.stringMatching(/steps\[0=t\]\.secrets: step t of workflow w gives IAM role "wf-dev-w-t-exec" inline policies of up to [\d,]+ characters .* give the task fewer secrets/),
    ]);
    expect(inlinePolicySizeProblems(resolveEnvironments([environment({ workflows: [workflow('w', { steps: [task('t', { secrets: secrets(80) })] })] })])[0])).toEqual([]);
  });

  it('counts the characters of the JSON without white space, as IAM does', () => {
    expect(policySize({ Version: '2012-10-17', Statement: [] })).toBe('{"Version":"2012-10-17","Statement":[]}'.length);
    expect(policySize({ Sid: 'a b c' })).toBe('{"Sid":"abc"}'.length);
  });
});
