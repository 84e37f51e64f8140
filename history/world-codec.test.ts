import { describe, expect, it } from 'vitest';
import { createNetwork, createSubnet } from '../test-kit/commands.js';
import { worldAfter } from '../test-kit/decider-spec.js';
import { decodeWorld, encodeWorld } from './world-codec.js';

describe('world snapshot codec', () => {
  it('restores a world deep-equal to the original, maps, sets and bigints included', () => {
    const world = worldAfter(
      { type: 'RegisterHost', host: { id: 'h1', name: 'h1', description: '', tunnel_ip: '192.0.2.1', mac: '02:00:00:00:00:01' } },
      createNetwork('n1', { name: 'n' }),
      createSubnet('s1', 'n1', '2001:db8::/64'),
      { type: 'EnsureDefaultSecurityGroup', project_id: 'p', group_id: 'g', rule_ids: ['r1', 'r2', 'r3', 'r4'] },
      {
        type: 'CreatePorts',
        ports: [
          {
            id: 'port', network_id: 'n1', project_id: 'p', name: '', description: '', admin_state_up: true, device_id: '', device_owner: '',
            port_security_enabled: true, 'binding:host_id': 'h1', 'binding:vnic_type': 'normal', tags: [], mac_entropy: '7',
          },
        ],
      },
    );
    const restored = decodeWorld(encodeWorld(world));
    expect(restored).toEqual(world);
    expect(restored.networks.get('n1')!.subnets.get('s1')!.allocated).toBeInstanceOf(Map);
    expect(typeof restored.freeSegmentationIds.count).toBe('bigint');
  });
});
