/**
 * Fix, deploy, redrive. A redriven execution runs the same state machine definition as its first attempt (rule
 * states.redrive-from-failed-state); RunTask with a family runs that family's latest ACTIVE revision (rule
 * ecs.run-task-family). So a fix to a step's task (image, environment, size) must change its task definition
 * only, never the definition the failed execution holds, and the old revision must stay registered for
 * executions that are running while the deploy happens.
 */
import { definitionOf, environment, referenceTo, resourceWhere, rolePolicyOf, stackOf, statement, synth, task, workflow, type Synthesized } from '../../helpers';

const deployed = (task1: Parameters<typeof task>[1]): Synthesized =>
  synth(stackOf(environment({ workflows: [workflow('daily', { steps: [task('task1', task1), task('task2')] })] })));

describe('GIVEN a failed step WHEN its task is fixed and the fix deployed', () => {
  const broken = deployed({ environment: { MODE: 'broken' } });
  const fixed = deployed({ environment: { MODE: 'fixed' }, cpu: 512, memoryMiB: 1024 });
  const taskDefinition = (out: Synthesized) => resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-daily-task1');
  const machine = (out: Synthesized) => resourceWhere(out, 'aws_sfn_state_machine', 'name', 'wf-dev-daily');

  it('THEN the task definition changes (a new revision) and the old one stays registered', () => {
    expect(taskDefinition(fixed).container_definitions).not.toEqual(taskDefinition(broken).container_definitions);
    expect(taskDefinition(fixed)).toMatchObject({ cpu: '512', memory: '1024', skip_destroy: true });
    expect(taskDefinition(broken)).toMatchObject({ skip_destroy: true });
  });

  it('THEN the state machine definition is unchanged, and it names the family, so the redrive runs the new revision', () => {
    expect(machine(fixed).definition).toEqual(machine(broken).definition);
    const state = definitionOf(machine(fixed)).States.task1 as { Parameters: { TaskDefinition: string } };
    expect(state.Parameters.TaskDefinition).toBe(referenceTo(fixed, 'aws_ecs_task_definition', 'family', 'wf-dev-daily-task1', 'family'));
  });

  it('THEN the state machine role may run every revision of the family, not only the one deployed', () => {
    const runTask = statement(rolePolicyOf(fixed, 'wf-dev-daily-sfn'), 'RunOwnTaskFamilies');
    expect(runTask.Resource).toEqual(expect.arrayContaining([expect.stringMatching(/:task-definition\/\$\{aws_ecs_task_definition\.[^}]+\.family\}:\*$/)]));
    expect(JSON.stringify(runTask.Resource)).not.toMatch(/\.arn\}/);
  });
});
