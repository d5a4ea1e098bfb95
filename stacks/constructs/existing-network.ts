import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { Naming } from '../builders/names';
import { taskSecurityGroup } from './network';
import type { TaskNetwork } from './task-network';

export interface ExistingNetworkProps {
  readonly naming: Naming;
  /** The VPC the subnets are in (already validated by shape). */
  readonly vpcId: string;
  /** At least two subnets, with a route out: NAT, a proxy or VPC endpoints. */
  readonly subnetIds: readonly string[];
  /** The tasks' security groups. @default - one created in `vpcId`: no inbound traffic, outbound HTTPS only */
  readonly securityGroupIds?: readonly string[];
  /** Give each task a public IP (public subnets only). @default false */
  readonly assignPublicIp?: boolean;
}

/**
 * A network the platform team owns: the stack creates no VPC, subnet, route, flow log and leaves the default
 * security group alone; at most it adds the tasks' own security group to the VPC.
 */
export class ExistingNetwork extends Construct implements TaskNetwork {
  readonly taskSubnetIds: string[];
  readonly taskSecurityGroupIds: string[];
  readonly assignPublicIp: boolean;
  /** The group created for the tasks, unless `securityGroupIds` was given. */
  readonly taskSecurityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: ExistingNetworkProps) {
    super(scope, id);
    this.taskSubnetIds = [...props.subnetIds];
    this.assignPublicIp = props.assignPublicIp ?? false;
    if (props.securityGroupIds) {
      this.taskSecurityGroupIds = [...props.securityGroupIds];
    } else {
      this.taskSecurityGroup = taskSecurityGroup(this, props.vpcId, props.naming);
      this.taskSecurityGroupIds = [this.taskSecurityGroup.id];
    }
  }
}
