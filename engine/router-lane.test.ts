import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { addInterface, createNetwork, createPort, createRouter, createSubnet } from '../test-kit/commands.js';
import { EmbeddedEventStore } from '../infra/store/index.js';
import { Engine } from './engine.js';

const context = (n: number) => ({
  commandId: `command-${n}`,
  correlationId: 'router-lane',
  actor: { projectId: 'p', userId: 'u' },
  decidedAt: '2026-11-22T07:00:00.000Z',
});

describe('router interfaces decided concurrently', () => {
  it('let only one of two overlapping subnets from different networks join a router, and race port creates safely', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netledger-router-lane-'));
    const store = await EmbeddedEventStore.open(dir);
    const engine = await Engine.start(store, []);
    try {
      let n = 0;
      for (const command of [
        createNetwork('a'),
        createNetwork('b'),
        createSubnet('sa', 'a', '10.0.0.0/24'),
        createSubnet('sb', 'b', '10.0.0.0/25'),
        createRouter('r'),
      ])
        expect(E.isRight(await engine.execute(command, context(n++)))).toBe(true);
      const [first, second, ...ports] = await Promise.all([
        engine.execute(addInterface('r', { subnet_id: 'sa' }, 'if-a'), context(n++)),
        engine.execute(addInterface('r', { subnet_id: 'sb' }, 'if-b'), context(n++)),
        ...Array.from({ length: 8 }, (_, i) => engine.execute(createPort(`pa-${i}`, 'a', { mac_entropy: String(i + 1) }), context(n++))),
      ]);
      expect([first, second].filter(E.isRight)).toHaveLength(1);
      expect(ports.every(E.isRight)).toBe(true);
      expect(engine.world.routerPorts.get('r')?.size).toBe(1);
      const addresses = [...engine.world.networks.get('a')!.ports.values()].map((p) => p.fixed_ips[0].ip_address);
      expect(new Set(addresses).size).toBe(addresses.length);
    } finally {
      await engine.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
