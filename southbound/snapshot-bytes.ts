import { byText, type EncodedTables, type Kind, type Op } from '../projections/goal-state/index.js';

/**
 * Where one table lies in a goal state's encoding: its ids in canonical order, and where each
 * entry's bytes (`"id":BODY`) end; the first starts at `start`, each next one after a comma.
 */
interface TableAt {
  readonly kind: Kind;
  readonly ids: readonly string[];
  readonly start: number;
  readonly ends: Int32Array;
}

const startOf = (table: TableAt, k: number): number => (k === 0 ? table.start : table.ends[k - 1] + 1);

/** A host's goal state at `seq` as the UTF-8 of its canonical JSON, with where each entry lies in it. */
interface EncodedAt {
  readonly seq: number;
  /** The bytes, at the start of memory that may be longer (room for the next seq's). */
  readonly utf8: Buffer;
  readonly tables: readonly TableAt[];
  /** Responses still sending `utf8`: its memory is not written again before they are done. */
  readers: number;
}

/** What the encodings are read from: the host streams' goal states. */
export interface EncodedEntries {
  /** A host's tables in canonical order, each entry with its canonical JSON. */
  encodedTables(host: string): EncodedTables;
  /** The canonical JSON of the entry a host holds as (kind, id) now, or undefined if it holds none. */
  encodedEntry(host: string, kind: Kind, id: string): string | undefined;
}

/** Entries of one table to put in, in canonical order: the JSON of the body, or undefined where the entry goes. */
type TableChanges = ReadonlyArray<readonly [id: string, encoded: string | undefined]>;

interface Kept {
  at: EncodedAt;
  /** Memory of an earlier seq's bytes that nothing reads any more: where the next seq's go, if they fit. */
  spare?: Buffer;
  /** The (kind, id)s the host's diffs changed since `at.seq`. */
  readonly changed: Map<Kind, Set<string>>;
  changes: number;
}

const OPEN = 0x7b;
const CLOSE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
const EMPTY: EncodedAt = { seq: 0, utf8: Buffer.from('{}'), tables: [], readers: 0 };

/** The first index from `from` on whose id is not below `id` (ids in canonical order). */
const firstNotBelow = (ids: readonly string[], id: string, from: number): number => {
  let low = from;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle] < id) low = middle + 1;
    else high = middle;
  }
  return low;
};

/** New entries side by side: their ids, and their texts (`"id":BODY`) joined by commas, with the bytes of each. */
interface Fresh {
  readonly ids: string[];
  readonly texts: string[];
  joined?: string;
  lengths?: number[];
}

/** A table's entries as they go into the new encoding: runs of the old one's (first to last), and new ones. */
type Piece = { readonly first: number; readonly last: number } | Fresh;

/** Sets the joined text of new entries and each one's bytes (a scan of the whole, then of each only if it is not ASCII); returns the bytes of all. */
const measured = (fresh: Fresh): number => {
  const joined = fresh.texts.join(',');
  const bytes = Buffer.byteLength(joined);
  fresh.joined = joined;
  fresh.lengths = fresh.texts.map(bytes === joined.length ? (text) => text.length : (text) => Buffer.byteLength(text));
  return bytes;
};

/** The whole memory a buffer starts: what it may hold later. */
const roomOf = (utf8: Buffer): Buffer => Buffer.from(utf8.buffer, utf8.byteOffset, utf8.buffer.byteLength - utf8.byteOffset);

/**
 * `old` with `changes` (kinds in canonical order) put in, as a new encoding, in `room` if it fits
 * (else in new memory with a sixteenth, at least 4 KiB, to spare): the entries no change names are copied as bytes,
 * run by run, so a host with ten thousand entries and one new neighbor costs a copy of its bytes,
 * not an encoding. `old` itself is never written: a response may still be sending it.
 */
