import { parseCidr, subnetCidr } from '../../../stacks/builders/network-math';

describe('network math', () => {
  it('carves consecutive subnets like terraform cidrsubnet', () => {
    const block = parseCidr('10.20.0.0/16');
    if (typeof block === 'string') throw new Error(block);
    expect([0, 1, 2, 15].map((index) => subnetCidr(block, 4, index))).toEqual(['10.20.0.0/20', '10.20.16.0/20', '10.20.32.0/20', '10.20.240.0/20']);
  });
  it('refuses a subnet that does not fit', () => {
    const block = parseCidr('192.168.0.0/24');
    if (typeof block === 'string') throw new Error(block);
    expect(subnetCidr(block, 4, 1)).toBe('192.168.0.16/28');
    expect(() => subnetCidr(block, 4, 16)).toThrow(/cannot carve subnet 16/);
  });
});
