import type { RecordedEvent } from '../domain/index.js';
import type { Projection } from './projection.js';
import { subjectsOf, type ResourceKind } from './audit/subjects.js';

/** How long a key names its write: a retry a day later is a new request. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** What a write made under an `Idempotency-Key` left in the log: enough to answer its retry again. */
interface Write {
  commandId: string;
  /** The decision's time, from its events' metadata. */
  decidedAt: number;
  /** The positions of its first and last events (the last is the answer's world). */
  first: number;
  last: number;
  /** The resources its events created, in log order. */
  created: { readonly kind: ResourceKind; readonly id: string }[];
}
export type KeyedWrite = Readonly<Write>;

/** An event that brings a resource into the world (its first subject is the new resource). */
const isBirth = (event: RecordedEvent): boolean => event.type.endsWith('Created') || event.type === 'HostRegistered';

/**
 * The keys the log's writes were made under (event metadata), each with the write it names. The
 * first command under a key keeps it (a second one, raced in from another node, does not take it
 * over); keys older than a day, by the time of the log's events, are forgotten as the log goes on.
 */
export class IdempotencyKeys implements Projection {
  /** In log order, so the oldest are the first to forget. */
  private readonly writes: Map<string, Write>;

  /** Empty, or the keys a checkpoint saved. */
  constructor(saved: ReadonlyMap<string, KeyedWrite> = new Map()) {
    this.writes = new Map([...saved].map(([key, write]) => [key, { ...write, created: [...write.created] }]));
  }

  /** For a checkpoint: a copy, which the next event leaves as it is (a write's last position and creations grow). */
  saved(): ReadonlyMap<string, KeyedWrite> {
    return new Map([...this.writes].map(([key, write]) => [key, { ...write, created: [...write.created] }]));
  }

  apply(event: RecordedEvent): void {
    const decidedAt = Date.parse(event.metadata.decidedAt);
    this.forgetBefore(decidedAt - KEY_LIFETIME_MS);
    const key = event.metadata.idempotencyKey;
    if (key === undefined) return;
    let write = this.writes.get(key);
    if (write === undefined) this.writes.set(key, (write = { commandId: event.metadata.commandId, decidedAt, first: event.position, last: event.position, created: [] }));
    else if (write.commandId !== event.metadata.commandId) return;
    write.last = event.position;
    if (isBirth(event)) write.created.push(subjectsOf(event, () => undefined)[0]);
  }

  /** The write made under `key` less than a day before `now` (milliseconds since the epoch, the caller's clock). */
  find(key: string, now: number): KeyedWrite | undefined {
    const write = this.writes.get(key);
    return write && write.decidedAt > now - KEY_LIFETIME_MS ? write : undefined;
  }

  private forgetBefore(cutoff: number): void {
    for (const [key, write] of this.writes) {
      if (write.decidedAt >= cutoff) return;
      this.writes.delete(key);
    }
  }
}
