import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decide, type Command, type FixedIp, type World } from '../domain/index.js';
import { createPort } from '../test-kit/commands.js';
import { record, TEST_METADATA } from '../test-kit/decider-spec.js';
import { commandsAfterPrologue, PROLOGUE } from './arbitraries/commands.js';
import { address, block, reserved } from './model/addresses.js';
import { parameters } from './settings.js';
import { foldHistory } from './support/fold.js';
import { expectUniqueAddresses } from './support/unique-addresses.js';

/** An address the allocator chose must be a free pool address, never the gateway, network or broadcast. */
const checkAutomatic = (before: World, fixed: FixedIp): void => {
  const networkId = before.subnetNetwork.get(fixed.subnet_id)!;
  const subnet = before.networks.get(networkId)!.subnets.get(fixed.subnet_id)!.subnet;
  const cidr = block(subnet.cidr);
  const value = address(fixed.ip_address).value;
  const where = `${fixed.ip_address} in ${subnet.cidr} (pools ${JSON.stringify(subnet.allocation_pools)}, gateway ${subnet.gateway_ip})`;
  expect(subnet.allocation_pools.some((p) => address(p.start).value <= value && value <= address(p.end).value), `${where} lies in a pool`).toBe(true);
  expect(subnet.gateway_ip !== null && address(subnet.gateway_ip).value === value, `${where} is the gateway`).toBe(false);
  expect(reserved(cidr, value), `${where} is the network or broadcast address`).toBe(false);
  const holder = [...before.networks.get(networkId)!.ports.values()].find((p) => p.fixed_ips.some((f) => f.subnet_id === fixed.subnet_id && f.ip_address === fixed.ip_address));
  expect(holder?.id, `${where} was free`).toBeUndefined();
};

/** The addresses of a decision that nobody named: the ones the allocator picked. */
const automaticOf = (command: Command, before: World, events: readonly { type: string; data: unknown }[]): FixedIp[] => {
  const named = (requests: readonly { ip_address?: string }[] | undefined) =>
    new Set((requests ?? []).flatMap((r) => (r.ip_address === undefined ? [] : [address(r.ip_address).value])));
  if (command.type === 'CreatePorts')
    return events.flatMap((e, i) =>
      e.type === 'PortCreated' ? (e.data as { port: { fixed_ips: FixedIp[] } }).port.fixed_ips.filter((f) => !named(command.ports[i].fixed_ips).has(address(f.ip_address).value)) : [],
    );
  if (command.type === 'UpdatePort' && command.changes.fixed_ips) {
    const held = before.networks.get(before.portNetwork.get(command.id)!)!.ports.get(command.id)!.fixed_ips.map((f) => address(f.ip_address).value);
    const asked = named(command.changes.fixed_ips);
    const after = (events[0].data as { changes: { fixed_ips: FixedIp[] } }).changes.fixed_ips;
    return after.filter((f) => !asked.has(address(f.ip_address).value) && !held.includes(address(f.ip_address).value));
  }
  return [];
};

/** Deletes every port, then allocates each subnet dry: every pool address must come back, once. */
const checkFreedReusable = (world: World): void => {
  for (const network of [...world.networks.values()])
    for (const portId of [...network.ports.keys()]) {
      const decision = decide({ type: 'DeletePort', id: portId, by_router: true }, world, TEST_METADATA);
      if (E.isLeft(decision)) throw new Error(`deleting ${portId}: ${decision.left.message}`);
      record(world, decision.right);
    }
  for (const network of world.networks.values())
    for (const state of network.subnets.values()) {
      const poolSize = state.subnet.allocation_pools.reduce((sum, p) => sum + address(p.end).value - address(p.start).value + 1n, 0n);
      expect(state.free.count, `free count of ${state.subnet.id} once every port is gone`).toBe(poolSize);
      if (poolSize > 256n) continue;
      const given = new Set<string>();
      for (let i = 0; ; i++) {
        const decision = decide(createPort(`refill-${state.subnet.id}-${i}`, network.network.id, { fixed_ips: [{ subnet_id: state.subnet.id }], mac_entropy: String(1000 + i) }), world, TEST_METADATA);
        if (E.isLeft(decision)) {
          expect(decision.left.type).toBe('IpAddressGenerationFailure');
          break;
        }
        const event = decision.right[0].events[0];
        if (event.type === 'PortCreated') given.add(event.data.port.fixed_ips[0].ip_address);
        record(world, decision.right);
      }
      expect(BigInt(given.size), `addresses of ${state.subnet.id} allocated again`).toBe(poolSize);
    }
};

describe('property 4: allocations', () => {
  it('never gives an address or mac twice, allocates only free pool addresses, and frees what ports release', () => {
    fc.assert(
      // The last check fills every pool with ports: a port quota would end it first.
      fc.property(commandsAfterPrologue(80).map((commands) => commands.filter((c) => c.type !== 'UpdateQuota')), (generated: Command[]) => {
        const world = foldHistory(
          [...PROLOGUE, ...generated],
          ({ command, before, outcome }, after) => {
            if (E.isLeft(outcome)) return;
            for (const fixed of automaticOf(command, before!, outcome.right)) checkAutomatic(before!, fixed);
            expectUniqueAddresses(after);
          },
          true,
        );
        checkFreedReusable(world);
      }),
      parameters(400),
    );
  });
});
