import { Construct } from 'constructs';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import type { Naming } from '../builders/names';
import { parseCidr, subnetCidr } from '../builders/network-math';
import { taskSecurityGroup, vpcFlowLogs, vpcWithInternetGateway } from './network';
import type { TaskNetwork } from './task-network';
import { VpcEndpoints } from './vpc-endpoints';

export interface PrivateNetworkProps {
  readonly naming: Naming;
  /** IPv4 block of the VPC, already validated (/16 to /24). */
  readonly vpcCidr: string;
  /** One private and one public subnet per zone, in this order. */
  readonly availabilityZones: readonly string[];
  /** One NAT gateway in the first zone (cheapest), or one per zone (a zone failure leaves the others out). @default 1 */
  readonly natGateways?: 1 | 'per-zone';
  /**
   * Interface endpoint services (e.g. `ecr.api`), reachable on 443 from the task security group only.
   * @default - none: AWS APIs are reached through NAT
   */
  readonly interfaceEndpoints?: readonly string[];
  readonly logRetentionDays: number;
  readonly kmsKeyArn: string;
  readonly protectFromDestroy: boolean;
}

/** Each subnet is a /(n+4) of the VPC block: private subnets take the first eight, public ones the next eight. */
const SUBNET_NEW_BITS = 4;
const PUBLIC_SUBNET_OFFSET = 8;

/**
 * A VPC whose tasks have no public IP: they run in private subnets that route to NAT gateway(s) in public
 * subnets holding nothing else, and reach S3 (where ECR keeps image layers) through a gateway endpoint that
 * costs nothing, so image pulls do not cross the NAT. Egress to Slack goes through the NAT. As in the public
 * network, the default security group is emptied and all traffic is recorded by flow logs.
 */
export class PrivateNetwork extends Construct implements TaskNetwork {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];
  readonly publicSubnets: Subnet[];
  readonly natGateways: NatGateway[];
  readonly privateRouteTables: RouteTable[];
  readonly taskSecurityGroup: SecurityGroup;
  readonly endpoints: VpcEndpoints;
  readonly assignPublicIp = false;

  constructor(scope: Construct, id: string, props: PrivateNetworkProps) {
    super(scope, id);
    const { naming } = props;
    const natGateways = props.natGateways ?? 1;
    const interfaceEndpoints = props.interfaceEndpoints ?? [];
    const block = parseCidr(props.vpcCidr);
    if (typeof block === 'string') throw new Error(`vpcCidr ${props.vpcCidr} ${block}`);

    const { vpc, gateway, publicRoutes } = vpcWithInternetGateway(this, props.vpcCidr, naming);
    this.vpc = vpc;
    this.publicSubnets = props.availabilityZones.map((zone, index) => {
      const subnet = new Subnet(this, `PublicSubnet${index}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: subnetCidr(block, SUBNET_NEW_BITS, PUBLIC_SUBNET_OFFSET + index),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${naming.prefix}-public-${zone}` },
      });
      new RouteTableAssociation(this, `PublicSubnetRoutes${index}`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      return subnet;
    });

    const natZones = natGateways === 'per-zone' ? props.availabilityZones.length : 1;
    this.natGateways = this.publicSubnets.slice(0, natZones).map((subnet, index) => {
      const address = new Eip(this, `NatAddress${index}`, { domain: 'vpc', tags: { Name: `${naming.prefix}-nat-${props.availabilityZones[index]}` } });
      return new NatGateway(this, `NatGateway${index}`, {
        allocationId: address.allocationId,
        subnetId: subnet.id,
        connectivityType: 'public',
        tags: { Name: `${naming.prefix}-${props.availabilityZones[index]}` },
        dependsOn: [gateway],
      });
    });
    // One route table per NAT gateway: with one per zone, each zone's tasks leave through their own zone.
    this.privateRouteTables = this.natGateways.map((nat, index) =>
      new RouteTable(this, `PrivateRoutes${index}`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
        tags: { Name: `${naming.prefix}-private-${props.availabilityZones[index]}` },
      }),
    );
    this.privateSubnets = props.availabilityZones.map((zone, index) => {
      const subnet = new Subnet(this, `PrivateSubnet${index}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: subnetCidr(block, SUBNET_NEW_BITS, index),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${naming.prefix}-private-${zone}` },
      });
      const routes = this.privateRouteTables[natGateways === 'per-zone' ? index : 0];
      new RouteTableAssociation(this, `PrivateSubnetRoutes${index}`, { subnetId: subnet.id, routeTableId: routes.id });
      return subnet;
    });

    this.taskSecurityGroup = taskSecurityGroup(this, this.vpc.id, naming);
    this.endpoints = new VpcEndpoints(this, 'Endpoints', {
      naming,
      vpcId: this.vpc.id,
      gatewayRouteTableIds: this.privateRouteTables.map((table) => table.id),
      interfaceServices: interfaceEndpoints,
      subnetIds: this.privateSubnets.map((subnet) => subnet.id),
      clientSecurityGroupId: this.taskSecurityGroup.id,
    });
    vpcFlowLogs(this, this.vpc, props);
  }

  get taskSubnetIds(): string[] {
    return this.privateSubnets.map((subnet) => subnet.id);
  }

  get taskSecurityGroupIds(): string[] {
    return [this.taskSecurityGroup.id];
  }
}
