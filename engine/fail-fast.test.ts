import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventStore, RecordedEvent } from '../domain/index.js';
import { EmbeddedEventStore } from '../infra/store/index.js';
import { context } from '../test-kit/engine-fixture.js';
import { createNetwork, createSubnet } from '../test-kit/commands.js';
import { Engine } from './engine.js';

describe('a node whose fold stops', () => {
  let dir: string;
  let store: EmbeddedEventStore;
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const open = async () => {
    dir = await mkdtemp(join(tmpdir(), 'netledger-fail-fast-'));
    store = await EmbeddedEventStore.open(dir);
  };

  it('answers the waiting command and every later one unavailable, turns unready, and says why once', async () => {
    await open();
    const failures: Error[] = [];
    // A projection that cannot apply the network called "poison".
    const poisoned = { apply: (event: RecordedEvent) => {
      if (event.type === 'NetworkCreated' && event.data.network.name === 'poison') throw new Error('cannot apply the poison network');
    } };
    const engine = await Engine.start(store, [poisoned], { onFailure: (error) => failures.push(error) });
    expect(E.isRight(await engine.execute(createNetwork('n1'), context()))).toBe(true);
    const started = Date.now();
    const waiting = await engine.execute(createNetwork('n2', { name: 'poison' }), context());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(E.isLeft(waiting) && waiting.left).toMatchObject({ _tag: 'StoreUnavailable', reason: expect.stringMatching(/stopped following the log.*poison/) });
    expect(engine.ready).toBe(false);
    expect(failures.map((e) => e.message)).toEqual(['cannot apply the poison network']);
    const later = await engine.execute(createSubnet('s1', 'n1', '10.0.0.0/24'), context());
    expect(E.isLeft(later) && later.left).toMatchObject({ _tag: 'StoreUnavailable' });
    expect(await engine.waitForPosition(engine.world.position + 1, 60_000)).toBe(false);
    await engine.stop();
  });

  it('bounds the wait for its own append to be applied', async () => {
    await open();
    // A store whose subscription never delivers: the append is durable, the world never sees it.
    const silent: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribeToAll: ({ onCaughtUp }: { onCaughtUp?: (position: number) => void }) => {
        queueMicrotask(() => onCaughtUp?.(0));
        return { close: async () => undefined };
      },
    });
    const engine = await Engine.start(silent, [], { positionTimeoutMs: 200 });
    const started = Date.now();
    const answer = await engine.execute(createNetwork('n1'), context());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(E.isLeft(answer) && answer.left).toMatchObject({ _tag: 'StoreUnavailable', reason: expect.stringMatching(/durable at position 2.*not applied it yet/) });
    expect(engine.ready).toBe(true);
    await engine.stop();
  });
});
