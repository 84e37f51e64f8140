// Loaded by the archive's thread, as archive-records.ts is.
import { netChangeOf, type Entries } from '../../projections/goal-state/net-change.js';
import { byText } from '../../projections/goal-state/ops.js';
import { deleteJson, UPSERT_JSON_START, upsertJsonEnd } from '../wire.js';
import { idOf, recordsAt, writeGoalState, type GoalStateSink } from './archive-records.js';

/** An entry as the records hold it: its id as JSON, and its body's canonical JSON. */
type Entry = [id: string, body: Buffer];

/** A goal state's entries as a fold gives them: per kind, [id as JSON, body], in canonical order. */
class GoalStateEntries implements GoalStateSink, Entries<Entry> {
  private readonly tables = new Map<string, Entry[]>();
  private table: Entry[] = [];

  kind(kind: string): void {
    this.tables.set(kind, (this.table = []));
  }

  line(lines: Buffer, idStart: number, bodyTab: number, end: number): void {
    this.table.push([lines.toString('utf8', idStart, bodyTab), lines.subarray(bodyTab + 1, end)]);
  }

  entry(id: string, body: Buffer): void {
    this.table.push([id, body]);
  }

  of(kind: string): readonly Entry[] {
    return this.tables.get(kind) ?? [];
  }

  // Equal JSON is the same id; others are compared decoded, as the goal states sort them.
  order([a]: Entry, [b]: Entry): number {
    return a === b ? 0 : byText(idOf(a), idOf(b));
  }

  // Bodies are canonical JSON: equal bodies are equal bytes.
  same([, a]: Entry, [, b]: Entry): boolean {
    return a.equals(b);
  }
}

const entriesAt = (hostId: string, frames: Iterable<Buffer>, position: number): GoalStateEntries => {
  const entries = new GoalStateEntries();
  writeGoalState(recordsAt(hostId, frames, position), entries);
  return entries;
};

/**
 * The net change (netChangeOf) of a host's goal state from `from` to `to` as the JSON of its ops,
 * as southbound/wire.ts encodes them, from the frames of its records at each: entries compared by
 * their bodies' bytes, which are canonical JSON, no body parsed.
 */
export const netChangeOfRecords = (hostId: string, before: Iterable<Buffer>, from: number, after: Iterable<Buffer>, to: number): Buffer => {
  const pieces: (string | Buffer)[] = ['['];
  const separate = (): void => {
    if (pieces.length > 1) pieces.push(',');
  };
  netChangeOf(entriesAt(hostId, before, from), entriesAt(hostId, after, to), {
    upsert: (kind, [id, body]) => {
      separate();
      pieces.push(UPSERT_JSON_START, body, upsertJsonEnd(JSON.stringify(kind), id));
    },
    delete: (kind, [id]) => {
      separate();
      pieces.push(deleteJson(JSON.stringify(kind), id));
    },
  });
  pieces.push(']');
  return Buffer.concat(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)));
};
