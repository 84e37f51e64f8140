import { flatText, type RecordedEvent, type World } from '../domain/index.js';
import type { GoalStates, Op } from '../projections/goal-state/index.js';
import type { Projection } from '../projections/projection.js';
import { PortArrivals, type PortArrivalsState } from './port-arrivals.js';
import { SnapshotBytes } from './snapshot-bytes.js';
import type { DigestState } from './stream-digest.js';
import { streamDigests } from './stream-digests.js';
import { diffHead, diffLine, diffTail, encodeLine, encodeOps, encodeSnapshot, entryDigest, overallDigest, type Snapshot } from './wire.js';

/** A diff as it was encoded once for every reader. */
export interface EncodedDiff {
  readonly seq: number;
  readonly position: number;
  readonly line: string;
}

/** An EncodedDiff whose line is made when first read: most diffs have no reader that reads it (the archive reads their seqs). */
class Framed implements EncodedDiff {
  private made?: string;

  constructor(
    private readonly hostId: string,
    readonly seq: number,
    readonly position: number,
    private readonly ops: string,
  ) {}

  get line(): string {
    return (this.made ??= diffLine(this.hostId, this.seq, this.position, this.ops));
  }
}

/**
 * A diff as a host's stream keeps it: the JSON of its ops, without the host's framing (diffLine
 * puts it back when read), so the hosts an event reached with the same ops hold one string of
 * them, not one line each.
 */
export interface KeptDiff {
  readonly seq: number;
  readonly position: number;
  readonly ops: string;
}

/**
 * A host's stream. Its kept diffs are two arrays, oldest first, the last at `seq` (seqs contiguous),
 * not an object per diff: each kept diff outlived the scavenges and died in old space once 256
 * more came, and with a thousand hosts those objects were most of what the replay promoted.
 */
interface HostStream {
  seq: number;
  /** The log position of each kept diff. */
  readonly positions: number[];
  /** The JSON of each kept diff's ops. */
  readonly ops: string[];
  /** Its digest's slot in the stream digests. */
  readonly digest: number;
  /** Its diff lines up to their ops (diffHead). */
  readonly head: string;
  readonly readers: Set<(diff: EncodedDiff) => void>;
}

/** The seq of the stream's oldest kept diff. */
const firstKept = (stream: HostStream): number => stream.seq - stream.positions.length + 1;

/** The stream's kept diffs as a checkpoint holds them. */
const keptDiffs = (stream: HostStream): KeptDiff[] => {
  const first = firstKept(stream);
  return stream.positions.map((position, i) => ({ seq: first + i, position, ops: stream.ops[i] }));
};

interface HostStreamsOptions {
  /**
   * Diffs kept per host for readers that resume; an older cursor gets a snapshot first (default
   * 256: with a thousand hosts the window is most of a node's memory, and an agent that fell
   * further behind costs one snapshot).
   */
  readonly window?: number;
}

/**
 * Hears every diff of every host as it is made, in fold order, with its ops (the archive keeps
 * them, Kafka publishes them, the replay writes them out).
 */
export interface DiffRecorder {
  record(hostId: string, diff: EncodedDiff, ops: readonly Op[]): void;
}

/** What the streams hold that the log alone gives, for a checkpoint: each host's seq, its kept diffs and its digest so far. */
export interface HostStreamsState {
  readonly streams: ReadonlyMap<string, { readonly seq: number; readonly recent: readonly KeptDiff[]; readonly digest: DigestState }>;
  readonly arrivals: PortArrivalsState;
}

/** A snapshot line as pieces of UTF-8 to send one after the other, and what to call once they are sent (their memory is used again). */
export interface SnapshotPieces {
  readonly pieces: readonly Buffer[];
  readonly release: () => void;
}

export interface Digests {
  readonly position: number;
  readonly hosts: Record<string, string>;
  readonly overall: string;
}

/**
 * The southbound projector: turns what each event changed in the goal states into one dense
 * stream of diffs per host (seq from 1), encoded once, digested as it goes, the last `window`
 * kept for resuming readers. Everything here follows from the log alone, so a replay or a
 * restarted server makes the same streams byte for byte.
 */
