import { checkStack } from '../../../tools/security/runner';
import { toStackJson } from '../../../tools/security/model';
import { definitionOf, onExistingNetwork, resourcesOf, stackOf, synth } from '../../helpers';

const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-89abcdef'];

const existing = onExistingNetwork;

/** Resource types a network of the stack's own would have and an existing one must not. */
const NETWORK_TYPES = ['aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_route_table_association', 'aws_route', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_flow_log', 'aws_default_security_group', 'aws_vpc_endpoint'];

describe('ExistingNetwork', () => {
  describe('GIVEN { vpcId, subnetIds }', () => {
    const out = synth(stackOf(existing({ vpcId: VPC, subnetIds: SUBNETS })));

    it('THEN the stack creates no VPC, subnet, route, gateway, flow log or default-group change', () => {
      expect(NETWORK_TYPES.filter((type) => resourcesOf(out, type).length > 0)).toEqual([]);
      expect(resourcesOf(out, 'aws_cloudwatch_log_group').map((group) => group.name)).not.toContain('/wf-dev/vpc-flow-logs');
      expect(resourcesOf(out, 'aws_iam_role').map((role) => role.name)).not.toContain('wf-dev-vpc-flow-logs');
    });

    it('THEN a task security group is created in the given VPC, outbound HTTPS only', () => {
      expect(resourcesOf(out, 'aws_security_group')).toEqual([expect.objectContaining({ name: 'wf-dev-tasks', vpc_id: VPC, ingress: [] })]);
    });

    it('THEN every RunTask uses the given subnets, the created group and no public IP', () => {
      for (const machine of resourcesOf(out, 'aws_sfn_state_machine')) {
        const runTasks = Object.values(definitionOf(machine).States).filter((state) => String(state.Resource).includes(':ecs:runTask'));
        expect(runTasks.length).toBeGreaterThan(0);
        for (const state of runTasks) {
          expect(state.Parameters).toEqual(expect.objectContaining({
            NetworkConfiguration: { AwsvpcConfiguration: { Subnets: SUBNETS, SecurityGroups: [expect.stringMatching(/^\$\{aws_security_group\.Network_TaskSecurityGroup_\w+\.id\}$/)], AssignPublicIp: 'DISABLED' } },
          }));
        }
      }
    });

    it('THEN every security rule passes: flow-log and default-group rules have no VPC of the stack to check', () => {
      expect(checkStack(toStackJson(JSON.parse(out.json), 'existing'))).toEqual([]);
    });
  });

  describe('GIVEN securityGroupIds and assignPublicIp: true', () => {
    const groups = ['sg-0123456789abcdef0', 'sg-01234567'];
    const out = synth(stackOf(existing({ vpcId: VPC, subnetIds: SUBNETS, securityGroupIds: groups, assignPublicIp: true })));

    it('THEN no security group is created and the tasks get the given groups and a public IP', () => {
      expect(resourcesOf(out, 'aws_security_group')).toEqual([]);
      const [machine] = resourcesOf(out, 'aws_sfn_state_machine');
      const runTask = Object.values(definitionOf(machine).States).find((state) => String(state.Resource).includes(':ecs:runTask'));
      expect(runTask?.Parameters).toEqual(expect.objectContaining({ NetworkConfiguration: { AwsvpcConfiguration: { Subnets: SUBNETS, SecurityGroups: groups, AssignPublicIp: 'ENABLED' } } }));
    });

    it('THEN the no-public-IP rule flags it (an existing network is not the public mode)', () => {
      const findings = checkStack(toStackJson(JSON.parse(out.json), 'existing'));
      expect(findings.length).toBeGreaterThan(0);
      expect(new Set(findings.map((finding) => finding.ruleId))).toEqual(new Set(['CKV_AWS_333']));
    });
  });
});