const patched = (old: EncodedAt, changes: ReadonlyArray<readonly [Kind, TableChanges]>, seq: number, room?: Buffer): EncodedAt => {
  const oldTables = new Map(old.tables.map((table) => [table.kind, table]));
  const changesOf = new Map(changes);
  const kinds = [...new Set([...oldTables.keys(), ...changesOf.keys()])].sort(byText);
  // First the plan and the size.
  const plans: { kind: Kind; kindJson: string; table?: TableAt; pieces: Piece[]; count: number }[] = [];
  let size = 2;
  for (const kind of kinds) {
    const table = oldTables.get(kind);
    const oldIds = table?.ids ?? [];
    const pieces: Piece[] = [];
    let count = 0;
    const run = (first: number, last: number) => {
      if (first > last) return;
      pieces.push({ first, last });
      count += last - first + 1;
    };
    let next = 0;
    for (const [id, encoded] of changesOf.get(kind) ?? []) {
      const at = firstNotBelow(oldIds, id, next);
      run(next, at - 1);
      next = at < oldIds.length && oldIds[at] === id ? at + 1 : at;
      if (encoded === undefined) continue;
      let fresh = pieces.at(-1);
      if (!fresh || !('texts' in fresh)) pieces.push((fresh = { ids: [], texts: [] }));
      fresh.ids.push(id);
      fresh.texts.push(`${JSON.stringify(id)}:${encoded}`);
      count += 1;
    }
    run(next, oldIds.length - 1);
    if (count === 0) continue;
    const kindJson = JSON.stringify(kind);
    plans.push({ kind, kindJson, table, pieces, count });
    // A comma before each table but the first, `"kind":{`, the entries with a comma between two, `}`.
    size += (plans.length > 1 ? 1 : 0) + Buffer.byteLength(kindJson) + 2 + pieces.length - 1 + 1;
    for (const piece of pieces) size += 'texts' in piece ? measured(piece) : table!.ends[piece.last] - startOf(table!, piece.first);
  }
  // Then the bytes, and where each entry now lies.
  const utf8 = (room && room.length >= size ? room : Buffer.allocUnsafeSlow(size + Math.max(4096, size >> 4))).subarray(0, size);
  const tables: TableAt[] = [];
  let at = 0;
  utf8[at++] = OPEN;
  for (const { kind, kindJson, table, pieces, count } of plans) {
    if (tables.length > 0) utf8[at++] = COMMA;
    at += utf8.write(kindJson, at);
    utf8[at++] = COLON;
    utf8[at++] = OPEN;
    const start = at;
    const ids = new Array<string>(count);
    const ends = new Int32Array(count);
    let n = 0;
    for (const piece of pieces) {
      if (n > 0) utf8[at++] = COMMA;
      if ('texts' in piece) {
        let end = at;
        for (let k = 0; k < piece.ids.length; k++) {
          end += (k > 0 ? 1 : 0) + piece.lengths![k];
          ids[n] = piece.ids[k];
          ends[n++] = end;
        }
        at += utf8.write(piece.joined!, at);
        continue;
      }
      const from = startOf(table!, piece.first);
      const shift = at - from;
      at += old.utf8.copy(utf8, at, from, table!.ends[piece.last]);
      for (let k = piece.first; k <= piece.last; k++) {
        ids[n] = table!.ids[k];
        ends[n++] = table!.ends[k] + shift;
      }
    }
    utf8[at++] = CLOSE;
    tables.push({ kind, ids, start, ends });
  }
  utf8[at++] = CLOSE;
  if (at !== size) throw new Error(`snapshot bytes: wrote ${at} of ${size}`);
  return { seq, utf8, tables, readers: 0 };
};

/** A goal state's bytes to send, and what to call once they are sent (their memory may then hold a later seq's). */
export interface LeasedBytes {
  readonly utf8: Buffer;
  readonly release: () => void;
}

