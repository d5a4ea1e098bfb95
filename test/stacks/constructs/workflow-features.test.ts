// What the workflow features synthesize: task definition tags for cost per step, the task roles of callback and
// ECS Exec steps, the container ECS Exec needs, and the state machine role of tagging and Distributed fan-outs.
import { definitionOf, environment, resourceWhere, rolePolicyOf, statement, stackOf, synth, task, workflow, containersOf, resourcesOf } from '../../helpers';

const synthesized = synth(
  stackOf(
    environment({
      workflows: [
        workflow('flow', {
          timeoutSeconds: 86400,
          steps: [
            task('list', { waitForCallback: true, heartbeatSeconds: 120 }),
            task('probe', { enableExecuteCommand: true }),
            { name: 'each', forEach: { itemsPath: '$.files', itemsFromStep: 'list', toleratedFailurePercentage: 5 }, task: {} },
          ],
        }),
        workflow('plain'),
      ],
    }),
  ),
);
const definitionOfFamily = (family: string) => resourceWhere(synthesized, 'aws_ecs_task_definition', 'family', family);
const taskRolePolicies = (roleName: string) => {
  const [key] = Object.entries(synthesized.resource.aws_iam_role ?? {}).find(([, role]) => role.name === roleName) ?? [];
  return resourcesOf(synthesized, 'aws_iam_role_policy').filter((policy) => policy.role === `\${aws_iam_role.${key}.id}`);
};

describe('cost per step', () => {
  it('GIVEN a workflow step THEN its task definition carries Workflow, Step and Environment tags, which RunTask propagates', () => {
    expect(definitionOfFamily('wf-dev-flow-each').tags).toEqual({ Workflow: 'flow', Step: 'each', Environment: 'dev' });
    expect(definitionOfFamily('wf-dev-plain-task1').tags).toEqual({ Workflow: 'plain', Step: 'task1', Environment: 'dev' });
    const machine = definitionOf(resourceWhere(synthesized, 'aws_sfn_state_machine', 'name', 'wf-dev-flow'));
    expect(machine.States.probe.Parameters).toMatchObject({ EnableECSManagedTags: true, PropagateTags: 'TASK_DEFINITION' });
  });

  it('GIVEN any workflow THEN its state machine role may tag the tasks of its cluster when RunTask creates them', () => {
    expect(statement(rolePolicyOf(synthesized, 'wf-dev-plain-sfn'), 'TagOwnTasksOnRunTaskOnly')).toEqual({
      Sid: 'TagOwnTasksOnRunTaskOnly',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: ['arn:aws:ecs:ap-northeast-1:123456789012:task/${aws_ecs_cluster.Cluster.name}/*'],
      Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    });
  });
});

describe('task roles and containers', () => {
  it('GIVEN a callback step THEN its task role may report the result, and its container stays read-only', () => {
    const [policy] = taskRolePolicies('wf-dev-flow-list-task');
    expect(JSON.parse(String(policy.policy)).Statement.map((found: { Sid: string }) => found.Sid)).toEqual(['ReportTaskResult']);
    expect(containersOf(definitionOfFamily('wf-dev-flow-list'))[0].readonlyRootFilesystem).toBe(true);
  });

  it('GIVEN a step with ECS Exec THEN its task role may open Session Manager channels and its root filesystem is writable', () => {
    const [policy] = taskRolePolicies('wf-dev-flow-probe-task');
    expect(JSON.parse(String(policy.policy)).Statement.map((found: { Sid: string }) => found.Sid)).toEqual(['EcsExecSessions']);
    expect(containersOf(definitionOfFamily('wf-dev-flow-probe'))[0].readonlyRootFilesystem).toBe(false);
  });

  it('GIVEN a plain step THEN its task role has no policy at all', () => {
    expect(taskRolePolicies('wf-dev-plain-task1-task')).toEqual([]);
    expect(taskRolePolicies('wf-dev-flow-each-task')).toEqual([]);
  });
});

describe('Distributed fan-out', () => {
  it('GIVEN a fan-out that tolerates failures THEN only its state machine role may start and stop child executions of itself', () => {
    const own = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:wf-dev-flow';
    const policy = rolePolicyOf(synthesized, 'wf-dev-flow-sfn');
    expect(statement(policy, 'StartOwnChildExecutions').Resource).toEqual([own]);
    expect(statement(policy, 'WatchStopAndRedriveOwnChildExecutions').Resource).toEqual(['arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-flow/*']);
    expect(rolePolicyOf(synthesized, 'wf-dev-plain-sfn').Statement.map((found) => found.Sid)).not.toContain('StartOwnChildExecutions');
  });
});
