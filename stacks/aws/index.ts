/**
 * The AWS limits and service contracts the product relies on, in one place, each with the AWS documentation
 * page it comes from. Configuration validation (stacks/config/resolve.ts) and the builders (ASL, IAM, constructs)
 * take their values from here, so that a configuration that synthesizes also applies and runs. One file per
 * AWS service; each exports its values and checks, and a list of its rules for the README table.
 */
import { CLOUDWATCH_RULES } from './cloudwatch';
import { ECR_RULES } from './ecr';
import { ECS_SECRETS_RULES } from './ecs-secrets';
import { ECS_RULES } from './ecs';
import { ECS_ENVIRONMENT_RULES } from './ecs-environment';
import { ECS_FARGATE_RULES } from './ecs-fargate';
import { ECS_STOPPED_TASK_RULES } from './ecs-stopped-task';
import { EVENTS_RULES } from './events';
import { IAM_RULES } from './iam';
import { KMS_RULES } from './kms';
import { LOGS_RULES } from './logs';
import { PARTITION_RULES } from './partitions';
import type { AwsRule } from './rule';
import { S3_RULES } from './s3';
import { SCHEDULER_RULES } from './scheduler';
import { SCHEDULER_EXPRESSION_RULES } from './scheduler-expressions';
import { SECRETSMANAGER_RULES } from './secretsmanager';
import { SNS_RULES } from './sns';
import { SQS_RULES } from './sqs';
import { STATES_RULES } from './states';
import { STEP_ERROR_RULES } from './step-errors';
import { VPC_RULES } from './vpc';

export type { AwsRule } from './rule';

/** Every rule, for the README table and its test. */
export const AWS_RULES: readonly AwsRule[] = [
  ...CLOUDWATCH_RULES,
  ...ECR_RULES,
  ...ECS_SECRETS_RULES,
  ...ECS_RULES,
  ...ECS_ENVIRONMENT_RULES,
  ...ECS_FARGATE_RULES,
  ...ECS_STOPPED_TASK_RULES,
  ...EVENTS_RULES,
  ...IAM_RULES,
  ...KMS_RULES,
  ...LOGS_RULES,
  ...PARTITION_RULES,
  ...S3_RULES,
  ...SCHEDULER_RULES,
  ...SCHEDULER_EXPRESSION_RULES,
  ...SECRETSMANAGER_RULES,
  ...SNS_RULES,
  ...SQS_RULES,
  ...STATES_RULES,
  ...STEP_ERROR_RULES,
  ...VPC_RULES,
];
