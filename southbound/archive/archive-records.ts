// Only what the archive's thread needs: it loads this module and what it imports.
import { Checksum } from '../../projections/goal-state/checksum.js';
import { byText, type Body, type Op } from '../../projections/goal-state/ops.js';
import { gapAfter, type GoalStateTables } from '../diff-ops.js';
import { entryDigest } from '../wire.js';

/*
 * The goal-state archive's text. A host's file is a run of records, each a header line and its
 * entry lines:
 *   @snapshot <position> <seq>   then every entry of the goal state, in canonical order
 *   @diff <position> <seq>       then the diff's ops
 * An entry or an upsert is `+<kind>\t<id as JSON>\t<body as canonical JSON>`, a delete
 * `-<kind>\t<id as JSON>`. JSON never holds a raw tab or newline, so a read splits lines and fields
 * with indexOf and parses no body: a host's goal state as of a moment comes out as its canonical
 * JSON, ready to send, and its checksum (an entry line without its + is the entry's text that
 * checksum.ts digests), without being built as objects on the way.
 */

const entryLine = (kind: string, id: string, encodedBody: string): string => `+${kind}\t${JSON.stringify(id)}\t${encodedBody}\n`;

/**
 * Diff `seq` of a host, made by the event at `position`; `encodeBody` gives a body's canonical JSON,
 * `lines` keeps each op's line for the other hosts the same op object reaches.
 */
export const diffRecord = (position: number, seq: number, ops: readonly Op[], encodeBody: (body: Body) => string, lines = new Map<Op, string>()): string => {
  let text = `@diff ${position} ${seq}\n`;
  for (const op of ops) {
    let line = lines.get(op);
    if (line === undefined) lines.set(op, (line = op.op === 'upsert' ? entryLine(op.kind, op.id, encodeBody(op.body)) : `-${op.kind}\t${JSON.stringify(op.id)}\n`));
    text += line;
  }
  return text;
};

/** An id as the records hold it (JSON) back to the id, for sorting: most need no parse. */
export const idOf = (json: string): string => (json.includes('\\') ? (JSON.parse(json) as string) : json.slice(1, -1));

const NEWLINE = 0x0a;
const NEWLINE_BYTE = Buffer.from('\n');
const TAB = 0x09;
const COLON = 0x3a;
const COMMA = 0x2c;
/** Where a header line starts: records' other lines start with + or -. */
const HEADER = Buffer.from('\n@');

/** A goal state folded from records: its canonical JSON, its checksum, and how many entries each kind holds (kinds holding none left out). */
export interface FoldedGoalState {
  readonly utf8: Buffer;
  readonly checksum: string;
  readonly entriesPerKind: Readonly<Record<string, number>>;
}

/**
 * Entries diffs changed since the snapshot: per kind, per id as JSON, the body's bytes, or null
 * once deleted (the snapshot under them may hold the id). A kind left with no entry is left out
 * when the fold writes the goal state.
 */
class Changes implements GoalStateTables<string, Buffer> {
  readonly tables = new Map<string, Map<string, Buffer | null>>();

  private tableOf(kind: string): Map<string, Buffer | null> {
    let table = this.tables.get(kind);
    if (!table) this.tables.set(kind, (table = new Map()));
    return table;
  }

  upsert(kind: string, id: string, body: Buffer): void {
    this.tableOf(kind).set(id, body);
  }

  delete(kind: string, id: string): void {
    this.tableOf(kind).set(id, null);
  }
}

/** The start of the next record after the entry lines that begin at `from`: the next header, or the frame's end. */
const recordEnd = (frame: Buffer, from: number): number => {
  const header = frame.indexOf(HEADER, from - 1);
  return header < 0 ? frame.length : header + 1;
};

/** Applies the ops of a diff's lines, from `from` up to `to`, to the tables: ids as JSON, bodies as their bytes. */
const applyLines = (tables: GoalStateTables<string, Buffer>, frame: Buffer, from: number, to: number): void => {
  for (let start = from; start < to; ) {
    const end = frame.indexOf(NEWLINE, start);
    const tab = frame.indexOf(TAB, start);
    const kind = frame.toString('utf8', start + 1, tab);
    if (frame[start] === 0x2b /* + */) {
      const bodyTab = frame.indexOf(TAB, tab + 1);
      tables.upsert(kind, frame.toString('utf8', tab + 1, bodyTab), frame.subarray(bodyTab + 1, end));
    } else tables.delete(kind, frame.toString('utf8', tab + 1, end));
    start = end + 1;
  }
};

/** Where a fold puts a goal state's entries, kind by kind, each kind's in canonical order. */
export interface GoalStateSink {
  /** Starts a kind's entries (it may get none). */
  kind(kind: string): void;
  /** A snapshot's entry line: its id as JSON from `idStart`, its body after the tab at `bodyTab`, up to `end`. */
  line(lines: Buffer, idStart: number, bodyTab: number, end: number): void;
  /** An entry a diff put: its id as JSON, and its body. */
  entry(id: string, body: Buffer): void;
}

