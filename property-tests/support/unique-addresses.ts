import { expect } from 'vitest';
import type { World } from '../../domain/index.js';
import { address } from '../model/addresses.js';

/** No two live ports share an address in a subnet, nor a MAC in a network. */
export const expectUniqueAddresses = (world: World): void => {
  for (const network of world.networks.values()) {
    const ports = [...network.ports.values()];
    const ips = ports.flatMap((p) => p.fixed_ips.map((f) => `${f.subnet_id} ${address(f.ip_address).value}`));
    expect(new Set(ips).size, `addresses in ${network.network.id}: ${ips}`).toBe(ips.length);
    const macs = ports.map((p) => p.mac_address);
    expect(new Set(macs).size, `macs in ${network.network.id}: ${macs}`).toBe(macs.length);
  }
};
