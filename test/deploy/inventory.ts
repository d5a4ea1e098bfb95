/**
 * What exists in the emulator, listed through the AWS APIs of every service the stacks use: one entry per
 * resource, `<service> <kind> <id>`. Taken before the apply and after the destroy: what the second has and the
 * first had not is what the destroy left behind.
 */
import { type Aws, xmlValues } from './aws-calls';

export interface Inventory {
  /** `<service> <kind> <id>` of everything listed. */
  readonly entries: Set<string>;
  /** KMS keys waiting for their deletion (AWS keeps a deleted key 7 to 30 days, ScheduleKeyDeletion). */
  readonly keysPendingDeletion: Set<string>;
}

/**
 * EC2 listings: each item's id, and its state where the API gives one. A deleted VPC endpoint or NAT gateway stays
 * listed in the `deleted` state for a while, on AWS as in the emulator: it is gone.
 */
const EC2_LISTINGS: [action: string, kind: string, pattern: RegExp][] = [
  ['DescribeVpcs', 'vpc', /<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/g],
  ['DescribeSubnets', 'subnet', /<subnetId>(subnet-[0-9a-f]+)<\/subnetId>/g],
  ['DescribeSecurityGroups', 'security-group', /<groupId>(sg-[0-9a-f]+)<\/groupId>/g],
  ['DescribeInternetGateways', 'internet-gateway', /<internetGatewayId>(igw-[0-9a-f]+)<\/internetGatewayId>/g],
  ['DescribeRouteTables', 'route-table', /<routeTableId>(rtb-[0-9a-f]+)<\/routeTableId>/g],
  ['DescribeAddresses', 'elastic-ip', /<allocationId>(eipalloc-[0-9a-f]+)<\/allocationId>/g],
  ['DescribeVpcEndpoints', 'vpc-endpoint', /<vpcEndpointId>(vpce-[0-9a-f]+)<\/vpcEndpointId>(?:(?!<vpcEndpointId>)[\s\S])*?<state>(\w+)<\/state>/g],
  ['DescribeNatGateways', 'nat-gateway', /<natGatewayId>(nat-[0-9a-f]+)<\/natGatewayId>(?:(?!<natGatewayId>)[\s\S])*?<state>(\w+)<\/state>/g],
  ['DescribeFlowLogs', 'flow-log', /<flowLogId>(fl-[0-9a-f]+)<\/flowLogId>/g],
];

export async function inventory(aws: Aws): Promise<Inventory> {
  const entries = new Set<string>();
  const add = (service: string, kind: string, ids: Iterable<unknown>) => {
    for (const id of ids) entries.add(`${service} ${kind} ${String(id)}`);
  };
  const keysPendingDeletion = new Set<string>();
  const listings: Promise<void>[] = [
    aws.json<{ stateMachines: { stateMachineArn: string }[] }>('states', 'ListStateMachines').then((r) => add('states', 'state-machine', r.stateMachines.map((m) => m.stateMachineArn))),
    aws.json<{ Rules: { Name: string }[] }>('events', 'ListRules').then((r) => add('events', 'rule', r.Rules.map((rule) => rule.Name))),
    aws.rest<{ ScheduleGroups: { Name: string }[] }>('scheduler', '/schedule-groups').then((r) => add('scheduler', 'schedule-group', r.ScheduleGroups.map((g) => g.Name))),
    aws.rest<{ Schedules: { GroupName: string; Name: string }[] }>('scheduler', '/schedules').then((r) => add('scheduler', 'schedule', r.Schedules.map((s) => `${s.GroupName}/${s.Name}`))),
    aws.json<{ clusterArns: string[] }>('ecs', 'ListClusters').then(async (r) => {
      // A deleted cluster stays listed as INACTIVE for a while on AWS too; only the active ones are resources.
      if (r.clusterArns.length === 0) return;
      const { clusters } = await aws.json<{ clusters: { clusterArn: string; status: string }[] }>('ecs', 'DescribeClusters', { clusters: r.clusterArns });
      add('ecs', 'cluster', clusters.filter((c) => c.status === 'ACTIVE').map((c) => c.clusterArn));
    }),
    // ACTIVE revisions only (ListTaskDefinitions' default): a deregistered revision stays INACTIVE on AWS as well.
    aws.json<{ taskDefinitionArns: string[] }>('ecs', 'ListTaskDefinitions').then((r) => add('ecs', 'task-definition', r.taskDefinitionArns)),
    aws.json<{ repositories: { repositoryName: string }[] }>('ecr', 'DescribeRepositories').then((r) => add('ecr', 'repository', r.repositories.map((repo) => repo.repositoryName))),
    aws.json<{ logGroups: { logGroupName: string }[] }>('logs', 'DescribeLogGroups').then((r) => add('logs', 'log-group', r.logGroups.map((g) => g.logGroupName))),
    aws.json<{ QueueUrls?: string[] }>('sqs', 'ListQueues').then((r) => add('sqs', 'queue', r.QueueUrls ?? [])),
    aws.json<{ SecretList: { ARN: string }[] }>('secretsmanager', 'ListSecrets').then((r) => add('secretsmanager', 'secret', r.SecretList.map((s) => s.ARN))),
    aws.json<{ Aliases: { AliasName: string }[] }>('kms', 'ListAliases').then((r) => add('kms', 'alias', r.Aliases.map((a) => a.AliasName).filter((name) => !name.startsWith('alias/aws/')))),
    aws.json<{ Keys: { KeyId: string }[] }>('kms', 'ListKeys').then(async (r) => {
      for (const { KeyId } of r.Keys) {
        const { KeyMetadata } = await aws.json<{ KeyMetadata: { KeyState: string; KeyManager: string } }>('kms', 'DescribeKey', { KeyId });
        if (KeyMetadata.KeyManager === 'AWS') continue;
        add('kms', 'key', [KeyId]);
        if (KeyMetadata.KeyState === 'PendingDeletion') keysPendingDeletion.add(`kms key ${KeyId}`);
      }
    }),
    aws.query('iam', 'ListRoles').then((xml) => add('iam', 'role', xmlValues(xml, 'RoleName'))),
    aws.query('iam', 'ListPolicies', { Scope: 'Local' }).then((xml) => add('iam', 'policy', xmlValues(xml, 'PolicyName'))),
    aws.query('sns', 'ListTopics').then((xml) => add('sns', 'topic', xmlValues(xml, 'TopicArn'))),
    aws.query('monitoring', 'DescribeAlarms').then((xml) => add('cloudwatch', 'alarm', xmlValues(xml, 'AlarmName'))),
    aws.text('s3', '/').then((xml) => add('s3', 'bucket', xmlValues(xml, 'Name'))),
    ...EC2_LISTINGS.map(([action, kind, pattern]) => aws.query('ec2', action).then((xml) => add('ec2', kind, [...xml.matchAll(pattern)].filter((match) => match[2] !== 'deleted').map((match) => match[1])))),
  ];
  await Promise.all(listings);
  return { entries, keysPendingDeletion };
}
