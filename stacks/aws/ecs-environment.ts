/** Amazon ECS contracts on container environment values. */
import type { AwsRule } from './rule';

export const ECS_ENVIRONMENT_RULES: readonly AwsRule[] = [
  {
    id: 'ecs.environment-readable',
    rule: 'Environment values in a task definition are readable by everyone allowed DescribeTaskDefinition; sensitive data belongs in Secrets Manager or Parameter Store.',
    source: 'Pass an individual environment variable to an Amazon ECS container (Amazon ECS Developer Guide)',
  },
];
