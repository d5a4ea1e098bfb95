import aslValidator from 'asl-validator';
import { definitionOf, environment, referenceTo, resourceWhere, rolePolicyOf, stackOf, statement, synth, task, workflow } from '../../helpers';
import { COMPLETED } from '../../../stacks/builders/asl';

describe('Workflow', () => {
  const out = synth(
    stackOf(environment({ workflows: [workflow('etl', { steps: [task('extract'), { name: 'fan-out', parallel: [task('a'), task('b')] }] }), workflow('other')] })),
  );
  const machine = resourceWhere(out, 'aws_sfn_state_machine', 'name', 'wf-dev-etl');
  const policy = rolePolicyOf(out, 'wf-dev-etl-sfn');
  const ref = (type: string, field: string, value: string, attribute = 'arn') => referenceTo(out, type, field, value, attribute);

  it('is a Standard state machine with execution logging and X-Ray tracing', () => {
    expect(machine).toMatchObject({
      type: 'STANDARD',
      tracing_configuration: { enabled: true },
      logging_configuration: { level: 'ALL', include_execution_data: true, log_destination: `${ref('aws_cloudwatch_log_group', 'name', '/aws/vendedlogs/states/wf-dev-etl')}:*` },
      role_arn: ref('aws_iam_role', 'name', 'wf-dev-etl-sfn'),
    });
  });

  it('runs its steps with runTask.sync in the subnets and security group, and passes asl-validator', () => {
    const definition = definitionOf(machine);
    expect(definition.StartAt).toBe('extract');
    expect(definition.States.extract).toMatchObject({
      Resource: 'arn:aws:states:::ecs:runTask.sync',
      Next: 'fan-out',
      Parameters: {
        Cluster: ref('aws_ecs_cluster', 'name', 'wf-dev'),
        TaskDefinition: ref('aws_ecs_task_definition', 'family', 'wf-dev-etl-extract', 'family'),
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            Subnets: [expect.stringMatching(/^\$\{aws_subnet\..*\.id\}$/), expect.stringMatching(/^\$\{aws_subnet\..*\.id\}$/)],
            SecurityGroups: [ref('aws_security_group', 'name', 'wf-dev-tasks', 'id')],
          },
        },
      },
    });
    expect(definition.States['fan-out']).toMatchObject({ Type: 'Parallel', Next: COMPLETED });
    expect(aslValidator(definition, { checkArn: false }).errorsText()).toBe('');
  });

  it('may pass exactly its own tasks\' roles, and only to ECS tasks', () => {
    const passRole = statement(policy, 'PassOwnTaskRolesToEcsOnly');
    // The notifier is no longer among them: no state runs it (EventBridge does, with a role of its own).
    const roles = ['etl-extract', 'etl-a', 'etl-b'].flatMap((name) => [
      ref('aws_iam_role', 'name', `wf-dev-${name}-exec`),
      ref('aws_iam_role', 'name', `wf-dev-${name}-task`),
    ]);
    expect(passRole.Action).toEqual(['iam:PassRole']);
    expect([...(passRole.Resource ?? [])].sort()).toEqual(roles.sort());
    expect(passRole.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    expect(JSON.stringify(policy)).not.toContain('wf-dev-other');
  });

  it('may run any revision of its own task families only, in its cluster (a redrive after a deploy runs the new revision)', () => {
    const runTask = statement(policy, 'RunOwnTaskFamilies');
    const families = ['wf-dev-etl-extract', 'wf-dev-etl-a', 'wf-dev-etl-b'];
    expect([...(runTask.Resource ?? [])].sort()).toEqual(
      families.map((family) => `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/${ref('aws_ecs_task_definition', 'family', family, 'family')}:*`).sort(),
    );
    expect(runTask.Condition).toEqual({ ArnEquals: { 'ecs:cluster': ref('aws_ecs_cluster', 'name', 'wf-dev') } });
  });

  it('watches and stops only tasks of its cluster and manages only the Step Functions ECS events rule', () => {
    expect(statement(policy, 'WatchAndStopOwnTasks')).toMatchObject({
      Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
      Resource: [`arn:aws:ecs:ap-northeast-1:123456789012:task/${ref('aws_ecs_cluster', 'name', 'wf-dev', 'name')}/*`],
    });
    expect(statement(policy, 'ManageEcsSyncEventsRule')).toMatchObject({
      Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      Resource: ['arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule'],
    });
  });

  it('trusts Step Functions only for this state machine of this account', () => {
    const trust = JSON.parse(String(resourceWhere(out, 'aws_iam_role', 'name', 'wf-dev-etl-sfn').assume_role_policy)) as { Statement: { Principal: unknown; Condition: unknown }[] };
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: 'states.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:wf-dev-etl' },
      },
    });
  });
});