export class HostStreams implements Projection {
  private readonly streams = new Map<string, HostStream>();
  private readonly window: number;
  private readonly recorders = new Set<DiffRecorder>();
  private readonly digester = streamDigests();
  /** The goal states' bytes for snapshots, of the hosts asked for last, kept up with every diff. */
  private readonly snapshotBytes: SnapshotBytes;
  /** The seq that brought each up port to its host. */
  readonly arrivals: PortArrivals;

  constructor(
    /** The goal states whose changes become the diffs: the node makes them, and only the streams apply them. */
    readonly goalStates: GoalStates,
    options: HostStreamsOptions = {},
    /** Where a node started from a checkpoint takes up its streams (with goal states restored from the same one). */
    saved?: HostStreamsState,
  ) {
    this.window = options.window ?? 256;
    goalStates.keepChecksums(entryDigest);
    this.snapshotBytes = new SnapshotBytes(goalStates);
    this.arrivals = new PortArrivals(saved?.arrivals);
    // A checkpoint holds each host's copy of an event's ops: they are shared again as they are taken up.
    const shared = new Map<string, string>();
    const sharedOps = (ops: string) => shared.get(ops) ?? (shared.set(ops, ops), ops);
    for (const [hostId, { seq, recent, digest }] of saved?.streams ?? []) {
      // Kept diffs end at the host's seq (what saved() hands out); any other list is not taken up.
      const kept = recent.at(-1)?.seq === seq ? recent.slice(Math.max(0, recent.length - this.window)) : [];
      this.streams.set(hostId, {
        seq,
        positions: kept.map((diff) => diff.position),
        ops: kept.map((diff) => sharedOps(diff.ops)),
        digest: this.digester.open(digest),
        head: diffHead(hostId),
        readers: new Set(),
      });
    }
  }

  /** The streams' state between two events, for a checkpoint: a copy, which the next event leaves as it is. */
  saved(): HostStreamsState {
    const streams = new Map<string, { seq: number; recent: readonly KeptDiff[]; digest: DigestState }>();
    for (const [hostId, stream] of this.streams)
      if (stream.seq > 0) streams.set(hostId, { seq: stream.seq, recent: keptDiffs(stream), digest: this.digester.state(stream.digest) });
    return { streams, arrivals: this.arrivals.saved() };
  }

  apply(event: RecordedEvent, world: World): void {
    // The hosts of one event share op and body objects (a new port is one neighbor upsert for all of them): encode each
    // once (the goal states hand over the bodies' encodings they made), and each list of ops that several hosts get once,
    // as one string, found by the numbers of its ops in this event rather than by hashing its text once per host.
    const known = new Map<object, string>();
    const numbers = new Map<Op, number>();
    const lists = new Map<string, string>();
    for (const [hostId, ops] of this.goalStates.apply(event, world, known)) {
      let key = '';
      for (const op of ops) {
        let number = numbers.get(op);
        if (number === undefined) numbers.set(op, (number = numbers.size));
        key += `${number},`;
      }
      let encoded = lists.get(key);
      if (encoded === undefined) lists.set(key, (encoded = flatText(encodeOps(ops, known))));
      this.append(hostId, event.position, ops, encoded);
    }
    this.digester.flush();
  }

  private streamOf(hostId: string): HostStream {
    let stream = this.streams.get(hostId);
    if (!stream) {
      stream = { seq: 0, positions: [], ops: [], digest: this.digester.open(), head: diffHead(hostId), readers: new Set() };
      this.streams.set(hostId, stream);
    }
    return stream;
  }

  private append(hostId: string, position: number, ops: Op[], encodedOps: string): void {
    const stream = this.streamOf(hostId);
    const seq = (stream.seq += 1);
    // The line's three parts go to the digest as they are: the ops are one string for every host, the line would be one more each.
    this.digester.updateParts(stream.digest, stream.head, encodedOps, diffTail(seq, position));
    if (this.window > 0) {
      stream.positions.push(position);
      stream.ops.push(encodedOps);
      if (stream.positions.length > this.window) {
        stream.positions.shift();
        stream.ops.shift();
      }
    }
    this.arrivals.observe(hostId, seq, ops);
    this.snapshotBytes.record(hostId, ops);
    if (this.recorders.size === 0 && stream.readers.size === 0) return;
    const diff = new Framed(hostId, seq, position, encodedOps);
    for (const recorder of this.recorders) recorder.record(hostId, diff, ops);
    for (const reader of stream.readers) reader(diff);
  }