/** The canonical JSON of a goal state, written into bytes that grow as needed, and its checksum, entry by entry. */
class GoalStateBytes implements GoalStateSink {
  private bytes: Buffer;
  private readonly checksum = new Checksum();
  private at = 0;
  private kinds = 0;
  /** Entries written in the kind's table so far. */
  private entries = 0;
  /** A kind started whose table is not opened yet. */
  private pendingKind?: string;
  /** The kind whose table is open. */
  private kindOpen = '';
  /** Entries per kind written. */
  readonly entriesPerKind: Record<string, number> = {};

  /** Writes into `memory` (or memory of its own if it is too small, or not given). */
  constructor(capacity: number, memory?: Buffer) {
    this.bytes = memory && memory.length >= capacity ? memory : GoalStateBytes.allocate(capacity);
    this.bytes[this.at++] = 0x7b; /* { */
  }

  // Never from Buffer's shared pool: the thread hands the bytes over by transferring their memory.
  private static allocate(size: number): Buffer {
    return Buffer.allocUnsafeSlow(size);
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.bytes.length) return;
    const larger = GoalStateBytes.allocate(Math.max(2 * this.bytes.length, this.at + bytes));
    this.bytes.copy(larger, 0, 0, this.at);
    this.bytes = larger;
  }

  /** Starts a kind's table, opened on its first entry so a kind left with none is left out. */
  kind(kind: string): void {
    this.close();
    this.pendingKind = kind;
  }

  /** Opens the kind's table, or separates the entry from the one before; then makes room for `bytes` more. */
  private nextEntry(bytes: number): void {
    if (this.pendingKind !== undefined) {
      const opening = `${this.kinds++ > 0 ? ',' : ''}${JSON.stringify(this.pendingKind)}:{`;
      this.room(Buffer.byteLength(opening));
      this.at += this.bytes.write(opening, this.at);
      this.kindOpen = this.pendingKind;
      this.pendingKind = undefined;
    } else {
      this.room(1);
      this.bytes[this.at++] = COMMA;
    }
    this.entries += 1;
    this.room(bytes);
  }

  /** A snapshot's entry line as it is: its id, then its body after the tab, which becomes a colon. */
  line(lines: Buffer, idStart: number, bodyTab: number, end: number): void {
    this.nextEntry(end - idStart);
    // The line is `+kind TAB id TAB body`: the entry's text follows the +.
    this.checksum.add(entryDigest(lines.subarray(idStart - this.kindOpen.length - 1, end)));
    lines.copy(this.bytes, this.at, idStart, end);
    this.bytes[this.at + bodyTab - idStart] = COLON;
    this.at += end - idStart;
  }

  entry(id: string, body: Buffer): void {
    this.nextEntry(Buffer.byteLength(id) + 1 + body.length);
    this.checksum.add(entryDigest(Buffer.concat([Buffer.from(`${this.kindOpen}\t${id}\t`), body])));
    this.at += this.bytes.write(id, this.at);
    this.bytes[this.at++] = COLON;
    this.at += body.copy(this.bytes, this.at);
  }

  /** Closes the kind's table if it was opened. */
  private close(): void {
    if (this.entries > 0) {
      this.room(1);
      this.bytes[this.at++] = 0x7d; /* } */
      this.entriesPerKind[this.kindOpen] = this.entries;
    }
    this.entries = 0;
    this.pendingKind = undefined;
  }

  done(): FoldedGoalState {
    this.close();
    this.room(1);
    this.bytes[this.at++] = 0x7d; /* } */
    return { utf8: this.bytes.subarray(0, this.at), checksum: this.checksum.hex(), entriesPerKind: this.entriesPerKind };
  }
}

/**
 * One kind's entries: the snapshot's lines of that kind from `at` (if it has any) merged, by
 * decoded id, with the diffs' changes to it. Returns where the snapshot's next kind starts.
 */
const writeTable = (out: GoalStateSink, kind: string, changed: ReadonlyMap<string, Buffer | null> | undefined, lines?: Buffer, at = 0): number => {
  out.kind(kind);
  const changes = [...(changed ?? [])].map(([id, body]) => ({ decoded: idOf(id), id, body })).sort((a, b) => byText(a.decoded, b.decoded));
  let next = 0;
  const changesBefore = (decoded: string): void => {
    for (; next < changes.length && changes[next].decoded < decoded; next++) if (changes[next].body) out.entry(changes[next].id, changes[next].body!);
  };
  const prefix = Buffer.from(`+${kind}\t`);
  for (; lines && at < lines.length && startsWith(lines, at, prefix); ) {
    const end = lines.indexOf(NEWLINE, at);
    const idStart = at + prefix.length;
    const bodyTab = lines.indexOf(TAB, idStart);
    at = end + 1;
    if (next < changes.length) {
      const decoded = idOf(lines.toString('utf8', idStart, bodyTab));
      changesBefore(decoded);
      if (next < changes.length && changes[next].decoded === decoded) {
        const { id, body } = changes[next++];
        if (body) out.entry(id, body);
        continue;
      }
    }
    out.line(lines, idStart, bodyTab, end);
  }
  for (; next < changes.length; next++) if (changes[next].body) out.entry(changes[next].id, changes[next].body!);
  return at;
};

