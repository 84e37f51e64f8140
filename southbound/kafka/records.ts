import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { EncodedDiff } from '../host-streams.js';
import type { Diff, Snapshot } from '../wire.js';
import { DiffCodec, SnapshotCodec, Seq, decodeFor, type BadLine } from '../wire-codec.js';
import { canonicalJson } from '../../projections/goal-state/index.js';

/**
 * A host's snapshot as the snapshots topic holds it: its goal state at `seq`, and the offset of the
 * diffs topic's partition from which the host's later diffs (seq > `seq`) are all to be found.
 */
export interface SnapshotRecord extends Snapshot {
  readonly offset: number;
}

/** A diff record's value is the diff's NDJSON line, the same bytes the HTTP watch sends. */
export const diffValue = (diff: EncodedDiff): Buffer => Buffer.from(diff.line, 'utf8');

export const snapshotValue = (snapshot: SnapshotRecord): Buffer => Buffer.from(canonicalJson(snapshot), 'utf8');

const SnapshotRecordCodec: t.Type<SnapshotRecord, unknown> = t.intersection([SnapshotCodec, t.type({ offset: Seq })]);

const orThrow = <A>(what: string, key: string, decoded: E.Either<BadLine, A>): A => {
  if (E.isLeft(decoded)) throw new Error(`${what} record keyed ${JSON.stringify(key)}: ${decoded.left.message}`);
  return decoded.right;
};

/** A record's value decoded (never cast); it must be a diff of the host it is keyed by. */
export const decodeDiff = (value: Buffer, key: string): Diff => orThrow('diff', key, decodeFor(DiffCodec, key, value.toString('utf8')));

export const decodeSnapshot = (value: Buffer, key: string): SnapshotRecord =>
  orThrow('snapshot', key, decodeFor(SnapshotRecordCodec, key, value.toString('utf8')));
