import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { assumeRolePolicy, flowLogsPolicy } from '../builders/iam';
import { jsonAttribute, keepEmptyListsInHcl } from './json-attribute';
import { arn, roleSettings, networkNames, type Naming } from '../builders/names';
import { parseCidr, subnetCidr } from '../builders/network-math';
import type { TaskNetwork } from './task-network';

export interface NetworkProps {
  readonly naming: Naming;
  /** IPv4 block of the VPC, already validated (/16 to /24). */
  readonly vpcCidr: string;
  /** One subnet per zone, in this order. */
  readonly availabilityZones: readonly string[];
  readonly logRetentionDays: number;
  readonly kmsKeyArn: string;
  readonly protectFromDestroy: boolean;
}

/** Each zone's subnet is a /(n+4) of the VPC block: room for 16 zones. */
const SUBNET_NEW_BITS = 4;

/**
 * A VPC with one public subnet per zone routed to an internet gateway, and the tasks' security group:
 * no ingress at all, egress HTTPS only (image pulls, AWS APIs, Slack). Tasks get a public IP so no NAT
 * gateway is needed; nothing can connect to them. The VPC's default security group is emptied (and kept
 * empty: a rule added by hand is planned away, in JSON and HCL output alike) and all traffic is recorded by
 * flow logs.
 */
export class Network extends Construct implements TaskNetwork {
  readonly vpc: Vpc;
  readonly subnets: Subnet[];
  readonly taskSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { naming } = props;
    const block = parseCidr(props.vpcCidr);
    if (typeof block === 'string') throw new Error(`vpcCidr ${props.vpcCidr} ${block}`);

    const { vpc, publicRoutes: routes } = vpcWithInternetGateway(this, props.vpcCidr, naming);
    this.vpc = vpc;
    this.subnets = props.availabilityZones.map((zone, index) => {
      const subnet = new Subnet(this, `Subnet${index}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: subnetCidr(block, SUBNET_NEW_BITS, index),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${naming.prefix}-${zone}` },
      });
      new RouteTableAssociation(this, `SubnetRoutes${index}`, { subnetId: subnet.id, routeTableId: routes.id });
      return subnet;
    });

    this.taskSecurityGroup = taskSecurityGroup(this, this.vpc.id, naming);
    vpcFlowLogs(this, this.vpc, props);
  }

  get taskSubnetIds(): string[] {
    return this.subnets.map((subnet) => subnet.id);
  }

  get taskSecurityGroupIds(): string[] {
    return [this.taskSecurityGroup.id];
  }

  get assignPublicIp(): boolean {
    return true;
  }
}

/** What both networks the stack creates start with: the VPC, its internet gateway and the public route table. */
export interface VpcWithInternetGateway {
  readonly vpc: Vpc;
  readonly gateway: InternetGateway;
  readonly publicRoutes: RouteTable;
}

/**
 * The VPC (DNS support and host names on: the interface endpoints' private DNS needs both), its default security
 * group emptied, an internet gateway and a public route table to it. Construct IDs `Vpc`, `InternetGateway`,
 * `PublicRoutes` (and the default group's): Terraform addresses, keep them.
 */
export function vpcWithInternetGateway(scope: Construct, vpcCidr: string, naming: Naming): VpcWithInternetGateway {
  const vpc = new Vpc(scope, 'Vpc', {
    cidrBlock: vpcCidr,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags: { Name: naming.prefix },
  });
  emptyDefaultSecurityGroup(scope, vpc, naming);
  const gateway = new InternetGateway(scope, 'InternetGateway', { vpcId: vpc.id, tags: { Name: naming.prefix } });
  const publicRoutes = new RouteTable(scope, 'PublicRoutes', {
    vpcId: vpc.id,
    route: [{ cidrBlock: '0.0.0.0/0', gatewayId: gateway.id }],
    tags: { Name: `${naming.prefix}-public` },
  });
  return { vpc, gateway, publicRoutes };
}

/** The VPC's default security group, emptied and kept empty (a rule added by hand is planned away). */
export function emptyDefaultSecurityGroup(scope: Construct, vpc: Vpc, naming: Naming): DefaultSecurityGroup {
  // Empty lists, not absent ones: the default group stays empty, a rule added to it later is planned away.
  const defaultGroup = new DefaultSecurityGroup(scope, 'DefaultSecurityGroup', {
    vpcId: vpc.id,
    ingress: [],
    egress: [],
    tags: { Name: `${naming.prefix}-default-unused` },
  });
  keepEmptyListsInHcl(defaultGroup, { ingress: [], egress: [] });
  return defaultGroup;
}

/** The tasks' security group: no ingress at all, egress HTTPS only (image pulls, AWS APIs, Slack). */
export function taskSecurityGroup(scope: Construct, vpcId: string, naming: Naming): SecurityGroup {
  const group = new SecurityGroup(scope, 'TaskSecurityGroup', {
    name: networkNames(naming).taskSecurityGroup,
    description: 'Fargate tasks of the workflows: no inbound traffic, outbound HTTPS only',
    vpcId,
    ingress: [],
    egress: [
      { description: 'HTTPS to AWS APIs, image registries and Slack', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
    ],
    revokeRulesOnDelete: true,
    tags: { Name: `${naming.prefix}-tasks` },
  });
  keepEmptyListsInHcl(group, { ingress: [] });
  return group;
}

export interface FlowLogProps {
  readonly naming: Naming;
  readonly logRetentionDays: number;
  readonly kmsKeyArn: string;
  readonly protectFromDestroy: boolean;
}

/** Flow logs of all the VPC's traffic into a log group of their own, through a role only they can assume. */
export function vpcFlowLogs(scope: Construct, vpc: Vpc, props: FlowLogProps): void {
  const { naming } = props;
  const names = networkNames(naming);
  const flowLogGroupName = names.flowLogGroup;
  const flowLogGroup = new CloudwatchLogGroup(scope, 'FlowLogGroup', {
    name: flowLogGroupName,
    retentionInDays: props.logRetentionDays,
    kmsKeyId: props.kmsKeyArn,
    lifecycle: { preventDestroy: props.protectFromDestroy },
  });
  const flowLogRole = new IamRole(scope, 'FlowLogRole', {
    name: names.flowLogRole,
    ...roleSettings(naming),
    description: 'Delivers the VPC flow logs into their log group',
    assumeRolePolicy: jsonAttribute(scope,
      assumeRolePolicy('vpc-flow-logs.amazonaws.com', naming.accountId, arn(naming, 'ec2', 'vpc-flow-log/*')),
    ),
  });
  new IamRolePolicy(scope, 'FlowLogPolicy', {
    name: 'write-flow-logs',
    role: flowLogRole.id,
    policy: jsonAttribute(scope, flowLogsPolicy(arn(naming, 'logs', `log-group:${flowLogGroupName}`))),
  });
  new FlowLog(scope, 'FlowLog', {
    vpcId: vpc.id,
    trafficType: 'ALL',
    logDestinationType: 'cloud-watch-logs',
    logDestination: flowLogGroup.arn,
    iamRoleArn: flowLogRole.arn,
    maxAggregationInterval: 600,
  });
}
