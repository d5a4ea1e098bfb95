import { ecsSeparateRoles } from '../../../../tools/security/rules/ecs-separate-roles';
import { check, oneFinding, stackWith, taskDefinition } from '../helpers';

describe('CKV_AWS_249 ECS execution role differs from task role', () => {
  it('passes a task definition with its own execution and task roles', () => {
    expect(check(ecsSeparateRoles, stackWith({ aws_ecs_task_definition: { Task: taskDefinition() } }))).toEqual([]);
  });

  it.each([
    ['the same reference', '${aws_iam_role.Exec.arn}', '${aws_iam_role.Exec.arn}'],
    ['two attributes of the same role', '${aws_iam_role.Exec.arn}', '${aws_iam_role.Exec.id}'],
    ['the same literal ARN', 'arn:aws:iam::123456789012:role/app', 'arn:aws:iam::123456789012:role/app'],
  ])('flags a task definition whose roles are %s', (_, execution, task) => {
    const stack = stackWith({ aws_ecs_task_definition: { Task: taskDefinition(undefined, { execution_role_arn: execution, task_role_arn: task }) } });
    expect(check(ecsSeparateRoles, stack)).toEqual(oneFinding(ecsSeparateRoles, 'aws_ecs_task_definition.Task', /are both/));
  });
});
