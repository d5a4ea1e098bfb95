import { code, type Flag, type ReviewRule } from '../flag';
import { attribute, isRecord, type ResourceChange, type Side } from '../model';

const GROUP_TYPES = new Set(['aws_security_group', 'aws_default_security_group']);
const RULE_TYPES = new Set(['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']);
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** One rule as a line: `ingress tcp 443 from 0.0.0.0/0 ("why")`. */
function describeRule(direction: string, rule: Record<string, unknown>): string {
  const protocol = String(rule.protocol ?? rule.ip_protocol ?? '?');
  const from = rule.from_port ?? '';
  const to = rule.to_port ?? '';
  const ports = protocol === '-1' ? 'all traffic' : from === to ? `${protocol} ${String(from)}` : `${protocol} ${String(from)}-${String(to)}`;
  const peers = [
    ...list(rule.cidr_blocks),
    ...list(rule.ipv6_cidr_blocks),
    ...list(rule.prefix_list_ids),
    ...list(rule.security_groups),
    ...list(rule.cidr_ipv4),
    ...list(rule.cidr_ipv6),
    ...list(rule.referenced_security_group_id),
    ...list(rule.prefix_list_id),
    ...list(rule.source_security_group_id),
    ...(rule.self === true ? ['self'] : []),
  ];
  const description = typeof rule.description === 'string' && rule.description ? ` "${rule.description}"` : '';
  return `${direction} ${ports} ${direction === 'ingress' ? 'from' : 'to'} ${peers.join(', ') || 'nowhere'}${description}`;
}

function list(value: unknown): string[] {
  if (typeof value === 'string' && value) return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function rulesOf(change: ResourceChange, side: Side): string[] | 'unknown' {
  if (RULE_TYPES.has(change.type)) {
    const shown = attribute(change, side, []);
    if (shown.kind !== 'value' || !isRecord(shown.value)) return [];
    const direction = change.type.endsWith('ingress_rule') ? 'ingress' : change.type.endsWith('egress_rule') ? 'egress' : String(shown.value.type ?? '?');
    return [describeRule(direction, shown.value)];
  }
  return ['ingress', 'egress'].flatMap((direction): string[] => {
    const shown = attribute(change, side, [direction]);
    if (shown.kind === 'unknown') return ['unknown'];
    if (shown.kind !== 'value' || !Array.isArray(shown.value)) return [];
    return shown.value.filter(isRecord).map((rule) => describeRule(direction, rule));
  });
}

function opensToInternet(line: string): boolean {
  return line.startsWith('ingress ') && [...ANYWHERE].some((cidr) => line.includes(` ${cidr}`));
}

/** Every change of a security group or rule, with the rules added and removed; ingress from anywhere is called out. */
export const securityGroupRule: ReviewRule = {
  kind: 'security-group',
  check(change): Flag[] {
    if (!GROUP_TYPES.has(change.type) && !RULE_TYPES.has(change.type)) return [];
    if (change.action === 'no-op' || change.action === 'read') return [];
    const before = change.action === 'create' ? [] : rulesOf(change, 'before');
    const after = change.action === 'delete' ? [] : rulesOf(change, 'after');
    const details: string[] = [];
    if (before === 'unknown' || after === 'unknown' || before.includes('unknown') || after.includes('unknown')) {
      details.push('rules known only after apply');
    } else {
      const added = after.filter((rule) => !before.includes(rule));
      const removed = before.filter((rule) => !after.includes(rule));
      details.push(...added.map((rule) => `${opensToInternet(rule) ? '**open to the internet**: ' : ''}rule added: ${code(rule)}`));
      details.push(...removed.map((rule) => `rule removed: ${code(rule)}`));
      if (added.length === 0 && removed.length === 0 && change.action !== 'delete') details.push('rules unchanged');
    }
    return [{ kind: 'security-group', address: change.address, title: `**Security group** ${change.action}: ${code(change.address)}`, details }];
  },
};
