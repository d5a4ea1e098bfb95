import { WorkflowWithTasks } from '../../../stacks/constructs/workflow-with-tasks';
import { environment, resourcesOf, resourceWhere, stackOf, synth, task, workflow } from '../../helpers';

describe('WorkflowWithTasks', () => {
  const stack = stackOf(environment({ workflows: [workflow('etl', { steps: [task('extract', { reportsResult: true }), { name: 'load', parallel: [task('a'), task('b')] }] })] }));
  const out = synth(stack);

  it('GIVEN a workflow THEN it holds a Fargate task per task of its steps and the state machine that runs them, under the workflow name', () => {
    const group = stack.node.findChild('etl');
    expect(group).toBeInstanceOf(WorkflowWithTasks);
    expect(Object.keys((group as WorkflowWithTasks).tasks)).toEqual(['extract', 'a', 'b']);
    expect((group as WorkflowWithTasks).workflow.node.id).toBe('Workflow');
    expect(resourcesOf(out, 'aws_sfn_state_machine').map((machine) => machine.name)).toEqual(['wf-dev-etl']);
  });

  it('GIVEN its steps THEN each task definition is tagged with its workflow, step and environment', () => {
    expect(resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-etl-a').tags).toEqual({ Workflow: 'etl', Step: 'a', Environment: 'dev' });
  });

  it('GIVEN a step that reports a result THEN only its task role may write its own key', () => {
    const writers = resourcesOf(out, 'aws_iam_role_policy').filter((policy) => String(policy.policy).includes('WriteOwnResult'));
    expect(writers).toHaveLength(1);
    expect(String(writers[0].policy)).toContain('wf-dev-etl/*/extract.json');
  });
});
