import { createHash } from 'node:crypto';
// Not the goal-state index: the archive's thread checksums with this module and should load little.
import { canonicalJson } from '../projections/goal-state/canonical-json.js';
import { Checksum, entryText } from '../projections/goal-state/checksum.js';
import type { Body, GoalStateDocument, Op } from '../projections/goal-state/ops.js';

/** Diff k of a host: applied to its goal state at diff k-1, gives its goal state after `position`. */
export interface Diff {
  readonly type: 'diff';
  readonly hostId: string;
  readonly seq: number;
  readonly position: number;
  readonly ops: readonly Op[];
}

/** A host's whole goal state at `seq` (after log position `position`), with its checksum. */
export interface Snapshot {
  readonly type: 'snapshot';
  readonly hostId: string;
  readonly seq: number;
  readonly position: number;
  readonly checksum: string;
  readonly goal_state: GoalStateDocument;
}

/** Says the stream is alive, and where the host's stream is: an agent at `seq` must have `checksum`. */
export interface Heartbeat {
  readonly type: 'heartbeat';
  readonly hostId: string;
  readonly seq: number;
  readonly checksum: string;
}

export type WatchLine = Diff | Snapshot | Heartbeat;

/**
 * One NDJSON line: canonical JSON and a newline. Diffs are encoded once, here, for every reader and
 * digest; `known` carries the encodings of bodies already made for other hosts' diffs of the same event.
 */
export const encodeLine = (line: WatchLine, known?: Map<object, string>): string => `${canonicalJson(line, known)}\n`;

/*
 * An op's canonical JSON, written out: its members in sorted order, so an upsert is its body's JSON
 * between these two, and a delete has no body. The one place ops become JSON by hand (the archive
 * writes its net change with them, from bodies it holds as bytes).
 */
export const UPSERT_JSON_START = '{"body":';
export const upsertJsonEnd = (kindJson: string, idJson: string): string => `,"id":${idJson},"kind":${kindJson},"op":"upsert"}`;
export const deleteJson = (kindJson: string, idJson: string): string => `{"id":${idJson},"kind":${kindJson},"op":"delete"}`;

/** An op's JSON, made once for the op object: the goal states hand every host an entry reaches the same op. */
const encodeOp = (op: Op, known: Map<object, string>): string => {
  const seen = known.get(op);
  if (seen !== undefined) return seen;
  const text =
    op.op === 'upsert'
      ? `${UPSERT_JSON_START}${canonicalJson(op.body, known)}${upsertJsonEnd(JSON.stringify(op.kind), JSON.stringify(op.id))}`
      : deleteJson(JSON.stringify(op.kind), JSON.stringify(op.id));
  known.set(op, text);
  return text;
};

/** Ops as canonical JSON: an array of them in the order given. */
export const encodeOps = (ops: readonly Op[], known: Map<object, string> = new Map()): string => `[${ops.map((op) => encodeOp(op, known)).join(',')}]`;

/**
 * encodeLine of a diff, written out: a diff's members are known, so their sorted order is too.
 * The southbound makes one line per host per event, so this is its hottest path; the test holds it
 * equal to encodeLine.
 */
export const encodeDiff = (diff: Omit<Diff, 'type'>, known: Map<object, string> = new Map()): string =>
  diffLine(diff.hostId, diff.seq, diff.position, encodeOps(diff.ops, known));

/** encodeDiff with its ops already encoded (encodeOps): the host streams keep a diff as its ops' JSON and frame it when read. */
export const diffLine = (hostId: string, seq: number, position: number, encodedOps: string): string =>
  `${diffHead(hostId)}${encodedOps}${diffTail(seq, position)}`;

/** A diff line of the host up to its ops, and after them: the stream digests take a line in these three parts, not made into one. */
export const diffHead = (hostId: string): string => `{"hostId":${JSON.stringify(hostId)},"ops":`;
export const diffTail = (seq: number, position: number): string => `,"position":${position},"seq":${seq},"type":"diff"}\n`;

/**
 * encodeLine of a snapshot whose goal state is already canonical JSON in UTF-8, written out like
 * encodeDiff (the test holds them equal), as pieces to send one after the other: a snapshot of a
 * big host is its goal state's bytes as they are, framed.
 */
export const encodeSnapshot = (snapshot: Omit<Snapshot, 'type' | 'goal_state'>, encodedGoalState: Buffer): Buffer[] => [
  Buffer.from(`{"checksum":${JSON.stringify(snapshot.checksum)},"goal_state":`),
  encodedGoalState,
  Buffer.from(`,"hostId":${JSON.stringify(snapshot.hostId)},"position":${snapshot.position},"seq":${snapshot.seq},"type":"snapshot"}\n`),
];

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** sha256 of an entry's text (projections/goal-state/checksum.ts) as 32 latin1 characters: what each entry adds to its host's checksum. */
export const entryDigest = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('binary');

/**
 * A goal state as the UTF-8 bytes of its canonical JSON, with its checksum: what an as-of read
 * sends as it is. Bytes, not a string: megabytes of them stay off the JavaScript heap.
 */
export interface EncodedGoalState {
  readonly utf8: Buffer;
  readonly checksum: string;
}

/**
 * A goal state's checksum computed from scratch: the sum modulo 2^256 of sha256 of each entry's
 * `kind TAB id-as-JSON TAB body-as-canonical-JSON` (see checksum.ts); what the incremental ones equal.
 */
export const checksumOf = (goalState: GoalStateDocument): string => checksumFromScratch(goalState).hex();

/** The digest an entry adds to its host's checksum, from its body as data. */
export const digestOfEntry = (kind: string, id: string, body: Body): string => entryDigest(entryText(kind, id, canonicalJson(body)));

/** checksumOf, as a checksum that ops can go on updating. */
export const checksumFromScratch = (goalState: GoalStateDocument): Checksum => {
  const checksum = new Checksum();
  for (const [kind, entries] of Object.entries(goalState)) for (const [id, body] of Object.entries(entries ?? {})) checksum.add(digestOfEntry(kind, id, body));
  return checksum;
};

export const encodedGoalStateOf = (goalState: GoalStateDocument): EncodedGoalState => ({ utf8: Buffer.from(canonicalJson(goalState)), checksum: checksumOf(goalState) });

/** The digest of all streams at once: sha256 over "host digest\n" lines in host order. */
export const overallDigest = (digests: Readonly<Record<string, string>>): string =>
  sha256(
    Object.keys(digests)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((host) => `${host} ${digests[host]}\n`)
      .join(''),
  );
