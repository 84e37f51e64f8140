import { describe, expect, it } from 'vitest';
import { DesiredObjects } from './desired-objects.js';
import type { KernelView } from './kernel-object.js';
import { attachment, networkObjects, remotePortObjects } from './l2-objects.js';
import { planBatches } from './l2-plan.js';
import { bridgeOf, tapOf, vxlanOf } from './names.js';

const network = { id: 'net', segmentation_id: 42, mtu: 1450 };
const neighbor = (id: string, mac: string, ip: string, tunnel: string) => ({
  id,
  network_id: 'net',
  mac_address: mac,
  fixed_ips: [{ subnet_id: 's', ip_address: ip }],
  tunnel_ip: tunnel,
});
const port = { id: 'p1234567890abc', network_id: 'net', mac_address: 'fa:16:3e:00:00:01', fixed_ips: [], security_groups: [], port_security_enabled: true, admin_state_up: true };

const desiredOf = (entries: [string, ReturnType<typeof networkObjects>][]) => {
  const desired = new DesiredObjects();
  const changed = new Set<string>();
  for (const [entry, objects] of entries) desired.set(entry, objects, changed);
  return { desired, changed };
};

const lines = (b: ReturnType<typeof planBatches>) => [...b.bridgeRemovals, ...b.ipRemovals, ...b.ipDevices, ...b.ipAdditions, ...b.bridgeAdditions];

describe('planning kernel batches', () => {
  const entries: [string, ReturnType<typeof networkObjects>][] = [
    ['network/net', networkObjects(network, '198.51.100.1')],
    ['neighbor/a', remotePortObjects(neighbor('a', 'fa:16:3e:00:00:0a', '10.0.0.10', '198.51.100.2'))],
    ['neighbor/b', remotePortObjects(neighbor('b', 'fa:16:3e:00:00:0b', '10.0.0.11', '198.51.100.2'))],
    ['port/p', [attachment(port)]],
  ];

  it('makes devices before what lives on them, one flood entry per remote host, and waits for a tap that is not there', () => {
    const { desired, changed } = desiredOf(entries);
    const view: KernelView = new Map();
    const batches = planBatches(changed, desired, view, new Set());
    expect(batches.ipDevices[0]).toBe(`link add ${bridgeOf('net')} type bridge`);
    expect(batches.ipDevices.some((l) => l.startsWith(`link add ${vxlanOf('net')}`))).toBe(true);
    expect(batches.ipDevices.some((l) => l.startsWith('neigh'))).toBe(false);
    expect(batches.bridgeAdditions.filter((l) => l.startsWith('fdb append 00:00:00:00:00:00'))).toHaveLength(1);
    expect(batches.waiting).toEqual([`attach:${tapOf(port.id)}`]);
    expect(batches.ipAdditions.some((l) => l.includes(tapOf(port.id)))).toBe(false);
  });

  it('touches nothing that is already right, and removes only what is stale', () => {
    const { desired, changed } = desiredOf(entries);
    const view: KernelView = new Map();
    planBatches(changed, desired, view, new Set([tapOf(port.id)]));
    const kernel = new Map(view);
    kernel.set(`neigh:${vxlanOf('net')}:10.0.0.99`, 'fa:16:3e:00:00:99');
    const again = planBatches([...kernel.keys(), ...desired.keys()], desired, kernel, new Set([tapOf(port.id)]));
    expect(lines(again)).toEqual([`neigh del 10.0.0.99 dev ${vxlanOf('net')}`]);
  });

  it('keeps the flood entry while another port of its host remains, and a remade device takes what lives on it along', () => {
    const { desired } = desiredOf(entries);
    const view: KernelView = new Map();
    planBatches(desired.keys(), desired, view, new Set([tapOf(port.id)]));
    const changed = new Set<string>();
    desired.set('neighbor/a', [], changed);
    const removal = planBatches(changed, desired, view, new Set());
    expect(lines(removal).some((l) => l.includes('00:00:00:00:00:00'))).toBe(false);
    expect(lines(removal)).toContain(`neigh del 10.0.0.10 dev ${vxlanOf('net')}`);

    const vni = new Set<string>();
    desired.set('network/net', networkObjects({ ...network, segmentation_id: 43 }, '198.51.100.1'), vni);
    const remade = planBatches(vni, desired, view, new Set([tapOf(port.id)]));
    expect(remade.ipRemovals).toEqual([`link del ${vxlanOf('net')}`]);
    expect(remade.ipDevices.some((l) => l.includes('id 43'))).toBe(true);
    expect(remade.bridgeAdditions).toContain(`fdb append fa:16:3e:00:00:0b dev ${vxlanOf('net')} dst 198.51.100.2 self permanent`);
    expect(remade.ipAdditions).toContain(`neigh replace 10.0.0.11 lladdr fa:16:3e:00:00:0b dev ${vxlanOf('net')} nud permanent`);
  });
});
