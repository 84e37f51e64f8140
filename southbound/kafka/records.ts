import type { EncodedDiff } from '../host-streams.js';
import type { Diff, Snapshot } from '../wire.js';
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

export const decodeDiff = (value: Buffer): Diff => JSON.parse(value.toString('utf8')) as Diff;

export const decodeSnapshot = (value: Buffer): SnapshotRecord => JSON.parse(value.toString('utf8')) as SnapshotRecord;