const startsWith = (bytes: Buffer, at: number, prefix: Buffer): boolean => {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
};

/** The snapshot's entry lines merged with the changes since, kind by kind in canonical order. */
export const writeGoalState = ({ snapshot, changes: { tables: changes } }: Records, out: GoalStateSink): void => {
  const kindsChanged = [...changes.keys()].sort(byText);
  let k = 0;
  for (let at = 0; snapshot && at < snapshot.length; ) {
    const kind = snapshot.toString('utf8', at + 1, snapshot.indexOf(TAB, at));
    for (; k < kindsChanged.length && kindsChanged[k] < kind; k++) writeTable(out, kindsChanged[k], changes.get(kindsChanged[k]));
    if (kindsChanged[k] === kind) k++;
    at = writeTable(out, kind, changes.get(kind), snapshot, at);
  }
  for (; k < kindsChanged.length; k++) writeTable(out, kindsChanged[k], changes.get(kindsChanged[k]));
};

/** What a host's records hold after a position: the entry lines of its last snapshot then, and the changes since. */
interface Records {
  readonly snapshot?: Buffer;
  readonly changes: Changes;
}

/**
 * The records after `position`, from frames of records that start with a snapshot or with the
 * host's first diff; frames after the position are never asked for. A diff that does not follow
 * the seq before it means the records are not whole: that throws.
 */
export const recordsAt = (hostId: string, frames: Iterable<Buffer>, position: number): Records => {
  let snapshot: Buffer | undefined;
  let changes = new Changes();
  let seq = 0;
  read: for (const frame of frames) {
    for (let start = 0; start < frame.length; ) {
      const end = frame.indexOf(NEWLINE, start);
      const [name, at, next] = frame.toString('latin1', start, end).split(' ');
      if (Number(at) > position) break read;
      const from = end + 1;
      start = recordEnd(frame, from);
      if (name === '@snapshot') {
        snapshot = frame.subarray(from, start);
        changes = new Changes();
      } else if (gapAfter(seq, Number(next))) throw new Error(`the goal-state archive of ${hostId} skips from seq ${seq} to ${next}`);
      else applyLines(changes, frame, from, start);
      seq = Number(next);
    }
  }
  return { snapshot, changes };
};

/**
 * The canonical JSON of a host's goal state after `position`, as UTF-8, from frames of its
 * records (see recordsAt). Works on the bytes as read: the snapshot's lines are copied as they
 * are, and only the ids near a diff's change are decoded. Written into `memory` when it is big
 * enough.
 */
export const foldRecords = (hostId: string, frames: Iterable<Buffer>, position: number, memory?: Buffer): FoldedGoalState => {
  const records = recordsAt(hostId, frames, position);
  // An entry takes fewer bytes than its line: most goal states fit the first allocation.
  const out = new GoalStateBytes(1024 + (records.snapshot?.length ?? 0), memory);
  writeGoalState(records, out);
  return out.done();
};

/** A snapshot record's entry lines, written from a fold: the snapshot's own lines copied in runs, a diff's entries made again. */
class SnapshotLines implements GoalStateSink {
  private readonly pieces: Buffer[];
  /** `+<kind>TAB`: an entry line up to its id. */
  private prefix = Buffer.alloc(0);
  /** Snapshot lines one after the other in the bytes read, not copied yet. */
  private run?: { lines: Buffer; start: number; end: number };

  constructor(header: string) {
    this.pieces = [Buffer.from(header)];
  }

  kind(kind: string): void {
    this.prefix = Buffer.from(`+${kind}\t`);
  }

  line(lines: Buffer, idStart: number, _bodyTab: number, end: number): void {
    const start = idStart - this.prefix.length;
    if (this.run?.lines === lines && this.run.end === start) this.run.end = end + 1;
    else {
      this.endRun();
      this.run = { lines, start, end: end + 1 };
    }
  }

  entry(id: string, body: Buffer): void {
    this.endRun();
    this.pieces.push(this.prefix, Buffer.from(`${id}\t`), body, NEWLINE_BYTE);
  }

  private endRun(): void {
    if (this.run) this.pieces.push(this.run.lines.subarray(this.run.start, this.run.end));
    this.run = undefined;
  }

  done(): Buffer {
    this.endRun();
    return Buffer.concat(this.pieces);
  }
}

/**
 * The snapshot record of a host's goal state after `position`, at its diff `seq`, from frames of
 * its records (see recordsAt): every entry of the goal state in canonical order, made from the last
 * snapshot and the diffs since, so the archive's thread makes it, not the server's.
 */
export const snapshotOfRecords = (hostId: string, frames: Iterable<Buffer>, position: number, seq: number): Buffer => {
  const out = new SnapshotLines(`@snapshot ${position} ${seq}\n`);
  writeGoalState(recordsAt(hostId, frames, position), out);
  return out.done();
};
