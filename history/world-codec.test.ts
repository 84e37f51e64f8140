import * as E from 'fp-ts/lib/Either.js';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { World } from '../domain/index.js';
import { createAddressScope, createNetwork, createRbacPolicy, createSubnet, createSubnetPool } from '../test-kit/commands.js';
import { worldAfter } from '../test-kit/decider-spec.js';
import { setting } from '../test-kit/random-commands.js';
import { collected, slicedBytes as sliced } from '../test-kit/sliced-bytes.js';
import { deserializeSlices } from './sliced-serialization.js';
import { decodeWorld, writeWorld } from './world-codec.js';

const encodeWorld = async (world: World): Promise<Buffer> => (await collected((write) => writeWorld(world, 4, write))).bytes;

const decoded = (bytes: Buffer): World => {
  const world = decodeWorld(bytes);
  if (E.isLeft(world)) throw new Error(world.left);
  return world.right;
};

/** A world with every kind of entity: hosts, networks with subnets and ports, groups, routers, floating IPs, address groups, pools, scopes, policies, flavors, quotas. */
const everyKind = (): World =>
  worldAfter(
    ...setting,
    createAddressScope('as0'),
    createSubnetPool('sp0', ['10.200.0.0/16'], { address_scope_id: 'as0' }),
    createRbacPolicy('rbac0', 'n0', 'q'),
    { type: 'CreateFlavor', flavor: { id: 'fl0', name: 'gold', description: '', service_type: 'L3_ROUTER_NAT', enabled: true } },
    { type: 'CreateServiceProfile', profile: { id: 'sp', description: '', driver: '', enabled: true, metainfo: '{}' } },
    { type: 'AssociateFlavorProfile', flavor_id: 'fl0', profile_id: 'sp' },
    { type: 'UpdateQuota', project_id: 'p', limits: { port: 100 } },
  );

/** A snapshot's bytes with its world changed by `change` (what a damaged or foreign file may hold). */
const changed = async (world: World, change: (world: any) => void): Promise<Buffer> => {
  const snapshot = deserializeSlices(await encodeWorld(world)) as { world: unknown };
  change(snapshot.world);
  return sliced(snapshot);
};

describe('world snapshot codec', () => {
  it('restores a world deep-equal to the original, maps, sets and bigints included', async () => {
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
    const restored = decoded(await encodeWorld(world));
    expect(restored).toEqual(world);
    expect(restored.networks.get('n1')!.subnets.get('s1')!.allocated).toBeInstanceOf(Map);
    expect(typeof restored.freeSegmentationIds.count).toBe('bigint');
  });

  it('takes every kind of entity the world holds', async () => {
    const world = everyKind();
    for (const field of ['routers', 'floatingIps', 'addressGroups', 'subnetPools', 'addressScopes', 'flavors', 'serviceProfiles', 'quotas', 'usage'] as const)
      expect(world[field].size, field).toBeGreaterThan(0);
    expect(decoded(await encodeWorld(world))).toEqual(world);
  });

  it('refuses bytes that hold no world of this layout, saying where it differs', async () => {
    const world = everyKind();
    expect(decodeWorld(Buffer.from('not a world'))).toEqual(E.left(expect.stringMatching(/^it does not deserialize/)));
    // A snapshot of one whole serialization, as they were written before slices.
    expect(decodeWorld(serialize({ version: 4, world }))).toEqual(E.left(expect.stringMatching(/^it does not deserialize/)));
    expect(decodeWorld(await sliced({ version: 3, world }))).toEqual(E.left('it holds no world of layout 4 (at version)'));
    const refusal = async (change: (world: any) => void) => decodeWorld(await changed(world, change));
    expect(await refusal((w) => (w.portNetwork = Object.fromEntries(w.portNetwork)))).toEqual(E.left('it holds no world of layout 4 (at world.portNetwork)'));
    expect(await refusal((w) => delete w.usage)).toEqual(E.left('it holds no world of layout 4 (at world.usage)'));
    expect(await refusal((w) => (w.networks.get('n0').ports.get('p0').mac_address = 42))).toEqual(E.left('it holds no world of layout 4 (at world.networks)'));
    expect(await refusal((w) => w.networks.get('n0').subnets.get('s0').allocated.set('10.0.0.5', 'p0'))).toEqual(E.left('it holds no world of layout 4 (at world.networks)'));
    expect(await refusal((w) => w.hostPorts.get('h0').add(7))).toEqual(E.left('it holds no world of layout 4 (at world.hostPorts)'));
    expect(await refusal((w) => (w.routers.get('rt').admin_state_up = 'yes'))).toEqual(E.left('it holds no world of layout 4 (at world.routers)'));
  });
});