  /** Every host that has a stream. */
  hosts(): IterableIterator<string> {
    return this.streams.keys();
  }

  /** The host's last seq (0 before its first diff). */
  seqOf(hostId: string): number {
    return this.streams.get(hostId)?.seq ?? 0;
  }

  /**
   * The log position of the host's goal state at `seq`: its diff's, if kept; for an older seq, at
   * most the oldest kept diff's.
   */
  positionOf(hostId: string, seq: number): number {
    const stream = this.streams.get(hostId);
    if (!stream || seq <= 0) return 0;
    if (seq >= stream.seq) return stream.positions.at(-1) ?? this.goalStates.position;
    if (stream.positions.length === 0) return 0;
    const first = firstKept(stream);
    return stream.positions[Math.max(0, seq - first)];
  }

  /** The diffs after `since`, or undefined when some of them are no longer kept (or `since` is ahead). */
  diffsAfter(hostId: string, since: number): readonly EncodedDiff[] | undefined {
    const stream = this.streams.get(hostId);
    const seq = stream?.seq ?? 0;
    if (since > seq) return undefined;
    if (since === seq) return [];
    const first = firstKept(stream!);
    if (stream!.positions.length === 0 || since + 1 < first) return undefined;
    const diffs: EncodedDiff[] = [];
    for (let at = since + 1; at <= seq; at++) {
      const position = stream!.positions[at - first];
      diffs.push({ seq: at, position, line: diffLine(hostId, at, position, stream!.ops[at - first]) });
    }
    return diffs;
  }

  /** Checksum of the host's goal state at its current seq, kept op by op by the goal states. */
  checksumOf(hostId: string): string {
    return this.goalStates.checksumOf(hostId);
  }

  /**
   * The snapshot as one NDJSON line, in pieces of UTF-8 (the goal state's bytes framed, made once
   * per seq), and what to call once they are sent: what agents rebuilding fetch.
   */
  snapshotLine(hostId: string): SnapshotPieces {
    const stream = this.streams.get(hostId);
    if (!stream) return { pieces: [Buffer.from(encodeLine(this.snapshot(hostId)))], release: () => undefined };
    const { utf8, release } = this.snapshotBytes.utf8(hostId, stream.seq);
    return { pieces: encodeSnapshot({ hostId, seq: stream.seq, position: this.goalStates.position, checksum: this.checksumOf(hostId) }, utf8), release };
  }

  snapshot(hostId: string): Snapshot {
    return {
      type: 'snapshot',
      hostId,
      seq: this.seqOf(hostId),
      position: this.goalStates.position,
      checksum: this.checksumOf(hostId),
      goal_state: this.goalStates.goalState(hostId),
    };
  }

  /** Calls `reader` with each new diff of the host, synchronously as it is made; returns the unsubscribe. */
  follow(hostId: string, reader: (diff: EncodedDiff) => void): () => void {
    const stream = this.streamOf(hostId);
    stream.readers.add(reader);
    return () => stream.readers.delete(reader);
  }

  /** Hands `recorder` every diff of every host from now on; returns the unsubscribe. */
  recordEach(recorder: DiffRecorder): () => void {
    this.recorders.add(recorder);
    return () => this.recorders.delete(recorder);
  }

  /** sha256 of each host's stream so far (the bytes of its NDJSON file), and of all of them. */
  digests(): Digests {
    const hosts: Record<string, string> = {};
    for (const [hostId, stream] of this.streams) if (stream.seq > 0) hosts[hostId] = this.digester.hex(stream.digest);
    return { position: this.goalStates.position, hosts, overall: overallDigest(hosts) };
  }
}
