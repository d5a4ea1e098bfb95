import { finder, referencesIn, resourcesOf, type Json, type SecurityRule } from '../model';

const ID = 'CKV_AWS_249';

/** The role or literal ARN an attribute names: `aws_iam_role.X` for `${aws_iam_role.X.arn}`. */
function roleOf(value: Json | undefined): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const references = referencesIn(value);
  return references.length === 1 ? references[0] : value;
}

/**
 * The execution role (what the ECS agent uses to pull, log and read secrets) is not the task role (what the
 * application may do), so the application never holds the agent's permissions.
 */
export const ecsSeparateRoles: SecurityRule = {
  id: ID,
  title: 'ECS task definitions use an execution role different from the task role',
  resourceTypes: ['aws_ecs_task_definition'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_ecs_task_definition').flatMap((taskDefinition) => {
      const execution = roleOf(taskDefinition.attributes.execution_role_arn);
      const task = roleOf(taskDefinition.attributes.task_role_arn);
      return execution !== undefined && execution === task
        ? [finding(taskDefinition.address, `execution_role_arn and task_role_arn are both ${execution}: the application would hold the agent's permissions`)]
        : [];
    });
  },
};
