import { createHash } from 'node:crypto';
// Not the goal-state index: the archive's thread checksums with this module and should load little.
import { canonicalJson } from '../projections/goal-state/canonical-json.js';
import type { GoalStateDocument, Op } from '../projections/goal-state/ops.js';

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

const encodeOp = (op: Op, known: Map<object, string>): string =>
  op.op === 'upsert'
    ? `${UPSERT_JSON_START}${canonicalJson(op.body, known)}${upsertJsonEnd(JSON.stringify(op.kind), JSON.stringify(op.id))}`
    : deleteJson(JSON.stringify(op.kind), JSON.stringify(op.id));

/** Ops as canonical JSON: an array of them in the order given. */
export const encodeOps = (ops: readonly Op[], known: Map<object, string> = new Map()): string => `[${ops.map((op) => encodeOp(op, known)).join(',')}]`;

/**
 * encodeLine of a diff, written out: a diff's members are known, so their sorted order is too.
 * The southbound makes one line per host per event, so this is its hottest path; the test holds it
 * equal to encodeLine.
 */
export const encodeDiff = (diff: Omit<Diff, 'type'>, known: Map<object, string> = new Map()): string =>
  `{"hostId":${JSON.stringify(diff.hostId)},"ops":${encodeOps(diff.ops, known)},"position":${diff.position},"seq":${diff.seq},"type":"diff"}\n`;

/**
 * encodeLine of a snapshot whose goal state is already in canonical JSON, written out like
 * encodeDiff (the test holds them equal): a snapshot of a big host is mostly a copy.
 */
export const encodeSnapshot = (snapshot: Omit<Snapshot, 'type' | 'goal_state'>, encodedGoalState: string): string =>
  `{"checksum":${JSON.stringify(snapshot.checksum)},"goal_state":${encodedGoalState},"hostId":${JSON.stringify(snapshot.hostId)},` +
  `"position":${snapshot.position},"seq":${snapshot.seq},"type":"snapshot"}\n`;

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** checksumOf a goal state given as its canonical encoding (text or UTF-8), with no kind that holds nothing. */
export const checksumOfEncoded = (encodedGoalState: string | Uint8Array): string => sha256(encodedGoalState);

/**
 * A goal state as the UTF-8 bytes of its canonical JSON, with its checksum: what an as-of read
 * sends as it is. Bytes, not a string: megabytes of them stay off the JavaScript heap.
 */
export interface EncodedGoalState {
  readonly utf8: Buffer;
  readonly checksum: string;
}

export const encodedGoalStateOf = (encoded: string | Buffer): EncodedGoalState => {
  const utf8 = typeof encoded === 'string' ? Buffer.from(encoded) : encoded;
  return { utf8, checksum: checksumOfEncoded(utf8) };
};

/** sha256 of the canonical encoding of a goal state (kinds holding nothing are left out). */
export const checksumOf = (goalState: GoalStateDocument): string => {
  const present = Object.fromEntries(Object.entries(goalState).filter(([, entries]) => Object.keys(entries ?? {}).length > 0));
  return sha256(canonicalJson(present));
};

/** The digest of all streams at once: sha256 over "host digest\n" lines in host order. */
export const overallDigest = (digests: Readonly<Record<string, string>>): string =>
  sha256(
    Object.keys(digests)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((host) => `${host} ${digests[host]}\n`)
      .join(''),
  );
