/**
 * The schema of an environment's network: one the stack creates (public or private mode) or one that exists.
 */
import { z } from 'zod';
import { SECURITY_GROUP_ID, SUBNET_ID, TASK_SECURITY_GROUPS_MAX, TASK_SUBNETS_MAX, VPC_ID } from '../aws/vpc';

/** The network of an environment, every default filled in. */
export type Network =
  /** A new VPC with public subnets; tasks get a public IP, so no NAT gateway is needed. */
  | { readonly mode: 'public' }
  /** A new VPC: tasks in private subnets, out through NAT; public subnets hold the NAT gateway(s) only. */
  | { readonly mode: 'private'; readonly natGateways: 1 | 'per-zone'; readonly endpoints: boolean }
  /** A VPC and subnets that exist already: the stack creates no network, at most the task security group. */
  | {
      readonly mode: 'existing';
      readonly vpcId: string;
      readonly subnetIds: readonly string[];
      readonly securityGroupIds?: readonly string[];
      readonly assignPublicIp: boolean;
    };


export const DEFAULT_VPC_CIDR = '10.0.0.0/16';

const idSchema = (pattern: RegExp, example: string) =>
  z.string().regex(pattern, `must be an ID such as ${example} (rule vpc.resource-id-shape: 8 or 17 hex digits)`);

/**
 * Where the tasks run. Three kinds: `{ mode: "public" }` (a new VPC, public subnets, tasks with a public IP);
 * `{ mode: "private" }` (a new VPC, tasks in private subnets behind NAT); or an existing network
 * `{ vpcId, subnetIds }`, in which the stack creates no VPC, subnet, route or flow log.
 */
export const networkSchema = z.strictObject({
  /** `"public"` or `"private"` for a network the stack creates; leave out for an existing network. */
  mode: z.enum(['public', 'private']).optional(),
  /** Private mode: one NAT gateway (cheapest) or one per zone (a zone failure leaves the others out). @default 1 */
  natGateways: z.union([z.literal(1), z.literal('per-zone')], { error: 'must be 1 or "per-zone"' }).optional(),
  /** Private mode: interface endpoints for ECR, CloudWatch Logs, Secrets Manager (and SSM when used). @default false */
  endpoints: z.boolean().optional(),
  /** Existing network: the VPC the tasks run in. */
  vpcId: idSchema(VPC_ID, 'vpc-0123456789abcdef0').optional(),
  /** Existing network: at least two subnets, in different zones, with a route out (NAT, proxy or endpoints). */
  subnetIds: z.array(idSchema(SUBNET_ID, 'subnet-0123456789abcdef0')).optional(),
  /** Existing network: the tasks' security groups. @default - a group created in `vpcId`, outbound HTTPS only */
  securityGroupIds: z.array(idSchema(SECURITY_GROUP_ID, 'sg-0123456789abcdef0')).optional(),
  /** Existing network: give each task a public IP (only for public subnets). @default false */
  assignPublicIp: z.boolean().optional(),
});

type NetworkInput = z.output<typeof networkSchema>;

export function resolveNetwork(input: NetworkInput | undefined): Network {
  if (input?.vpcId !== undefined) {
    return { mode: 'existing', vpcId: input.vpcId, subnetIds: input.subnetIds ?? [], securityGroupIds: input.securityGroupIds, assignPublicIp: input.assignPublicIp ?? false };
  }
  if (input?.mode === 'private') return { mode: 'private', natGateways: input.natGateways ?? 1, endpoints: input.endpoints ?? false };
  return { mode: 'public' };
}

interface NetworkFields {
  readonly availabilityZones?: unknown;
  readonly vpcCidr?: unknown;
  readonly network?: NetworkInput;
}

/** Which network fields go together: each misplaced field once, with what it belongs to. */
export function checkNetworkFields(env: NetworkFields, ctx: z.RefinementCtx<NetworkFields>): void {
  const network = env.network;
  const add = (path: PropertyKey[], input: unknown, message: string) => ctx.addIssue({ code: 'custom', path, input, message });
  const existing = network !== undefined && (network.vpcId !== undefined || network.subnetIds !== undefined || network.securityGroupIds !== undefined || network.assignPublicIp !== undefined);
  if (!existing) {
    if (env.availabilityZones === undefined) add(['availabilityZones'], undefined, 'at least two availability zones are required for a network the stack creates');
    // Each subnet is a sixteenth of the VPC block: private mode has a private and a public subnet per zone.
    const zones = Array.isArray(env.availabilityZones) ? env.availabilityZones.length : 0;
    const most = network?.mode === 'private' ? 8 : 16;
    if (zones > most) add(['availabilityZones'], env.availabilityZones, `at most ${most} zones in ${network?.mode ?? 'public'} mode (each subnet is a sixteenth of vpcCidr)`);
    if (network?.mode !== 'private') {
      for (const field of ['natGateways', 'endpoints'] as const) {
        if (network?.[field] !== undefined) add(['network', field], network[field], `only applies to { mode: "private" }, not to mode "${network.mode ?? 'public'}"`);
      }
    }
    return;
  }
  if (network.mode !== undefined) add(['network', 'mode'], network.mode, 'leave mode out for an existing network ({ vpcId, subnetIds }): the stack creates no network');
  for (const field of ['natGateways', 'endpoints'] as const) {
    if (network[field] !== undefined) add(['network', field], network[field], 'only applies to { mode: "private" }, not to an existing network');
  }
  if (network.vpcId === undefined) add(['network', 'vpcId'], undefined, 'an existing network needs the vpcId its subnets are in');
  const subnets = network.subnetIds ?? [];
  if (subnets.length < 2) add(['network', 'subnetIds'], network.subnetIds, 'give at least two subnets, in different availability zones');
  if (subnets.length > TASK_SUBNETS_MAX) add(['network', 'subnetIds'], network.subnetIds, `at most ${TASK_SUBNETS_MAX} subnets (rule ecs.awsvpc-subnets-and-groups)`);
  duplicates(subnets).forEach((index) => add(['network', 'subnetIds', index], subnets[index], 'subnets must be distinct'));
  const groups = network.securityGroupIds;
  if (groups !== undefined && (groups.length < 1 || groups.length > TASK_SECURITY_GROUPS_MAX)) {
    add(['network', 'securityGroupIds'], groups, `give 1 to ${TASK_SECURITY_GROUPS_MAX} security groups (rule ecs.awsvpc-subnets-and-groups), or leave out for a group created by the stack`);
  }
  if (env.availabilityZones !== undefined) add(['availabilityZones'], env.availabilityZones, 'only for a network the stack creates: the zones of an existing network are those of its subnets');
  if (env.vpcCidr !== undefined) add(['vpcCidr'], env.vpcCidr, 'only for a network the stack creates: leave it out with an existing network');
}

/** Indexes of the entries that repeat an earlier one. */
export function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  return values.flatMap((value, index) => (seen.has(value) ? [index] : (seen.add(value), [])));
}
