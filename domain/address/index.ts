// Address math of the network: IPs, CIDRs, ranges, Neutron's subnet defaults,
// the free-address allocator and MACs. Pure: no I/O, no clock, no randomness.
export * from './ip.js';
export * from './cidr.js';
export * from './prefix-space.js';
export * from './ip-range.js';
export * from './subnet-defaults.js';
export * from './free-ranges.js';
export * from './mac.js';
