/** Every security rule, in the order findings are reported. */
import type { SecurityRule } from './model';
import { ecrImmutableTags } from './rules/ecr-immutable-tags';
import { ecrKmsEncryption } from './rules/ecr-kms-encryption';
import { ecrScanOnPush } from './rules/ecr-scan-on-push';
import { ecsContainerInsights } from './rules/ecs-container-insights';
import { ecsNoPublicIp } from './rules/ecs-no-public-ip';
import { ecsNotPrivileged } from './rules/ecs-not-privileged';
import { ecsReadOnlyRootFilesystem } from './rules/ecs-read-only-root-filesystem';
import { ecsSeparateRoles } from './rules/ecs-separate-roles';
import { iamNoAdminManagedPolicies } from './rules/iam-no-admin-managed-policies';
import { iamNoPrivilegeEscalation } from './rules/iam-no-privilege-escalation';
import { iamNoWildcards } from './rules/iam-no-wildcards';
import { logsKmsEncryption } from './rules/logs-kms-encryption';
import { logsRetentionMinimum } from './rules/logs-retention-minimum';
import { logsRetentionSet } from './rules/logs-retention-set';
import { schedulerKmsEncryption } from './rules/scheduler-kms-encryption';
import { sfnExecutionLogging } from './rules/sfn-execution-logging';
import { sfnXrayTracing } from './rules/sfn-xray-tracing';
import { sgDescriptions } from './rules/sg-descriptions';
import { sgRestrictedTraffic } from './rules/sg-restricted-traffic';
import { snsKmsEncryption } from './rules/sns-kms-encryption';
import { snsTlsOnly } from './rules/sns-tls-only';
import { sqsKmsEncryption } from './rules/sqs-kms-encryption';
import { sqsTlsOnly } from './rules/sqs-tls-only';
import { vpcFlowLogs } from './rules/vpc-flow-logs';

export const ALL_RULES: readonly SecurityRule[] = [
  ecrScanOnPush,
  ecrImmutableTags,
  ecrKmsEncryption,
  ecsReadOnlyRootFilesystem,
  ecsNotPrivileged,
  ecsSeparateRoles,
  ecsContainerInsights,
  ecsNoPublicIp,
  sfnExecutionLogging,
  sfnXrayTracing,
  iamNoWildcards,
  iamNoPrivilegeEscalation,
  iamNoAdminManagedPolicies,
  logsRetentionSet,
  logsRetentionMinimum,
  logsKmsEncryption,
  sgRestrictedTraffic,
  sgDescriptions,
  vpcFlowLogs,
  sqsKmsEncryption,
  sqsTlsOnly,
  snsKmsEncryption,
  snsTlsOnly,
  schedulerKmsEncryption,
];

export type { Finding, RuleOptions, SecurityRule, StackJson } from './model';
