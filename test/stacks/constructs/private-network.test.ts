import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../../stacks/app/app';
import { checkStack } from '../../../tools/security/runner';
import { toStackJson } from '../../../tools/security/model';
import { definitionOf, environment, IMAGE_URI, PROJECT_ROOT, resourcesOf, stackOf, synth, task, workflow, type Synthesized } from '../../helpers';

/** Every AssignPublicIp of every RunTask state of every state machine (parallel branches included). */
function assignPublicIps(out: Synthesized): unknown[] {
  const walk = (states: Record<string, Record<string, unknown>>): unknown[] =>
    Object.values(states).flatMap((state) => [
      ...(typeof state.Resource === 'string' && state.Resource.includes(':ecs:runTask')
        ? [((state.Parameters as { NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: unknown } } }).NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp)]
        : []),
      ...((state.Branches as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []).flatMap((branch) => walk(branch.States)),
    ]);
  return resourcesOf(out, 'aws_sfn_state_machine').flatMap((machine) => walk(definitionOf(machine).States as unknown as Record<string, Record<string, unknown>>));
}

const ZONES = ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'];
const parallelWorkflow = workflow('reports', { steps: [task('extract'), { name: 'render', parallel: [task('pdf'), task('csv')] }] });

describe('PrivateNetwork', () => {
  describe('GIVEN { mode: "private" } with the defaults', () => {
    const out = synth(stackOf(environment({ vpcCidr: '10.20.0.0/16', availabilityZones: ZONES, network: { mode: 'private' }, workflows: [parallelWorkflow] })));

    it('THEN tasks run in private subnets and public subnets hold the one NAT gateway only', () => {
      const subnets = resourcesOf(out, 'aws_subnet').map((subnet) => [String((subnet.tags as Record<string, string>).Name), subnet.cidr_block, subnet.map_public_ip_on_launch]);
      expect(subnets.sort()).toEqual([
        ['wf-dev-private-ap-northeast-1a', '10.20.0.0/20', false], ['wf-dev-private-ap-northeast-1c', '10.20.16.0/20', false], ['wf-dev-private-ap-northeast-1d', '10.20.32.0/20', false],
        ['wf-dev-public-ap-northeast-1a', '10.20.128.0/20', false], ['wf-dev-public-ap-northeast-1c', '10.20.144.0/20', false], ['wf-dev-public-ap-northeast-1d', '10.20.160.0/20', false],
      ]);
      expect(resourcesOf(out, 'aws_nat_gateway')).toEqual([expect.objectContaining({ connectivity_type: 'public', subnet_id: expect.stringMatching(/^\$\{aws_subnet\.Network_PublicSubnet0_/) })]);
      expect(resourcesOf(out, 'aws_eip')).toEqual([expect.objectContaining({ domain: 'vpc' })]);
    });

    it('THEN the public subnets route to the internet gateway and every private subnet to the NAT gateway', () => {
      const tables = resourcesOf(out, 'aws_route_table');
      expect(tables.map((table) => table.route)).toEqual(expect.arrayContaining([
        [expect.objectContaining({ cidr_block: '0.0.0.0/0', gateway_id: expect.stringMatching(/^\$\{aws_internet_gateway\./), nat_gateway_id: null })],
        [expect.objectContaining({ cidr_block: '0.0.0.0/0', nat_gateway_id: expect.stringMatching(/^\$\{aws_nat_gateway\./), gateway_id: null })],
      ]));
      expect(tables).toHaveLength(2);
      const associations = resourcesOf(out, 'aws_route_table_association').map((association) => [association.subnet_id, association.route_table_id]);
      expect(associations.filter(([subnet]) => String(subnet).includes('PrivateSubnet'))).toEqual(
        [0, 1, 2].map((index) => [expect.stringContaining(`PrivateSubnet${index}_`), expect.stringContaining('PrivateRoutes0_')]),
      );
    });

    it('THEN S3 is reached through a gateway endpoint on the private route table, and no interface endpoint is made', () => {
      expect(resourcesOf(out, 'aws_vpc_endpoint')).toEqual([
        expect.objectContaining({ service_name: 'com.amazonaws.ap-northeast-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: [expect.stringContaining('PrivateRoutes0_')] }),
      ]);
    });

    it('THEN every RunTask, parallel branches included, has AssignPublicIp DISABLED in the private subnets', () => {
      const ips = assignPublicIps(out);
      expect(ips.length).toBeGreaterThanOrEqual(3);
      expect(new Set(ips)).toEqual(new Set(['DISABLED']));
      const [machine] = resourcesOf(out, 'aws_sfn_state_machine');
      expect(String(machine.definition)).toContain('PrivateSubnet0_');
      expect(String(machine.definition)).not.toContain('PublicSubnet');
    });

    it('THEN the execution alerts start the notifier without a public IP in the private subnets too', () => {
      const targets = resourcesOf(out, 'aws_cloudwatch_event_target').filter((target) => target.target_id === 'notifier');
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        expect(target.ecs_target).toEqual(expect.objectContaining({
          network_configuration: expect.objectContaining({ assign_public_ip: false, subnets: [expect.stringContaining('PrivateSubnet0_'), expect.stringContaining('PrivateSubnet1_'), expect.stringContaining('PrivateSubnet2_')] }),
        }));
      }
    });

    it('THEN every security rule passes, the no-public-IP rule included', () => {
      expect(checkStack(toStackJson(JSON.parse(out.json), 'private'))).toEqual([]);
    });
  });

  describe('GIVEN natGateways "per-zone"', () => {
    const out = synth(stackOf(environment({ availabilityZones: ZONES, network: { mode: 'private', natGateways: 'per-zone' } })));

    it('THEN each zone has its NAT gateway and its private subnet routes through it', () => {
      expect(resourcesOf(out, 'aws_nat_gateway').map((nat) => nat.subnet_id)).toEqual([0, 1, 2].map((index) => expect.stringContaining(`PublicSubnet${index}_`)));
      const privateTables = resourcesOf(out, 'aws_route_table').filter((table) => JSON.stringify(table.route).includes('${aws_nat_gateway'));
      expect(privateTables.map((table) => JSON.stringify(table.route))).toEqual([0, 1, 2].map((index) => expect.stringContaining(`NatGateway${index}_`)));
      const associations = resourcesOf(out, 'aws_route_table_association').filter((association) => String(association.subnet_id).includes('PrivateSubnet'));
      expect(associations.map((association) => association.route_table_id)).toEqual([0, 1, 2].map((index) => expect.stringContaining(`PrivateRoutes${index}_`)));
      const [s3] = resourcesOf(out, 'aws_vpc_endpoint');
      expect(s3.route_table_ids).toHaveLength(3);
    });
  });

  describe('GIVEN endpoints: true', () => {
    const ssmTask = task('report', { secrets: { TOKEN: '/reports/token' } });
    const out = synth(stackOf(environment({ network: { mode: 'private', endpoints: true }, workflows: [workflow('daily', { steps: [ssmTask] })] })));
    const interfaces = () => resourcesOf(out, 'aws_vpc_endpoint').filter((endpoint) => endpoint.vpc_endpoint_type === 'Interface');

    it('THEN ECR, CloudWatch Logs, Secrets Manager and (a task reads a parameter) SSM get interface endpoints with private DNS in the private subnets', () => {
      expect(interfaces().map((endpoint) => endpoint.service_name).sort()).toEqual(
        ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm'].map((service) => `com.amazonaws.ap-northeast-1.${service}`),
      );
      for (const endpoint of interfaces()) {
        expect(endpoint).toEqual(expect.objectContaining({ private_dns_enabled: true, subnet_ids: [expect.stringContaining('PrivateSubnet0_'), expect.stringContaining('PrivateSubnet1_')] }));
      }
    });

    it('THEN the endpoints accept HTTPS from the task security group only, and send nothing', () => {
      const group = resourcesOf(out, 'aws_security_group').find((candidate) => candidate.name === 'wf-dev-endpoints');
      expect(group).toEqual(expect.objectContaining({
        egress: [],
        ingress: [expect.objectContaining({ protocol: 'tcp', from_port: 443, to_port: 443, security_groups: [expect.stringMatching(/^\$\{aws_security_group\.Network_TaskSecurityGroup_\w+\.id\}$/)], description: expect.any(String) })],
      }));
      expect(JSON.stringify(group?.ingress)).not.toContain('cidr_blocks":["');
      for (const endpoint of interfaces()) expect(endpoint.security_group_ids).toEqual([expect.stringMatching(/Network_Endpoints_SecurityGroup_/)]);
    });

    it('WHEN rendered as HCL (npm run synth:hcl) THEN the endpoint group keeps its empty egress, so a rule added by hand is planned away', () => {
      const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'hcl-'));
      const before = process.env.SYNTH_HCL_OUTPUT;
      process.env.SYNTH_HCL_OUTPUT = 'true';
      try {
        buildApp([environment({ network: { mode: 'private', endpoints: true } })], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();
      } finally {
        if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
        else process.env.SYNTH_HCL_OUTPUT = before;
      }
      const hcl = fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf'), 'utf8');
      const block = hcl.split(/^resource /m).find((candidate) => candidate.startsWith('"aws_security_group" ') && candidate.includes('wf-dev-endpoints'));
      expect(block).toMatch(/^\s*egress = \[\s*\]$/m);
    });

    it('THEN a workflow without parameters gets no SSM endpoint', () => {
      const plain = synth(stackOf(environment({ network: { mode: 'private', endpoints: true } })));
      expect(resourcesOf(plain, 'aws_vpc_endpoint').map((endpoint) => String(endpoint.service_name).split('.').slice(3).join('.')).sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3', 'secretsmanager']);
    });
  });
});
