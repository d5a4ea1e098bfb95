import { sgDescriptions } from '../../../../tools/security/rules/sg-descriptions';
import { check, oneFinding, securityGroup, sgRule, stackWith } from '../helpers';

describe('CKV_AWS_23 security group descriptions', () => {
  it('passes a described group whose rules are described', () => {
    expect(check(sgDescriptions, stackWith({ aws_security_group: { Tasks: securityGroup() } }))).toEqual([]);
  });

  it.each([
    ['a group without description', { aws_security_group: { Tasks: securityGroup({ description: null }) } }, 'aws_security_group.Tasks', /group has no description/],
    ['an inline rule without description', { aws_security_group: { Tasks: securityGroup({ egress: [sgRule({ description: '' })] }) } }, 'aws_security_group.Tasks', /egress\[0\].*rule has no description/],
    ['a rule resource without description', { aws_vpc_security_group_egress_rule: { Out: { ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' } } }, 'aws_vpc_security_group_egress_rule.Out', /rule has no description/],
  ])('flags %s', (_, resources, address, message) => {
    expect(check(sgDescriptions, stackWith(resources))).toEqual(oneFinding(sgDescriptions, address, message));
  });
});
