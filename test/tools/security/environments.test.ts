import { checkStack } from '../../../tools/security/runner';
import { toStackJson, type StackJson } from '../../../tools/security/model';
import { ACCOUNT, environment, REGION, stackOf, synth, task, workflow } from '../../helpers';

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
        task('list-files', { reportsResult: true }),
        { name: 'convert', forEach: { itemsPath: '$.files', itemsFromStep: 'list-files', maxConcurrency: 5 }, task: { image: 'notifier', scratchPaths: ['/tmp'] } },
        { name: 'archive', forEach: { itemsPath: '$.folders', toleratedFailurePercentage: 10 }, task: { image: 'notifier' } },
      ],
      timeoutSeconds: 86400,
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

  it('reports the one container ECS Exec makes writable (CKV_AWS_336), and nothing else about it', () => {
    const withExec = environment({ workflows: [workflow('debug', { steps: [task('probe', { enableExecuteCommand: true }), task('plain')] })] });
    const findings = checkStack(toStackJson(JSON.parse(synth(stackOf(withExec)).json), 'dev'));
    expect(findings.map((finding) => `${finding.ruleId} ${finding.address}: ${finding.message}`)).toEqual([
      expect.stringMatching(/^CKV_AWS_336 aws_ecs_task_definition\.debug_probe_Definition_[0-9A-F]+: container main: readonlyRootFilesystem is false, expected true$/),
    ]);
  });

  it('holds the stricter retention the environment asks for', () => {
    expect(checkStack(stackJsonOf(), { minimumLogRetentionDays: 731 })).toEqual([]);
  });
});
