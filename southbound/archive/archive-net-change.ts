// Loaded by the archive's thread, as archive-records.ts is.
import { byText, KINDS } from '../../projections/goal-state/ops.js';
import { idOf, recordsAt, writeGoalState, type GoalStateSink } from './archive-records.js';

/** A goal state's entries as a fold gives them: per kind, [id as JSON, body], in canonical order. */
class GoalStateEntries implements GoalStateSink {
  readonly tables = new Map<string, [id: string, body: Buffer][]>();
  private table: [string, Buffer][] = [];

  kind(kind: string): void {
    this.tables.set(kind, (this.table = []));
  }

  line(lines: Buffer, idStart: number, bodyTab: number, end: number): void {
    this.table.push([lines.toString('utf8', idStart, bodyTab), lines.subarray(bodyTab + 1, end)]);
  }

  entry(id: string, body: Buffer): void {
    this.table.push([id, body]);
  }
}

const entriesAt = (hostId: string, frames: Iterable<Buffer>, position: number): GoalStateEntries => {
  const entries = new GoalStateEntries();
  writeGoalState(recordsAt(hostId, frames, position), entries);
  return entries;
};

/**
 * The net change of a host's goal state from `from` to `to` as the JSON of its ops (as
 * southbound/wire.ts encodes them, in the order of netChange), from the frames of its records at
 * each: entries compared by their bodies' bytes, which are canonical JSON, no body parsed.
 */
export const netChangeOfRecords = (hostId: string, before: Iterable<Buffer>, from: number, after: Iterable<Buffer>, to: number): Buffer => {
  const was = entriesAt(hostId, before, from).tables;
  const is = entriesAt(hostId, after, to).tables;
  const pieces: (string | Buffer)[] = ['['];
  const op = (text: string): void => {
    pieces.push(pieces.length > 1 ? `,${text}` : text);
  };
  for (const kind of KINDS) {
    const kindJson = JSON.stringify(kind);
    const upsert = ([id, body]: [string, Buffer]): void => {
      op('{"body":');
      pieces.push(body, `,"id":${id},"kind":${kindJson},"op":"upsert"}`);
    };
    const older = was.get(kind) ?? [];
    const newer = is.get(kind) ?? [];
    for (let i = 0, j = 0; i < older.length || j < newer.length; ) {
      const order = i === older.length ? 1 : j === newer.length ? -1 : older[i][0] === newer[j][0] ? 0 : byText(idOf(older[i][0]), idOf(newer[j][0]));
      if (order < 0) op(`{"id":${older[i++][0]},"kind":${kindJson},"op":"delete"}`);
      else if (order > 0) upsert(newer[j++]);
      else if (!older[i++][1].equals(newer[j][1])) upsert(newer[j++]);
      else j++;
    }
  }
  pieces.push(']');
  return Buffer.concat(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)));
};
