import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AppendError,
  AppendResult,
  EventStore,
  NewEvent,
  StoredEvent,
} from '../domain/log/event-store.js';

/** A fresh, empty store for one test, and how to dispose of it. */
export interface OpenedEventStore {
  readonly store: EventStore;
  /** Closes the store (and any store `reopen` returned) and deletes its data. */
  readonly cleanup: () => Promise<void>;
  /**
   * Opens the same data again after the suite has closed `store`. Stores that cannot be
   * reopened leave it out, and the reopen case is skipped for them.
   */
  readonly reopen?: () => Promise<EventStore>;
}

/**
 * The behaviour every EventStore adapter owes the rest of the system. Store-agnostic: it
 * assumes nothing about files or servers, and allows gaps in global positions as long as
 * they strictly increase in log order.
 */
export function describeEventStoreContract(name: string, open: () => Promise<OpenedEventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let opened: OpenedEventStore;
    let store: EventStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    it('names each log with an id of its own, which no event of the log carries', async () => {
      const other = await open();
      try {
        const id = await store.logId();
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect(await other.store.logId()).not.toBe(id);
        expect(await store.logId()).toBe(id);
        expect(await collect(store.readAll(0))).toEqual([]);
        expect(await store.headPosition()).toBe(0);
      } finally {
        await other.cleanup();
      }
    });

    it('reads back what was appended, per stream and across all streams', async () => {
      const port = await appended(store.append('vpc-1', [event('PortCreated', { id: 'p1' }), event('PortCreated', { id: 'p2' })], 'no_stream'));
      const subnet = await appended(store.append('vpc-2', [event('SubnetCreated', { cidr: '10.0.0.0/24' })], 'no_stream'));
      expect(port.revision).toBe(1);
      expect(subnet.revision).toBe(0);
      expect(port.lastPosition).toBeGreaterThan(port.firstPosition);

      const vpc1 = await collect(store.readStream('vpc-1'));
      expect(vpc1.map((e) => [e.stream, e.revision, e.type, e.version, e.data])).toEqual([
        ['vpc-1', 0, 'PortCreated', 1, { id: 'p1' }],
        ['vpc-1', 1, 'PortCreated', 1, { id: 'p2' }],
      ]);
      expect(vpc1[0].metadata).toEqual(metadata);
      expect(vpc1.map((e) => e.position)).toEqual([port.firstPosition, port.lastPosition]);
      expect((await collect(store.readStream('vpc-1', 1))).map((e) => e.revision)).toEqual([1]);
      expect(await collect(store.readStream('vpc-unknown'))).toEqual([]);

      const all = await collect(store.readAll(0));
      expect(all.map((e) => [e.stream, e.revision])).toEqual([
        ['vpc-1', 0],
        ['vpc-1', 1],
        ['vpc-2', 0],
      ]);
      expect(all[2]).toEqual((await collect(store.readStream('vpc-2')))[0]);
    });

    it('checks the expected revision: no_stream, a number, any', async () => {
      await appended(store.append('vpc', [event('A'), event('B')], 'no_stream'));

      expect(await store.append('vpc', [event('C')], 'no_stream')).toEqual(wrong('vpc', 'no_stream', 1));
      expect(await store.append('vpc', [event('C')], 0)).toEqual(wrong('vpc', 0, 1));
      expect(await store.append('vpc', [event('C')], 5)).toEqual(wrong('vpc', 5, 1));
      expect(await store.append('vpc-none', [event('C')], 0)).toEqual(wrong('vpc-none', 0, -1));

      expect((await appended(store.append('vpc', [event('C')], 1))).revision).toBe(2);
      expect((await appended(store.append('vpc', [event('D')], 'any'))).revision).toBe(3);
      expect((await appended(store.append('vpc-new', [event('E')], 'any'))).revision).toBe(0);
    });

    it('a conflicting append changes nothing', async () => {
      await appended(store.append('vpc', [event('A')], 'no_stream'));
      const head = await store.headPosition();
      const before = await collect(store.readAll(0));

      expect(isLeft(await store.append('vpc', [event('B'), event('C')], 'no_stream'))).toBe(true);

      expect(await store.headPosition()).toBe(head);
      expect(await collect(store.readAll(0))).toEqual(before);
      expect((await appended(store.append('vpc', [event('B')], 0))).revision).toBe(1);
    });

    it('appends to several streams at once, each part at its expected revision, or to none', async () => {
      await appended(store.append('host-1', [event('HostRegistered')], 'no_stream'));
      await appended(store.append('vpc-1', [event('NetworkCreated')], 'no_stream'));
      const both = await store.appendToStreams([
        { stream: 'catalogue', expected: 'no_stream', events: [event('Reserved', { n: 1 })] },
        { stream: 'vpc-1', expected: 0, events: [event('PortCreated', { n: 2 }), event('PortCreated', { n: 3 })] },
        { stream: 'host-1', expected: 0, events: [] },
      ]);
      if (isLeft(both)) throw new Error(`append failed: ${JSON.stringify(both.left)}`);
      expect(both.right.revisions).toEqual([0, 2, 0]);
      const written = (await collect(store.readAll(0))).slice(2);
      expect(written.map((e) => [e.stream, e.revision, e.data])).toEqual([
        ['catalogue', 0, { n: 1 }],
        ['vpc-1', 1, { n: 2 }],
        ['vpc-1', 2, { n: 3 }],
      ]);
      expect([written[0].position, written[2].position]).toEqual([both.right.firstPosition, both.right.lastPosition]);
      expect((await collect(store.readStream('vpc-1'))).map((e) => e.revision)).toEqual([0, 1, 2]);

      // A stale part refuses the whole append, whether it writes its stream or only checks it.
      const head = await store.headPosition();
      for (const stale of [
        [{ stream: 'vpc-1', expected: 2, events: [event('PortCreated')] }, { stream: 'host-1', expected: 'no_stream' as const, events: [] }],
        [{ stream: 'vpc-1', expected: 2, events: [event('PortCreated')] }, { stream: 'catalogue', expected: 5, events: [event('Reserved')] }],
      ])
        expect(isLeft(await store.appendToStreams(stale))).toBe(true);
      expect(await store.appendToStreams([{ stream: 'vpc-1', expected: 2, events: [event('X')] }, { stream: 'host-1', expected: 1, events: [] }])).toEqual(
        wrong('host-1', 1, 0),
      );
      expect(await store.headPosition()).toBe(head);
      expect((await collect(store.readStream('vpc-1'))).map((e) => e.revision)).toEqual([0, 1, 2]);
    });

    it('lets exactly one of two appends that write one stream and check another win, in either order', async () => {
      await appended(store.append('host-1', [event('HostRegistered')], 'no_stream'));
      await appended(store.append('vpc-1', [event('NetworkCreated')], 'no_stream'));
      const results = await Promise.all([
        store.appendToStreams([{ stream: 'vpc-1', expected: 0, events: [event('PortBound')] }, { stream: 'host-1', expected: 0, events: [] }]),
        store.appendToStreams([{ stream: 'host-1', expected: 0, events: [event('HostRemoved')] }, { stream: 'vpc-1', expected: 0, events: [] }]),
      ]);
      expect(results.filter(isRight)).toHaveLength(1);
    });

    it('gives strictly increasing global positions in append order across streams', async () => {
      const results: AppendResult[] = [];
      for (let i = 0; i < 30; i++) results.push(await appended(store.append(`vpc-${i % 3}`, [event('A'), event('B')], 'any')));
      for (let i = 1; i < results.length; i++) expect(results[i].firstPosition).toBeGreaterThan(results[i - 1].lastPosition);

      const all = await collect(store.readAll(0));
      expect(all).toHaveLength(60);
      expectStrictlyIncreasing(all.map((e) => e.position));
      expect(all.map((e) => e.position)).toEqual(results.flatMap((r) => [r.firstPosition, r.lastPosition]));
    });

    it('lets exactly one of concurrent appends with the same expected revision win', async () => {
      await appended(store.append('vpc', [event('Created')], 'no_stream'));
      const outcomes = await Promise.all(
        Array.from({ length: 16 }, (_, i) => store.append('vpc', [event('PortCreated', { i })], 0)),
      );
      expect(outcomes.filter(isRight)).toHaveLength(1);
      for (const outcome of outcomes.filter(isLeft)) expect(outcome.left).toEqual(wrong('vpc', 0, 1).left);
      expect((await collect(store.readStream('vpc'))).map((e) => e.revision)).toEqual([0, 1]);
    });

    it('appends a batch of 10k events atomically', async () => {
      const events = Array.from({ length: 10_000 }, (_, i) => event('PortCreated', { i }));
      const result = await appended(store.append('vpc-big', events, 'no_stream'));
      expect(result.revision).toBe(9_999);
      expect(result.lastPosition - result.firstPosition).toBeGreaterThanOrEqual(9_999);

      const stream = await collect(store.readStream('vpc-big'));
      expect(stream).toHaveLength(10_000);
      expect(stream.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      expect(stream[9_999].data).toEqual({ i: 9_999 });
      expectStrictlyIncreasing(stream.map((e) => e.position));
      expect(stream[0].position).toBe(result.firstPosition);
      expect(stream[9_999].position).toBe(result.lastPosition);
    });

    it('keeps 1k streams apart', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 1_000 }, (_, i) => store.append(`vpc-${i}`, [event('Created', { i })], 'no_stream')),
      );
      expect(outcomes.every(isRight)).toBe(true);
      for (const i of [0, 1, 499, 999]) {
        expect((await collect(store.readStream(`vpc-${i}`))).map((e) => e.data)).toEqual([{ i }]);
      }
      expect(await collect(store.readAll(0))).toHaveLength(1_000);
    });

    it('pages through readAll with a limit', async () => {
      for (let i = 0; i < 25; i++) await appended(store.append(`vpc-${i % 4}`, [event('A', { i })], 'any'));
      const pages: StoredEvent[][] = [];
      let after = 0;
      for (;;) {
        const page = await collect(store.readAll(after, 10));
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(10);
        pages.push(page);
        after = page[page.length - 1].position;
      }
      expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
      expect(pages.flat().map((e) => e.data)).toEqual(Array.from({ length: 25 }, (_, i) => ({ i })));
      expect(await collect(store.readAll(0, 0))).toEqual([]);
    });

    it('reports the head position', async () => {
      expect(await store.headPosition()).toBe(0);
      await appended(store.append('vpc', [event('A')], 'any'));
      const last = await appended(store.append('vpc', [event('B'), event('C')], 'any'));
      expect(await store.headPosition()).toBe(last.lastPosition);
    });

    it('subscribes with catch-up then live, with no gap or duplicate while appends go on', async () => {
      for (let i = 0; i < 100; i++) await appended(store.append(`vpc-${i % 5}`, [event('A', { i }), event('B', { i })], 'any'));
      const delivered: StoredEvent[] = [];
      const caughtUp: number[] = [];
      const subscription = store.subscribeToAll({
        after: 0,
        onEvent: (e) => void delivered.push(e),
        onCaughtUp: (position) => void caughtUp.push(position),
      });
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 25; i++) await appended(store.append(`vpc-live-${w}`, [event('C', { w, i })], 'any'));
      });
      await Promise.all(writers);
      const head = await store.headPosition();
      await eventually(() => delivered.length > 0 && delivered[delivered.length - 1].position === head);
      await subscription.close();

      expect(delivered).toEqual(await collect(store.readAll(0)));
      expect(delivered).toHaveLength(400);
      expect(caughtUp).toHaveLength(1);
      expect(delivered.some((e) => e.position === caughtUp[0])).toBe(true);
    });

    it('subscribes from a middle position', async () => {
      const results: AppendResult[] = [];
      for (let i = 0; i < 20; i++) results.push(await appended(store.append('vpc', [event('A', { i })], 'any')));
      const after = results[9].lastPosition;
      const delivered: StoredEvent[] = [];
      let caughtUpAt = -1;
      const subscription = store.subscribeToAll({
        after,
        onEvent: (e) => void delivered.push(e),
        onCaughtUp: (position) => (caughtUpAt = position),
      });
      await eventually(() => caughtUpAt !== -1);
      expect(caughtUpAt).toBe(results[19].lastPosition);
      await appended(store.append('vpc', [event('A', { i: 20 })], 'any'));
      await eventually(() => delivered.length === 11);
      await subscription.close();
      expect(delivered.map((e) => e.data)).toEqual(Array.from({ length: 11 }, (_, i) => ({ i: i + 10 })));
    });

    it('calls handlers one at a time and stops after close', async () => {
      let running = 0;
      let overlapped = false;
      const delivered: number[] = [];
      const subscription = store.subscribeToAll({
        after: 0,
        onEvent: async (e) => {
          running += 1;
          overlapped ||= running > 1;
          await new Promise((resolve) => setTimeout(resolve, 1));
          delivered.push(e.position);
          running -= 1;
        },
      });
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(`vpc-${i}`, [event('A')], 'any')));
      await eventually(() => delivered.length === 10);
      await subscription.close();
      await appended(store.append('vpc-late', [event('A')], 'any'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(overlapped).toBe(false);
      expect(delivered).toHaveLength(10);
      expectStrictlyIncreasing(delivered);
    });

    it('keeps everything across close and reopen', async (context) => {
      if (opened.reopen === undefined) return context.skip();
      await appended(store.append('vpc-1', [event('A', { n: 1 }), event('B', { n: 2 })], 'no_stream'));
      await appended(store.append('vpc-2', [event('C', { n: 3 })], 'no_stream'));
      // One append over two streams is one record: recovery checks each stream's revisions in it.
      expect(isRight(await store.appendToStreams([
        { stream: 'vpc-2', expected: 0, events: [event('E', { n: 4 })] },
        { stream: 'vpc-3', expected: 'no_stream', events: [event('F', { n: 5 })] },
      ]))).toBe(true);
      const before = await collect(store.readAll(0));
      const head = await store.headPosition();
      const id = await store.logId();
      await store.close();

      const reopened = await opened.reopen();
      expect(await reopened.headPosition()).toBe(head);
      expect(await reopened.logId()).toBe(id);
      expect(await collect(reopened.readAll(0))).toEqual(before);
      expect(await reopened.append('vpc-1', [event('D')], 0)).toEqual(wrong('vpc-1', 0, 1));
      const next = await appended(reopened.append('vpc-1', [event('D')], 'any'));
      expect(next.revision).toBe(2);
      expect(next.firstPosition).toBeGreaterThan(head);
    });
  });
}

const metadata = {
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  actor: { projectId: 'project-1', userId: 'user-1' },
  decidedAt: '2026-11-22T00:00:00Z',
};

function event(type: string, data: unknown = {}): NewEvent {
  return { type, version: 1, data, metadata };
}

async function appended(outcome: Promise<Either<AppendError, AppendResult>>): Promise<AppendResult> {
  const result = await outcome;
  if (isLeft(result)) throw new Error(`append failed: ${JSON.stringify(result.left)}`);
  return result.right;
}

function wrong(stream: string, expected: number | 'no_stream' | 'any', actual: number) {
  return { _tag: 'Left', left: { _tag: 'WrongExpectedRevision', stream, expected, actual } };
}

async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

function expectStrictlyIncreasing(positions: readonly number[]): void {
  for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
}

async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
