/**
 * Physical names and ARNs, all derived from one validated prefix (`<project>-<environment>`) and the
 * environment's account and region, never looked up from AWS at plan time.
 */
import type { Environment } from './config';

export interface Naming {
  /** `<project>-<environment>`: the start of every physical name. */
  readonly prefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

export function namingFor(env: Pick<Environment, 'project' | 'name' | 'accountId' | 'region'>): Naming {
  return { prefix: `${env.project}-${env.name}`, accountId: env.accountId, region: env.region, partition: partitionOf(env.region) };
}

/** The ARN partition of a region: `aws`, `aws-cn`, `aws-us-gov` or the ISO ones. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass `region: ''` for global services. */
export function arn(naming: Naming, service: string, resource: string, region: string = naming.region): string {
  return `arn:${naming.partition}:${service}:${region}:${naming.accountId}:${resource}`;
}

/** The rule Step Functions manages to learn when a `.sync` ECS task has ended. */
export function ecsSyncEventsRuleArn(naming: Naming): string {
  return arn(naming, 'events', 'rule/StepFunctionsGetEventsForECSTaskRule');
}
