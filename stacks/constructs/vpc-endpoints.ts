import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { networkNames, type Naming } from '../builders/names';
import { keepEmptyListsInHcl } from './json-attribute';

export interface VpcEndpointsProps {
  readonly naming: Naming;
  readonly vpcId: string;
  /** Route tables of the tasks' subnets: the S3 gateway endpoint is added to each. */
  readonly gatewayRouteTableIds: readonly string[];
  /** Interface endpoint services, e.g. `ecr.api`. @default - none */
  readonly interfaceServices?: readonly string[];
  /** Subnets the interface endpoints get a network interface in (one per zone). */
  readonly subnetIds: readonly string[];
  /** The only security group allowed to reach the interface endpoints. */
  readonly clientSecurityGroupId: string;
}

/**
 * The S3 gateway endpoint (no charge; ECR serves image layers from S3, so pulls do not cross the NAT), and
 * optional interface endpoints with private DNS, open on 443 to the tasks' security group only (rules
 * `ecs.fargate-public-ip`, `vpc.interface-endpoint-services`).
 */
export class VpcEndpoints extends Construct {
  readonly s3: VpcEndpoint;
  readonly interfaces: VpcEndpoint[];
  readonly securityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const { naming } = props;
    const services = props.interfaceServices ?? [];
    const serviceName = (service: string) => `com.amazonaws.${naming.region}.${service}`;
    this.s3 = new VpcEndpoint(this, 'S3', {
      vpcId: props.vpcId,
      serviceName: serviceName('s3'),
      vpcEndpointType: 'Gateway',
      routeTableIds: [...props.gatewayRouteTableIds],
      tags: { Name: `${naming.prefix}-s3` },
    });
    if (services.length === 0) {
      this.interfaces = [];
      return;
    }
    const group = (this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: networkNames(naming).endpointSecurityGroup,
      description: 'Interface VPC endpoints: HTTPS from the workflow tasks only',
      vpcId: props.vpcId,
      ingress: [
        { description: 'HTTPS from the workflow tasks', protocol: 'tcp', fromPort: 443, toPort: 443, securityGroups: [props.clientSecurityGroupId] },
      ],
      egress: [],
      revokeRulesOnDelete: true,
      tags: { Name: `${naming.prefix}-endpoints` },
    }));
    keepEmptyListsInHcl(group, { egress: [] });
    this.interfaces = services.map(
      (service) =>
        new VpcEndpoint(this, `Interface-${service.replace(/\./g, '-')}`, {
          vpcId: props.vpcId,
          serviceName: serviceName(service),
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: [...props.subnetIds],
          securityGroupIds: [group.id],
          tags: { Name: `${naming.prefix}-${service}` },
        }),
    );
  }
}
