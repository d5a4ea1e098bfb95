/** Amazon VPC and Amazon ECS networking limits and contracts. */
import type { AwsRule } from './rule';

/** Most hexadecimal digits after the prefix of a VPC, subnet or security group ID (rule vpc.resource-id-shape). */
export const RESOURCE_ID_DIGITS_MAX = 17;

/** `vpc-`, `subnet-` or `sg-` followed by 8 (older resources) or 17 lower-case hex digits. */
const idPattern = (prefix: string) => new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
export const VPC_ID = idPattern('vpc');
export const SUBNET_ID = idPattern('subnet');
export const SECURITY_GROUP_ID = idPattern('sg');

/** Most security groups one awsvpc task can be given (RunTask `awsvpcConfiguration.securityGroups`). */
export const TASK_SECURITY_GROUPS_MAX = 5;
/** Most subnets one awsvpc task can be given (RunTask `awsvpcConfiguration.subnets`). */
export const TASK_SUBNETS_MAX = 16;

export const VPC_RULES: readonly AwsRule[] = [
  {
    id: 'vpc.resource-id-shape',
    rule: 'A VPC, subnet or security group ID is `vpc-`, `subnet-` or `sg-` followed by 8 or 17 hexadecimal digits.',
    source: 'Resource IDs (Amazon EC2 User Guide)',
  },
  {
    id: 'ecs.awsvpc-subnets-and-groups',
    rule: `A task started with RunTask in awsvpc mode takes at most ${TASK_SUBNETS_MAX} subnets and ${TASK_SECURITY_GROUPS_MAX} security groups.`,
    source: 'AwsVpcConfiguration (Amazon Elastic Container Service API Reference)',
  },
  {
    id: 'ecs.fargate-public-ip',
    rule: 'A Fargate task without a public IP reaches ECR, CloudWatch Logs and Secrets Manager only through a NAT gateway or VPC endpoints; image layers come from Amazon S3, reachable through an S3 gateway endpoint.',
    source: 'Amazon ECS task networking options for Fargate (Amazon Elastic Container Service Developer Guide)',
  },
  {
    id: 'vpc.interface-endpoint-services',
    rule: 'A Fargate task pulling from ECR over interface endpoints needs `ecr.api`, `ecr.dkr` and the S3 gateway endpoint; logs, secrets and parameters need the `logs`, `secretsmanager` and `ssm` endpoints; private DNS makes the usual service names resolve to them.',
    source: 'Amazon ECR interface VPC endpoints (AWS PrivateLink) (Amazon ECR User Guide)',
  },
];
