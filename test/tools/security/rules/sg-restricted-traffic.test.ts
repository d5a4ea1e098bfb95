import { sgRestrictedTraffic } from '../../../../tools/security/rules/sg-restricted-traffic';
import { check, oneFinding, securityGroup, sgRule, stackWith } from '../helpers';

describe('CKV_AWS_277 / CKV_AWS_382 security group traffic', () => {
  it('passes a group with no ingress and HTTPS-only egress, and an empty default group', () => {
    const stack = stackWith({ aws_security_group: { Tasks: securityGroup() }, aws_default_security_group: { Default: { vpc_id: '${aws_vpc.Vpc.id}' } } });
    expect(check(sgRestrictedTraffic, stack)).toEqual([]);
  });

  it.each([
    ['inline ingress from anywhere', { aws_security_group: { Tasks: securityGroup({ ingress: [sgRule({ description: 'SSH', from_port: 22, to_port: 22 })] }) } }, 'aws_security_group.Tasks', /ingress\[0\]: ingress tcp 22-22 from 0.0.0.0\/0/],
    ['all-protocol egress', { aws_security_group: { Tasks: securityGroup({ egress: [sgRule({ protocol: '-1', from_port: 0, to_port: 0 })] }) } }, 'aws_security_group.Tasks', /egress all protocols .*every port/],
    ['tcp egress on every port', { aws_security_group: { Tasks: securityGroup({ egress: [sgRule({ from_port: 0, to_port: 65535, cidr_blocks: ['10.0.0.0/8'] })] }) } }, 'aws_security_group.Tasks', /every port/],
    ['a default group allowing everything out', { aws_default_security_group: { Default: { egress: [sgRule({ protocol: '-1', from_port: 0, to_port: 0 })] } } }, 'aws_default_security_group.Default', /every port/],
    ['an IPv6 ingress rule resource', { aws_security_group_rule: { Open: { type: 'ingress', description: 'web', protocol: 'tcp', from_port: 443, to_port: 443, ipv6_cidr_blocks: ['::/0'] } } }, 'aws_security_group_rule.Open', /from ::\/0/],
    ['a VPC egress rule resource with every protocol', { aws_vpc_security_group_egress_rule: { Out: { description: 'all', ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' } } }, 'aws_vpc_security_group_egress_rule.Out', /every port/],
  ])('flags %s', (_, resources, address, message) => {
    expect(check(sgRestrictedTraffic, stackWith(resources))).toEqual(oneFinding(sgRestrictedTraffic, address, message));
  });
});
