import { checkStack } from '../../stacks/security/runner';
import { toStackJson, type StackJson } from '../../stacks/security/model';
import { ACCOUNT, environment, REGION, stackOf, synth, task, workflow } from '../helpers';

const rich = environment({
  name: 'prod',
  protectFromDestroy: true,
  logRetentionDays: 731,
  workflows: [
    workflow('nightly', {
      schedule: { expression: 'cron(0 2 * * ? *)', deadLetterQueue: true },
      steps: [
        task('extract', { scratchPaths: ['/tmp'], secrets: { TOKEN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/prod/token` } }),
        { name: 'transform', parallel: [task('left', { capacity: 'FARGATE_SPOT' }), task('right', { cpuArchitecture: 'ARM64', image: { uri: 'public.ecr.aws/docker/library/busybox@sha256:' + 'a'.repeat(64) } })] },
        task('load', { image: { directory: 'notifier' }, secrets: { DB: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/db-AbCdEf` } }),
      ],
    }),
    workflow('manual'),
  ],
});

function stackJsonOf(variables?: Record<string, string>): StackJson {
  const stack = variables ? stackOf(rich, { variables }) : stackOf(rich);
  return toStackJson(JSON.parse(synth(stack).json), 'prod');
}

describe('every rule over an environment using every workflow feature', () => {
  it.each([
    ['image-URI mode', undefined],
    ['build mode', {}],
  ])('finds nothing in %s', (_, variables) => {
    const stack = stackJsonOf(variables);
    expect(Object.keys(stack.resource.aws_sfn_state_machine ?? {})).toHaveLength(2);
    expect(checkStack(stack)).toEqual([]);
  });

  it('holds the stricter retention the environment asks for', () => {
    expect(checkStack(stackJsonOf(), { minimumLogRetentionDays: 731 })).toEqual([]);
  });
});
