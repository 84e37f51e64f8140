import { describe, expect, it } from 'vitest';
import { emptyWorld } from '../../domain/index.js';
import { GoalStates } from '../../projections/goal-state/index.js';
import { diffLine } from '../wire.js';
import { coveredBy, endingsNeeded, type FoldStart } from './fold-start.js';
import { partitionOf } from './partition.js';

const PARTITIONS = 3;
const hostsIn = (partition: number) => Array.from({ length: 50 }, (_, i) => `host-${i}`).filter((hostId) => partitionOf(hostId, PARTITIONS) === partition);
// Two hosts sharing partition 0, one in partition 1, none in partition 2.
const [a, b] = hostsIn(0);
const [c] = hostsIn(1);
const ops = (seq: number) => `[{"op":"remove","kind":"neighbor","id":"p${seq}"}]`;
const line = (hostId: string, seq: number, position: number) => diffLine(hostId, seq, position, ops(seq));

/** A fold start at position 10: a's last diff (seq 3) at 9, b's (seq 2) at 9 too (one event, two hosts), c's (seq 5) at 7. */
const start = (kept = true): FoldStart => {
  const stream = (hostId: string, seq: number, position: number) =>
    [hostId, { seq, recent: kept ? [{ seq, position, ops: ops(seq) }] : [], digest: { words: new Int32Array(8), tail: new Uint8Array(0), length: 0 } }] as const;
  return { position: 10, world: emptyWorld(), goalStates: new GoalStates().saved(), streams: { streams: new Map([stream(a, 3, 9), stream(b, 2, 9), stream(c, 5, 7)]), arrivals: new Map() } };
};

describe('coveredBy: Kafka holds every diff a fold start made', () => {
  it('asks for as many last records of a partition as the start has last diffs there', () => {
    expect(endingsNeeded(start(), PARTITIONS)).toEqual(new Map([[0, 2], [1, 1]]));
  });

  it('partitions ending with exactly the last diffs by the start, or empty with none made, are reached; a tail past the start is left to the fold', () => {
    const tails = new Map([
      [0, { position: 9, ending: [line(c, 4, 6), line(b, 2, 9), line(a, 3, 9)] }],
      [1, { position: 12 }],
      [2, undefined],
    ]);
    expect(coveredBy(start(), tails, PARTITIONS)).toEqual(new Set([0, 2]));
  });

  it("is not covered when a partition ends inside the start's last event: one host's diff there is missing", () => {
    const tails = new Map([[0, { position: 9, ending: [line(a, 2, 8), line(a, 3, 9)] }], [1, { position: 7, ending: [line(c, 5, 7)] }], [2, undefined]]);
    expect(coveredBy(start(), tails, PARTITIONS)).toBeUndefined();
  });

  it('is not covered when a tail lies before the last diff the start made there', () => {
    const tails = new Map([[0, { position: 9, ending: [line(b, 2, 9), line(a, 3, 9)] }], [1, { position: 6, ending: [line(c, 4, 6)] }], [2, undefined]]);
    expect(coveredBy(start(), tails, PARTITIONS)).toBeUndefined();
  });

  it('is not covered when a partition is empty though the start made diffs for it', () => {
    const tails = new Map([[0, { position: 11 }], [1, undefined], [2, undefined]]);
    expect(coveredBy(start(), tails, PARTITIONS)).toBeUndefined();
  });

  it("is not covered when a host's last diff is not among those the start kept", () => {
    const tails = new Map([[0, { position: 11 }], [1, { position: 11 }], [2, undefined]]);
    expect(coveredBy(start(false), tails, PARTITIONS)).toBeUndefined();
  });
});