/**
 * The canonical JSON of hosts' goal states as UTF-8, for snapshots: made from each entry's JSON
 * (kept by the goal states) the first time a host is asked for, then, at a later seq, the last one
 * with the entries its diffs changed since put in again from the goal states as they are now.
 * Kept for the hosts asked for last, up to `maxBytes` in all (with the memory of the seq before,
 * which the next one is written into once no response reads it: no new megabytes per change); a
 * host whose diffs changed more than a quarter of its entries is made again from its tables.
 */
export class SnapshotBytes {
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;

  constructor(
    private readonly entries: EncodedEntries,
    private readonly maxBytes = 64 * 2 ** 20,
  ) {}

  /** The ops of a host's diff: what the next snapshot must take again (the host streams call it with every diff). */
  record(hostId: string, ops: readonly Op[]): void {
    const kept = this.kept.get(hostId);
    if (!kept) return;
    for (const { kind, id } of ops) {
      let ids = kept.changed.get(kind);
      if (!ids) kept.changed.set(kind, (ids = new Set()));
      ids.add(id);
    }
    kept.changes += ops.length;
    if (kept.changes * 4 > Math.max(256, kept.at.tables.reduce((sum, table) => sum + table.ids.length, 0))) this.forget(hostId, kept);
  }

  /** The host's goal state at `seq` (its stream's seq now) as the UTF-8 of its canonical JSON. */
  utf8(hostId: string, seq: number): LeasedBytes {
    let kept = this.kept.get(hostId);
    if (kept && kept.at.seq === seq) this.touch(hostId, kept);
    else if (kept) {
      const old = kept.at;
      const room = kept.spare;
      kept.spare = undefined;
      this.bytes -= (room?.length ?? 0) + roomOf(old.utf8).length;
      kept.at = patched(old, this.changesSince(hostId, kept), seq, room);
      kept.changed.clear();
      kept.changes = 0;
      // What the new bytes did not take stays spare; the old bytes become spare once no response reads them.
      if (old.readers === 0) kept.spare = roomOf(old.utf8);
      else if (room && room.buffer !== kept.at.utf8.buffer) kept.spare = room;
      this.bytes += (kept.spare?.length ?? 0) + roomOf(kept.at.utf8).length;
      this.touch(hostId, kept);
    } else {
      kept = { at: patched(EMPTY, this.entries.encodedTables(hostId), seq), changed: new Map(), changes: 0 };
      this.kept.set(hostId, kept);
      this.bytes += roomOf(kept.at.utf8).length;
    }
    for (const [host, oldest] of this.kept) {
      if (this.bytes <= this.maxBytes || host === hostId) break;
      this.forget(host, oldest);
    }
    return this.lease(hostId, kept.at);
  }

  private lease(hostId: string, at: EncodedAt): LeasedBytes {
    at.readers += 1;
    let released = false;
    return {
      utf8: at.utf8,
      release: () => {
        if (released) return;
        released = true;
        at.readers -= 1;
        const kept = this.kept.get(hostId);
        if (at.readers > 0 || !kept || kept.at === at || kept.spare) return;
        kept.spare = roomOf(at.utf8);
        this.bytes += kept.spare.length;
      },
    };
  }

  private changesSince(hostId: string, kept: Kept): Array<readonly [Kind, TableChanges]> {
    return [...kept.changed]
      .sort(([a], [b]) => byText(a, b))
      .map(([kind, ids]) => [kind, [...ids].sort(byText).map((id) => [id, this.entries.encodedEntry(hostId, kind, id)] as const)] as const);
  }

  /** Most recently asked for last, so the oldest goes first. */
  private touch(hostId: string, kept: Kept): void {
    this.kept.delete(hostId);
    this.kept.set(hostId, kept);
  }

  private forget(hostId: string, kept: Kept): void {
    this.kept.delete(hostId);
    this.bytes -= roomOf(kept.at.utf8).length + (kept.spare?.length ?? 0);
  }
}
