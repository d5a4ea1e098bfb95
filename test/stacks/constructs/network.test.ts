import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../../stacks/app/app';
import { environment, IMAGE_URI, PROJECT_ROOT, resourcesOf, stackOf, synth } from '../../helpers';

/** The default environment rendered as HCL, as `cdktf synth --hcl` does (cdktf reads SYNTH_HCL_OUTPUT). */
function synthHcl(): string {
  const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'hcl-'));
  const before = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'true';
  try {
    buildApp([environment()], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();
  } finally {
    if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = before;
  }
  return fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf'), 'utf8');
}

/** The body of the one HCL resource block of this type. */
function hclResource(hcl: string, type: string): string {
  const blocks = hcl.split(/^resource /m).filter((block) => block.startsWith(`"${type}" `));
  if (blocks.length !== 1) throw new Error(`expected one ${type} in the HCL, found ${blocks.length}`);
  return blocks[0];
}

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

  it('empties the default security group, and keeps it empty, and records all traffic in flow logs', () => {
    const [defaultGroup] = resourcesOf(out, 'aws_default_security_group');
    // Empty lists, not absent ones: for these "attributes as blocks" absent means "leave whatever exists".
    expect(defaultGroup.ingress).toEqual([]);
    expect(defaultGroup.egress).toEqual([]);
    expect(resourcesOf(out, 'aws_flow_log')).toEqual([expect.objectContaining({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' })]);
  });

  describe('GIVEN HCL output (npm run synth:hcl)', () => {
    const hcl = synthHcl();

    it('THEN the empty rule lists are written as empty lists, which remove rules added by hand, as the JSON does', () => {
      const tasks = hclResource(hcl, 'aws_security_group');
      expect(tasks).toMatch(/^\s*ingress = \[\s*\]$/m);
      expect(tasks).toMatch(/^\s*egress \{$/m);
      expect(tasks).toMatch(/^\s*from_port\s*= 443$/m);
      const defaultGroup = hclResource(hcl, 'aws_default_security_group');
      expect(defaultGroup).toMatch(/^\s*ingress = \[\s*\]$/m);
      expect(defaultGroup).toMatch(/^\s*egress = \[\s*\]$/m);
    });

    it('THEN a list that is not empty keeps its blocks and gets no empty list', () => {
      const routes = hclResource(hcl, 'aws_route_table');
      expect(routes).toMatch(/^\s*route \{$/m);
      expect(routes).not.toMatch(/route = \[/);
      expect(hclResource(hcl, 'aws_security_group')).not.toMatch(/egress = \[/);
    });
  });
});
