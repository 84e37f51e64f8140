import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../domain/log/event-store.js';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { appended, portCreated, withDataDir } from '../../../test-kit/embedded-fixtures.js';

describe('embedded subscriptions', () => {
  it('deliver a live event before its append resolves', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir);
      const seen: number[] = [];
      let caughtUp = false;
      const subscription = store.subscribeToAll({ after: 0, onEvent: (e) => void seen.push(e.position), onCaughtUp: () => (caughtUp = true) });
      while (!caughtUp) await new Promise((resolve) => setImmediate(resolve));
      for (let i = 1; i <= 5; i++) {
        const { lastPosition } = await appended(store.append('vpc', [portCreated({ i })], 'any'));
        expect(seen.at(-1)).toBe(lastPosition);
      }
      await subscription.close();
      await store.close();
    }));

  it('let a stalled subscriber fall behind without holding appends back, then catch up from the files', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir, { recentEvents: 16 });
      let release!: () => void;
      const stalled = new Promise<void>((resolve) => (release = resolve));
      const seen: StoredEvent[] = [];
      const subscription = store.subscribeToAll({
        after: 0,
        onEvent: async (e) => {
          seen.push(e);
          if (e.position === 1) await stalled;
        },
      });
      for (let i = 0; i < 500; i++) await appended(store.append(`vpc-${i % 7}`, [portCreated({ i })], 'any'));
      expect(seen).toHaveLength(1);

      release();
      while (seen.length < 500) await new Promise((resolve) => setTimeout(resolve, 2));
      expect(seen.map((e) => e.data)).toEqual(Array.from({ length: 500 }, (_, i) => ({ i })));
      await subscription.close();
      await store.close();
    }));

  it('tell subscribers when the store closes', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir);
      const errors: Error[] = [];
      store.subscribeToAll({ after: 0, onEvent: () => undefined, onError: (error) => errors.push(error) });
      await store.close();
      expect(errors.map((e) => e.message)).toEqual(['the event store was closed']);
      expect(await store.append('vpc', [portCreated()], 'any')).toEqual({
        _tag: 'Left',
        left: { _tag: 'StoreUnavailable', reason: 'the event store is closed' },
      });
    }));
});
