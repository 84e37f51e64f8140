import { describe, expect, it } from 'vitest';
import { UndecodableEvent } from '../domain/index.js';
import { EmbeddedEventStore } from '../infra/store/index.js';
import { appended, portCreated, withDataDir } from '../test-kit/embedded-fixtures.js';
import { Engine } from './engine.js';

describe('an engine folding a log', () => {
  it('refuses to start on an event it cannot decode, naming its stream and position, instead of folding a cast', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir);
      try {
        // A stored event the store keeps (it holds any type) but no decider ever wrote: data not a port's.
        await appended(store.append('network-a', [portCreated({ port: { id: 'p1' } })], 'no_stream'));
        const starting = Engine.start(store, []);
        await expect(starting).rejects.toBeInstanceOf(UndecodableEvent);
        await expect(starting).rejects.toThrow(/position 1 of stream "network-a" does not decode: data\.port\./);
      } finally {
        await store.close();
      }
    }));
});
