/**
 * Security group rules in one shape, wherever they are declared: inline `ingress`/`egress` blocks of
 * `aws_security_group` and `aws_default_security_group`, `aws_security_group_rule`, and
 * `aws_vpc_security_group_ingress_rule` / `aws_vpc_security_group_egress_rule`.
 */
import { blocksOf, numberOf, resourcesOf, type Json, type StackJson } from './model';

export interface SecurityGroupRule {
  readonly address: string;
  /** Where in the resource, e.g. `ingress[0]`; empty for a rule resource. */
  readonly at: string;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  /** IPv4 and IPv6 blocks the rule opens to or from. */
  readonly cidrs: readonly string[];
  readonly description: Json | undefined;
}

export const SECURITY_GROUP_RULE_TYPES = [
  'aws_security_group',
  'aws_default_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
] as const;

function strings(value: Json | undefined): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function securityGroupRulesOf(stack: StackJson): SecurityGroupRule[] {
  const rules: SecurityGroupRule[] = [];
  for (const type of ['aws_security_group', 'aws_default_security_group']) {
    for (const group of resourcesOf(stack, type)) {
      for (const direction of ['ingress', 'egress'] as const) {
        const value = group.attributes[direction];
        const blocks = blocksOf(value);
        blocks.forEach((block, index) =>
          rules.push({
            address: group.address,
            at: `${direction}[${index}]`,
            direction,
            protocol: String(block.protocol ?? ''),
            fromPort: numberOf(block.from_port),
            toPort: numberOf(block.to_port),
            cidrs: [...strings(block.cidr_blocks), ...strings(block.ipv6_cidr_blocks)],
            description: block.description,
          }),
        );
      }
    }
  }
  for (const rule of resourcesOf(stack, 'aws_security_group_rule')) {
    const attributes = rule.attributes;
    rules.push({
      address: rule.address,
      at: '',
      direction: attributes.type === 'egress' ? 'egress' : 'ingress',
      protocol: String(attributes.protocol ?? ''),
      fromPort: numberOf(attributes.from_port),
      toPort: numberOf(attributes.to_port),
      cidrs: [...strings(attributes.cidr_blocks), ...strings(attributes.ipv6_cidr_blocks)],
      description: attributes.description,
    });
  }
  for (const [type, direction] of [
    ['aws_vpc_security_group_ingress_rule', 'ingress'],
    ['aws_vpc_security_group_egress_rule', 'egress'],
  ] as const) {
    for (const rule of resourcesOf(stack, type)) {
      const attributes = rule.attributes;
      rules.push({
        address: rule.address,
        at: '',
        direction,
        protocol: String(attributes.ip_protocol ?? ''),
        fromPort: numberOf(attributes.from_port),
        toPort: numberOf(attributes.to_port),
        cidrs: [...strings(attributes.cidr_ipv4), ...strings(attributes.cidr_ipv6)],
        description: attributes.description,
      });
    }
  }
  return rules;
}

/** Protocol `-1`/`all`, or a port range from 0 (or below) to 65535. */
export function coversAllPorts(rule: SecurityGroupRule): boolean {
  if (rule.protocol === '-1' || rule.protocol.toLowerCase() === 'all') return true;
  return (rule.fromPort ?? 0) <= 0 && (rule.toPort ?? 65535) >= 65535;
}

export function isAnywhere(cidr: string): boolean {
  return cidr === '0.0.0.0/0' || cidr === '::/0';
}

export function describeRule(rule: SecurityGroupRule): string {
  const ports = rule.protocol === '-1' || rule.protocol.toLowerCase() === 'all' ? 'all protocols' : `${rule.protocol} ${rule.fromPort ?? '?'}-${rule.toPort ?? '?'}`;
  return `${rule.at ? `${rule.at}: ` : ''}${rule.direction} ${ports}${rule.cidrs.length ? ` ${rule.direction === 'ingress' ? 'from' : 'to'} ${rule.cidrs.join(', ')}` : ''}`;
}
