import { vpcFlowLogs } from '../../../../tools/security/rules/vpc-flow-logs';
import { check, flowLog, oneFinding, stackWith, vpc } from '../helpers';

describe('CKV2_AWS_11 VPC flow logs', () => {
  it('passes a VPC with a flow log of all traffic', () => {
    expect(check(vpcFlowLogs, stackWith({ aws_vpc: { Vpc: vpc() }, aws_flow_log: { Flow: flowLog() } }))).toEqual([]);
  });

  it.each([
    ['no flow log', {}, /no aws_flow_log refers to this VPC/],
    ['a flow log of another VPC', { aws_flow_log: { Flow: flowLog({ vpc_id: '${aws_vpc.Other.id}' }) } }, /no aws_flow_log/],
    ['a flow log of rejected traffic only', { aws_flow_log: { Flow: flowLog({ traffic_type: 'REJECT' }) } }, /record "REJECT" traffic/],
  ])('flags a VPC with %s', (_, resources, message) => {
    expect(check(vpcFlowLogs, stackWith({ aws_vpc: { Vpc: vpc() }, ...resources }))).toEqual(oneFinding(vpcFlowLogs, 'aws_vpc.Vpc', message));
  });
});
