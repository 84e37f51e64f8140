import { createHash } from 'node:crypto';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { logStamp, type LogIdentity, type LogStamp } from '../../domain/log/log-stamp.js';

/** A digest of the event at `position` as the store reads it back; undefined when the log holds none there. */
const digestAt = async (store: EventStore, position: number): Promise<string | undefined> => {
  if (position === 0) return '';
  for await (const event of store.readAll(position - 1, 1)) {
    return event.position === position ? createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 32) : undefined;
  }
  return undefined;
};

/** A store's log as its derived data sees it: stamps from its id and its events, checked against its head. */
export const logIdentityOf = (store: EventStore): LogIdentity => ({
  stampAt: async (position): Promise<LogStamp> => ({ logId: await store.logId(), position, digest: (await digestAt(store, position)) ?? '' }),
  mismatch: async (stamp) => {
    const decoded = logStamp.decode(stamp);
    if (isLeft(decoded)) return 'it records no log stamp (written before log ids, or damaged)';
    const { logId, position, digest } = decoded.right;
    const id = await store.logId();
    if (logId !== id) return `it was derived from log ${logId}, and this log is ${id}`;
    const head = await store.headPosition();
    if (position > head) return `it goes to position ${position}, past the log's head ${head} (the log restored from an older copy?)`;
    if ((await digestAt(store, position)) !== digest) return `the event at position ${position} is not the one it was derived from (the log restored from another copy, or replaced)`;
    return undefined;
  },
});
