import { ecsReadOnlyRootFilesystem } from '../../../../tools/security/rules/ecs-read-only-root-filesystem';
import { check, container, oneFinding, stackWith, taskDefinition } from '../helpers';

describe('CKV_AWS_336 ECS read-only root filesystem', () => {
  it('passes a task whose containers all have a read-only root filesystem', () => {
    const stack = stackWith({ aws_ecs_task_definition: { Task: taskDefinition([container(), container({ name: 'sidecar' })]) } });
    expect(check(ecsReadOnlyRootFilesystem, stack)).toEqual([]);
  });

  it('flags each container with a writable root filesystem', () => {
    const stack = stackWith({ aws_ecs_task_definition: { Task: taskDefinition([container(), container({ name: 'sidecar' }, ['readonlyRootFilesystem'])]) } });
    expect(check(ecsReadOnlyRootFilesystem, stack)).toEqual(oneFinding(ecsReadOnlyRootFilesystem, 'aws_ecs_task_definition.Task', /container sidecar: readonlyRootFilesystem is "not set"/));
  });

  it('flags container definitions it cannot read (an expression)', () => {
    const stack = stackWith({ aws_ecs_task_definition: { Task: taskDefinition([], { container_definitions: '${jsonencode(local.containers)}' }) } });
    expect(check(ecsReadOnlyRootFilesystem, stack)).toEqual(oneFinding(ecsReadOnlyRootFilesystem, 'aws_ecs_task_definition.Task', /Terraform expression/));
  });
});
