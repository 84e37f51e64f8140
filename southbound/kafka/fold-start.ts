import type { World } from '../../domain/index.js';
import type { GoalStatesState } from '../../projections/goal-state/index.js';
import type { HostStreamsState } from '../host-streams.js';
import { diffLine } from '../wire.js';
import { partitionOf } from './partition.js';

/**
 * A fold of the log at `position` (a node's checkpoint) that catching up may start from instead
 * of the log's start. It must be the publisher's own copy: the publisher folds on in it. Of each
 * host's kept diffs only the last is needed.
 */
export interface FoldStart {
  readonly position: number;
  readonly world: World;
  readonly goalStates: GoalStatesState;
  readonly streams: HostStreamsState;
}

/** A diffs partition's last diffs made by the fold start's position: all at `position`, one line per host. */
export interface LastMade {
  readonly position: number;
  readonly lines: readonly string[];
}

/**
 * Per diffs partition with any diff made by `start.position`, the position of its last one and the
 * lines of every host's diff there (a partition holds several hosts, and one event can make a diff
 * for several of them). Undefined when a host's last diff is not among those the start kept, so
 * where it lies is not known.
 */
export const lastMadeByPartition = (start: FoldStart, partitions: number): Map<number, LastMade> | undefined => {
  const last = new Map<number, { position: number; lines: string[] }>();
  for (const [hostId, { seq, recent }] of start.streams.streams) {
    if (seq === 0) continue;
    const diff = recent.at(-1);
    if (diff?.seq !== seq) return undefined;
    const partition = partitionOf(hostId, partitions);
    const made = last.get(partition);
    const line = diffLine(hostId, seq, diff.position, diff.ops);
    if (!made || diff.position > made.position) last.set(partition, { position: diff.position, lines: [line] });
    else if (diff.position === made.position) made.lines.push(line);
  }
  return last;
};

/** A diffs partition's tail as read from Kafka: its last record's position, and the lines of its last records (oldest first). */
export interface TailRead {
  readonly position: number;
  readonly ending?: readonly string[];
}

/** How many of each partition's last records `coveredBy` needs to see: as many as the start's last diffs there. */
export const endingsNeeded = (start: FoldStart | undefined, partitions: number): Map<number, number> =>
  new Map([...((start && lastMadeByPartition(start, partitions)) ?? [])].map(([partition, { lines }]) => [partition, lines.length]));

/**
 * The partitions whose tails the start already holds, if Kafka holds every diff the start made;
 * undefined if not (catching up must then fold the log from its start). A partition holds a prefix
 * of its diffs in fold order, so: one whose tail lies after the start's position holds all of the
 * start's (the fold from the start meets its tail); one whose tail lies at or before it must end
 * with exactly the start's last diffs of the partition (every host's there, as one event can make
 * several); an empty one must have none.
 */
export const coveredBy = (start: FoldStart, tails: ReadonlyMap<number, TailRead | undefined>, partitions: number): Set<number> | undefined => {
  const last = lastMadeByPartition(start, partitions);
  if (!last) return undefined;
  const reached = new Set<number>();
  for (const [partition, tail] of tails) {
    const made = last.get(partition);
    if (!tail) {
      if (made) return undefined;
      reached.add(partition);
    } else if (made && tail.position <= start.position) {
      if (tail.position !== made.position || !sameLines(tail.ending?.slice(-made.lines.length) ?? [], made.lines)) return undefined;
      reached.add(partition);
    }
    // A tail after the start, or one of a partition the start made nothing for: the fold meets it, or finds that this log never made it.
  }
  return reached;
};

const sameLines = (held: readonly string[], made: readonly string[]): boolean => {
  if (held.length !== made.length) return false;
  const a = [...held].sort();
  const b = [...made].sort();
  return a.every((line, i) => line === b[i]);
};
