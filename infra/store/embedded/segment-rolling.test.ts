import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { appended, portCreated, readAllOf, withDataDir } from '../../../test-kit/embedded-fixtures.js';

describe('segment rolling', () => {
  it('starts a new segment once the current one is full, and reads across them', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir, { segmentBytes: 2048 });
      for (let i = 0; i < 60; i++) await appended(store.append(`vpc-${i % 2}`, [portCreated({ i })], 'any'));
      const segments = (await readdir(dir)).filter((name) => name.endsWith('.log')).sort();
      expect(segments.length).toBeGreaterThan(5);
      expect(segments[0]).toBe('segment-000001.log');
      expect(segments.at(-1)).toBe(`segment-${String(segments.length).padStart(6, '0')}.log`);
      for (const name of segments) expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(2048);

      const stream: unknown[] = [];
      for await (const event of store.readStream('vpc-1', 10)) stream.push(event.data);
      expect(stream).toEqual(Array.from({ length: 20 }, (_, k) => ({ i: 2 * (10 + k) + 1 })));
      await store.close();

      const reopened = await EmbeddedEventStore.open(dir, { segmentBytes: 2048 });
      expect((await readAllOf(reopened)).map((e) => e.data)).toEqual(Array.from({ length: 60 }, (_, i) => ({ i })));
      await reopened.close();
    }));

  it('gives an append larger than a segment a segment of its own', () =>
    withDataDir(async (dir) => {
      const store = await EmbeddedEventStore.open(dir, { segmentBytes: 1024 });
      await appended(store.append('vpc-small', [portCreated()], 'any'));
      await appended(store.append('vpc-big', Array.from({ length: 50 }, (_, i) => portCreated({ i })), 'any'));
      await appended(store.append('vpc-small', [portCreated()], 'any'));
      const sizes = await Promise.all(['segment-000001.log', 'segment-000002.log', 'segment-000003.log'].map((name) => stat(join(dir, name))));
      expect(sizes[1].size).toBeGreaterThan(1024);
      expect(await readAllOf(store)).toHaveLength(52);
      await store.close();
    }));
});
