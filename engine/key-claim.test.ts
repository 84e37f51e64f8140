import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createNetwork, createPort, createSubnet } from '../test-kit/commands.js';
import { context } from '../test-kit/engine-fixture.js';
import { EmbeddedEventStore } from '../infra/store/index.js';
import { Engine } from './engine.js';
import { keyClaim } from './key-claim.js';

/** Two engines folding one log: two API nodes, each deciding against its own world. */
const twoNodes = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-key-claim-'));
  const store = await EmbeddedEventStore.open(dir);
  const nodes = [await Engine.start(store, []), await Engine.start(store, [])];
  return {
    nodes,
    close: async () => {
      for (const node of nodes) await node.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

describe('an Idempotency-Key taken by the append', () => {
  it('lets one of two nodes write under a key both found unused, and tells the other it was taken, without deciding it again', async () => {
    const { nodes, close } = await twoNodes();
    try {
      const [a, b] = nodes;
      expect(E.isRight(await a.execute(createNetwork('n'), context()))).toBe(true);
      expect(E.isRight(await a.execute(createSubnet('s', 'n', '10.0.0.0/24'), context()))).toBe(true);
      await b.waitForPosition(a.world.position);
      for (let round = 0; round < 10; round++) {
        const key = `key-${round}`;
        // The same request on both nodes: each made its own ids, and asks for the same address (decided
        // again, the loser would be refused IpAddressAlreadyAllocated: it must hear KeyTaken instead).
        const [claimA, claimB] = [keyClaim(a.world, key), keyClaim(b.world, key)];
        const results = await Promise.all([
          a.execute(createPort(`a-${round}`, 'n', { fixed_ips: [{ ip_address: `10.0.0.${100 + round}` }] }), { ...context(), idempotencyKey: key }, claimA),
          b.execute(createPort(`b-${round}`, 'n', { fixed_ips: [{ ip_address: `10.0.0.${100 + round}` }] }), { ...context(), idempotencyKey: key }, claimB),
        ]);
        expect(results.filter(E.isRight), `round ${round}`).toHaveLength(1);
        expect(results.find(E.isLeft)?.left, `round ${round}`).toEqual({ _tag: 'KeyTaken' });
        await Promise.all(nodes.map((node) => node.waitForPosition(Math.max(a.world.position, b.world.position))));
        const made = [`a-${round}`, `b-${round}`].filter((id) => a.world.portNetwork.has(id));
        expect(made).toHaveLength(1);
        expect(keyClaim(a.world, key).expected).toBe(0);
      }
    } finally {
      await close();
    }
  });

  it('adds nothing to a command without a key, and nothing to a decision that changes nothing', async () => {
    const { nodes, close } = await twoNodes();
    try {
      const [a] = nodes;
      const plain = await a.execute(createNetwork('plain'), context());
      expect(E.isRight(plain) && plain.right.appended).toEqual([{ first: 1, last: 2 }]);
      const refused = await a.execute(createNetwork('plain'), { ...context(), idempotencyKey: 'k' }, keyClaim(a.world, 'k'));
      expect(E.isLeft(refused)).toBe(true);
      expect(keyClaim(a.world, 'k').expected).toBe('no_stream');
    } finally {
      await close();
    }
  });
});
