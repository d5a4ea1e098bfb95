import { environment, resourcesOf, stackOf, synth } from '../../helpers';

describe('Network', () => {
  const out = synth(stackOf(environment({ vpcCidr: '10.20.0.0/16', availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'] })));

  it('GIVEN three zones THEN one subnet per zone is carved from the VPC block, without public IPs on launch', () => {
    expect(resourcesOf(out, 'aws_vpc')).toEqual([expect.objectContaining({ cidr_block: '10.20.0.0/16', enable_dns_support: true })]);
    expect(resourcesOf(out, 'aws_subnet').map((subnet) => [subnet.availability_zone, subnet.cidr_block, subnet.map_public_ip_on_launch])).toEqual([
      ['ap-northeast-1a', '10.20.0.0/20', false],
      ['ap-northeast-1c', '10.20.16.0/20', false],
      ['ap-northeast-1d', '10.20.32.0/20', false],
    ]);
    expect(resourcesOf(out, 'aws_route_table_association')).toHaveLength(3);
  });

  it('routes to the internet through an internet gateway', () => {
    const [table] = resourcesOf(out, 'aws_route_table');
    expect(table.route).toEqual([expect.objectContaining({ cidr_block: '0.0.0.0/0', gateway_id: expect.stringMatching(/^\$\{aws_internet_gateway\./) })]);
  });

  it('gives the tasks a security group with no ingress and HTTPS-only egress, every rule described', () => {
    const [group] = resourcesOf(out, 'aws_security_group');
    expect(group.ingress).toEqual([]);
    expect(group.egress).toEqual([expect.objectContaining({ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'], description: expect.any(String) })]);
    expect(group.description).toMatch(/no inbound traffic/);
  });

  it('empties the default security group and records all traffic in flow logs', () => {
    const [defaultGroup] = resourcesOf(out, 'aws_default_security_group');
    expect(defaultGroup.ingress).toBeUndefined();
    expect(defaultGroup.egress).toBeUndefined();
    expect(resourcesOf(out, 'aws_flow_log')).toEqual([expect.objectContaining({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' })]);
  });
});
