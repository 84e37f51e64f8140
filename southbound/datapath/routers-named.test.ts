import { describe, expect, it } from 'vitest';
import type { GoalStateDocument } from '../../projections/goal-state/ops.js';
import { RoutersNamed } from './routers-named.js';

const face = (network: string) => ({ port_id: `p-${network}`, network_id: network, subnet_id: `s-${network}`, cidr: '10.0.0.0/24', ip_address: '10.0.0.1', mac_address: 'fa:16:3e:00:00:01' });
const router = (id: string, network: string) => ({ id, admin_state_up: true, interfaces: [face(network)], routes: [], snat_host: null });
const neighbor = (id: string, network: string) => ({ id, network_id: network, mac_address: 'fa:16:3e:00:00:02', fixed_ips: [], tunnel_ip: '198.51.100.2' });
const fip = (id: string, routerId: string) => ({ id, floating_ip_address: '203.0.113.5', fixed_ip_address: '10.0.0.5', router_id: routerId });

const goalState: GoalStateDocument = {
  network: { a: { id: 'a' }, b: { id: 'b' } },
  router: { ra: router('ra', 'a'), rb: router('rb', 'b') },
  neighbor: { n1: neighbor('n1', 'a') },
  floating_ip: { f1: fip('f1', 'rb') },
};

describe('the routers a diff names', () => {
  it('a neighbor names the routers on its network, also when deleted; a floating IP its router; a router and a gateway themselves', () => {
    const named = new RoutersNamed();
    named.reset(goalState);
    expect(named.named([{ op: 'upsert', kind: 'neighbor', id: 'n2', body: neighbor('n2', 'b') }], goalState)).toEqual(new Set(['rb']));
    expect(named.named([{ op: 'delete', kind: 'neighbor', id: 'n1' }], goalState)).toEqual(new Set(['ra']));
    expect(named.named([{ op: 'delete', kind: 'floating_ip', id: 'f1' }], goalState)).toEqual(new Set(['rb']));
    expect(named.named([{ op: 'upsert', kind: 'floating_ip', id: 'f2', body: fip('f2', 'ra') }], goalState)).toEqual(new Set(['ra']));
    expect(named.named([{ op: 'delete', kind: 'gateway', id: 'ra' }, { op: 'upsert', kind: 'port', id: 'p', body: {} }], goalState)).toEqual(new Set(['ra']));
    expect(named.named([{ op: 'upsert', kind: 'neighbor', id: 'n3', body: neighbor('n3', 'elsewhere') }], goalState)).toEqual(new Set());
  });
});
