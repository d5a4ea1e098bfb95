import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../../stacks/app/app';
import { ConfigError } from '../../../stacks/config/errors';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import type { EnvironmentInput } from '../../../stacks/config/types';
import { configProblems, environment, onExistingNetwork, PROJECT_ROOT } from '../../helpers';

const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-89abcdef'];

const onExisting = onExistingNetwork;

describe('resolveEnvironments: network', () => {
  it('GIVEN no network THEN the public mode is the default', () => {
    const [env] = resolveEnvironments([environment()]);
    expect(env.network).toEqual({ mode: 'public' });
    expect(env.vpcCidr).toBe('10.0.0.0/16');
  });

  it('GIVEN { mode: "private" } THEN one NAT gateway and no interface endpoints by default', () => {
    const [env] = resolveEnvironments([environment({ network: { mode: 'private' } })]);
    expect(env.network).toEqual({ mode: 'private', natGateways: 1, endpoints: false });
  });

  it('GIVEN an existing network with 8- and 17-digit IDs and no zones THEN it is accepted, without a public IP by default', () => {
    const [env] = resolveEnvironments([onExisting({ vpcId: VPC, subnetIds: SUBNETS })]);
    expect(env.network).toEqual({ mode: 'existing', vpcId: VPC, subnetIds: SUBNETS, securityGroupIds: undefined, assignPublicIp: false });
    expect(env.availabilityZones).toEqual([]);
  });

  it('GIVEN a bad subnet ID, one subnet, zones with an existing network and natGateways with public mode THEN one error lists every problem and nothing is written', () => {
    const outdir = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'app-')), 'cdktf.out');
    const environments = [
      { ...onExisting({ vpcId: VPC, subnetIds: ['subnet-12345'] }), availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'] },
      environment({ name: 'prod', network: { mode: 'public', natGateways: 1 } }),
    ];
    let thrown: unknown;
    try {
      buildApp(environments, { outdir, variables: {} }).synth();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message.split('\n').slice(1)).toEqual([
      expect.stringMatching(/environments\[0=dev\]\.network\.subnetIds\[0\]: must be an ID such as subnet-0123456789abcdef0 .*8 or 17 hex digits.*"subnet-12345"/),
      expect.stringMatching(/environments\[0=dev\]\.network\.subnetIds: give at least two subnets, in different availability zones \(got \["subnet-12345"\]\)/),
      expect.stringMatching(/environments\[0=dev\]\.availabilityZones: only for a network the stack creates/),
      expect.stringMatching(/environments\[1=prod\]\.network\.natGateways: only applies to \{ mode: "private" \}, not to mode "public" \(got 1\)/),
    ]);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it.each([
    ['a VPC ID of the wrong shape', onExisting({ vpcId: 'vpc-123', subnetIds: SUBNETS }), /network\.vpcId: must be an ID such as vpc-0123456789abcdef0/],
    ['upper-case hex in a security group ID', onExisting({ vpcId: VPC, subnetIds: SUBNETS, securityGroupIds: ['sg-0123456789ABCDEF0'] }), /network\.securityGroupIds\[0\]: must be an ID such as sg-/],
    ['an empty list of security groups', onExisting({ vpcId: VPC, subnetIds: SUBNETS, securityGroupIds: [] }), /network\.securityGroupIds: give 1 to 5 security groups/],
    ['a repeated subnet', onExisting({ vpcId: VPC, subnetIds: [SUBNETS[0], SUBNETS[0]] }), /network\.subnetIds\[1\]: subnets must be distinct/],
    ['a CIDR with an existing network', onExisting({ vpcId: VPC, subnetIds: SUBNETS }, { vpcCidr: '10.1.0.0/16' }), /vpcCidr: only for a network the stack creates/],
    ['subnets without a VPC', onExisting({ subnetIds: SUBNETS }), /network\.vpcId: an existing network needs the vpcId/],
    ['a mode with an existing network', onExisting({ mode: 'private', vpcId: VPC, subnetIds: SUBNETS }), /network\.mode: leave mode out for an existing network/],
    ['endpoints in public mode', environment({ network: { mode: 'public', endpoints: true } }), /network\.endpoints: only applies to \{ mode: "private" \}/],
    ['an unknown NAT count', environment({ network: JSON.parse('{"mode":"private","natGateways":2}') as EnvironmentInput['network'] }), /network\.natGateways: must be 1 or "per-zone"/],
    ['nine zones in private mode (two subnets each, sixteen in all)', environment({ network: { mode: 'private' }, availabilityZones: [...'abcdefghi'].map((zone) => `ap-northeast-1${zone}`) }), /availabilityZones: at most 8 zones in private mode/],
    ['no zones for a created network', onExisting({ mode: 'private' }), /availabilityZones: at least two availability zones are required for a network the stack creates/],
  ])('GIVEN %s THEN it is reported', (_, env, message) => {
    expect(configProblems([env])).toEqual([expect.stringMatching(message)]);
  });
});
