import { finder, referencesIn, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV2_AWS_11';

/** Every VPC has a flow log of all its traffic, attached to it by reference (`${aws_vpc.X.id}`). */
export const vpcFlowLogs: SecurityRule = {
  id: ID,
  title: 'VPCs have flow logs of all traffic',
  resourceTypes: ['aws_vpc'],
  check(stack) {
    const finding = finder(ID);
    const flowLogs = resourcesOf(stack, 'aws_flow_log');
    return resourcesOf(stack, 'aws_vpc').flatMap((vpc) => {
      const own = flowLogs.filter((log) => typeof log.attributes.vpc_id === 'string' && referencesIn(log.attributes.vpc_id).includes(vpc.address));
      if (own.length === 0) return [finding(vpc.address, 'no aws_flow_log refers to this VPC: its traffic is not recorded')];
      return own.some((log) => log.attributes.traffic_type === 'ALL')
        ? []
        : [finding(vpc.address, `its flow logs record ${own.map((log) => JSON.stringify(log.attributes.traffic_type ?? 'nothing')).join(', ')} traffic, expected "ALL"`)];
    });
  },
};
