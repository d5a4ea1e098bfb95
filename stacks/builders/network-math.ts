/**
 * IPv4 CIDR arithmetic for the network layout: parse a block and carve equal subnets out of it.
 * Pure functions, no cdktf: the subnet CIDRs land in the Terraform JSON as plain values a reviewer can read.
 */

export interface Ipv4Block {
  readonly address: number;
  readonly prefixLength: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns a reason string when it is not a valid, aligned IPv4 block. */
export function parseCidr(cidr: string): Ipv4Block | string {
  const match = CIDR.exec(cidr);
  if (!match) return 'must be an IPv4 CIDR block such as 10.0.0.0/16';
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255)) return 'has an octet above 255';
  if (prefixLength > 32) return 'has a prefix length above 32';
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const hostBits = 2 ** (32 - prefixLength);
  if (address % hostBits !== 0) return `has host bits set (the block starts at ${formatAddress(address - (address % hostBits))})`;
  return { address, prefixLength };
}

function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** The `index`-th subnet of `block` that is `newBits` longer in prefix (Terraform's `cidrsubnet`). */
export function subnetCidr(block: Ipv4Block, newBits: number, index: number): string {
  const prefixLength = block.prefixLength + newBits;
  if (prefixLength > 32 || index >= 2 ** newBits) {
    throw new RangeError(`cannot carve subnet ${index} of /${prefixLength} from /${block.prefixLength}`);
  }
  return `${formatAddress(block.address + index * 2 ** (32 - prefixLength))}/${prefixLength}`;
}
