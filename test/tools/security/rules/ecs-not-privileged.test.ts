import { ecsNotPrivileged } from '../../../../tools/security/rules/ecs-not-privileged';
import { check, container, oneFinding, stackWith, taskDefinition } from '../helpers';

describe('CKV_AWS_334 ECS containers not privileged', () => {
  it.each([
    ['privileged false', container()],
    ['privileged absent', container({}, ['privileged'])],
  ])('passes a container with %s', (_, definition) => {
    expect(check(ecsNotPrivileged, stackWith({ aws_ecs_task_definition: { Task: taskDefinition([definition]) } }))).toEqual([]);
  });

  it('flags a privileged container', () => {
    const stack = stackWith({ aws_ecs_task_definition: { Task: taskDefinition([container({ privileged: true })]) } });
    expect(check(ecsNotPrivileged, stack)).toEqual(oneFinding(ecsNotPrivileged, 'aws_ecs_task_definition.Task', /container main: privileged is true/));
  });
});
