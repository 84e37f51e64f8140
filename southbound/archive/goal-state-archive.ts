import { existsSync, mkdirSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { countWhile } from '../../domain/common/column.js';
import { canonicalJson, type Body, type Op } from '../../projections/goal-state/index.js';
import { encodedGoalStateOf, type DiffRecorder, type EncodedDiff } from '../index.js';
import type { LogIdentity, LogStamp } from '../../domain/log/log-stamp.js';
import { emptyMark, MARK, markIn, type Checkpoint, type HostArchive, type Mark } from './archive-mark.js';
import { diffRecord } from './archive-records.js';
import { ArchiveCodec, type AnswerBytes, type ArchivedGoalState } from './archive-codec.js';
import { HostStreamFiles, streamFileOf, type FileSpan } from './host-stream-files.js';

/** Fewest characters of diffs between two snapshot records, so a host with a tiny goal state is not snapshotted at every diff. */
const MIN_SPACING = 64 * 1024;
/** Characters of records held in memory before they go to their files. */
const FLUSH_CHARS = 4 * 1024 * 1024;

/**
 * A host's own share, 1 to 1.5, of the spacing between its snapshots: hosts that get the same
 * diffs at the same moments (the hosts of one network) then come due at different moments.
 */
const staggerOf = (hostId: string): number => {
  let hash = 2166136261;
  for (let i = 0; i < hostId.length; i++) hash = Math.imul(hash ^ hostId.charCodeAt(i), 16777619);
  return 1 + ((hash >>> 0) % 1000) / 2000;
};

interface GoalStateArchiveOptions {
  /** Fewest characters of diffs between two snapshot records (default 64 Ki; tests make it tiny). */
  readonly minSpacing?: number;
  /** Where the log stands at a position: each mark records it, for the check at the next start. */
  readonly stampAt?: (position: number) => Promise<LogStamp>;
}

/**
 * Every host's southbound stream as the server made it, on disk: its diffs, and a snapshot (made
 * by the archive's thread from the file) whenever the diffs since the last snapshot outweigh it,
 * as the records of archive-records.ts. A host's goal state as of any position is then one snapshot plus the diffs
 * after it, at most about one and a half snapshots' weight of them: the cost follows the size of
 * that host's goal state, not the length of history. Records go to disk in frames, deflated while
 * the codec keeps up (a snapshot starts one, so a read starts there); the disk holds about twice
 * the diffs' text, mostly deflated.
 *
 * After each flush `archive.json` records how far the files go. At start the files are cut back to
 * that mark (a crash may have written past it), and the fold of the log at start skips the diffs
 * the files already hold: streams are deterministic, so what it would write again is the same
 * bytes. The archive is derived from the log: if a write fails (a full disk) it answers nothing
 * more, and as-of reads rebuild the world instead.
 */
export class GoalStateArchive implements DiffRecorder {
  private readonly files: HostStreamFiles;
  private readonly codec = new ArchiveCodec();
  private readonly hosts: Map<string, HostArchive>;
  private readonly minSpacing: number;
  private readonly stampAt?: (position: number) => Promise<LogStamp>;
  /** Diffs at or before this position are in the files already. */
  private readonly resumeAfter: number;
  /** Position of the last diff recorded: every diff of the events before it is recorded. */
  private recorded = 0;
  private marking: Promise<void> = Promise.resolve();
  /** Bodies of the event at `recorded` encoded so far: the hosts of one event share body objects. */
  private encodedBodies = new Map<object, string>();
  private readonly encodeBody = (body: Body): string => canonicalJson(body, this.encodedBodies);
  /** Lines of the ops of the event at `recorded` made so far: its hosts share op objects too. */
  private opLines = new Map<Op, string>();

  constructor(
    private readonly dir: string,
    options: GoalStateArchiveOptions = {},
  ) {
    this.minSpacing = options.minSpacing ?? MIN_SPACING;
    this.stampAt = options.stampAt;
    mkdirSync(dir, { recursive: true });
    const mark = resume(dir);
    this.resumeAfter = mark.position;
    this.recorded = mark.position;
    this.hosts = new Map(Object.entries(mark.hosts).map(([hostId, { checkpoints, sinceSnapshot, snapshotBytes }]) => [hostId, { checkpoints, sinceSnapshot, snapshotBytes }]));
    this.files = new HostStreamFiles(dir, (texts) => this.codec.encode(texts), new Map(Object.entries(mark.hosts).map(([hostId, { size }]) => [hostId, size])));
  }

  /** Every diff of the events up to this position was in the files when they were opened: a fold may start after it. */
  get heldAtOpen(): number {
    return this.resumeAfter;
  }

  /** A diff as the host streams made it, and its ops. */
  record(hostId: string, diff: EncodedDiff, ops: readonly Op[]): void {
    if (diff.position <= this.resumeAfter) return;
    if (diff.position !== this.recorded) {
      // A new position means the event before is wholly recorded: the one moment a mark may be taken.
      if (this.files.pending >= FLUSH_CHARS) void this.flush().catch(() => undefined);
      this.encodedBodies = new Map();
      this.opLines = new Map();
    }
    this.recorded = diff.position;
    let host = this.hosts.get(hostId);
    if (!host) this.hosts.set(hostId, (host = { checkpoints: [], sinceSnapshot: 0, snapshotBytes: 0 }));
    const record = diffRecord(diff.position, diff.seq, ops, this.encodeBody, this.opLines);
    this.files.append(hostId, record);
    host.sinceSnapshot += record.length;
    // The stagger is at least 1: most diffs are turned away before it is worked out.
    const spacing = Math.max(this.minSpacing, host.snapshotBytes);
    if (host.sinceSnapshot < spacing || host.sinceSnapshot < spacing * staggerOf(hostId)) return;
    this.snapshot(hostId, host, diff.position, diff.seq);
  }

  /**
   * Appends the host's snapshot after its diff `seq` of the event at `position`: a frame the
   * archive's thread makes, when its turn to be written comes, from the host's last snapshot and
   * the diffs after it in the file. Made here, it would cost the server the whole goal state's
   * encoding in the path of a diff.
   */
  private snapshot(hostId: string, host: HostArchive, position: number, seq: number): void {
    const previous = host.checkpoints.at(-1);
    const checkpoint: Checkpoint = [position, -1];
    host.checkpoints.push(checkpoint);
    host.sinceSnapshot = 0;
    this.files.appendMade(
      hostId,
      async (file) => {
        // Written before this frame, so its offset is known by now.
        const { frame, bytes } = await this.codec.snapshot({ ...file, from: previous?.[1] ?? 0 }, hostId, position, seq);
        host.snapshotBytes = bytes;
        return frame;
      },
      (offset) => (checkpoint[1] = offset),
    );
  }

  /** Writes out what is recorded, then the mark saying so. Called between events, so the mark is whole. */
  private flush(): Promise<unknown> {
    const position = this.recorded;
    const hosts = [...this.hosts].map(([hostId, host]) => ({ hostId, ...host, checkpoints: host.checkpoints.length }));
    const written = this.files.flush();
    // A mark that cannot be written leaves the one before, which the files still match.
    this.marking = this.marking
      .then(() => written)
      .then(async (sizes) => {
        const mark: Mark = {
          ...emptyMark(),
          position,
          log: await this.stampAt?.(position),
          hosts: Object.fromEntries(
            hosts.map(({ hostId, checkpoints, ...host }) => [hostId, { ...host, checkpoints: this.hosts.get(hostId)!.checkpoints.slice(0, checkpoints), size: sizes.get(hostId) ?? 0 }]),
          ),
        };
        const temporary = join(this.dir, `.${MARK}.tmp`);
        await writeFile(temporary, JSON.stringify(mark));
        await rename(temporary, join(this.dir, MARK));
      })
      .catch(() => undefined);
    return written;
  }

  /**
   * The host's goal state after the events up to `position` as canonical JSON, or undefined if
   * the archive could not be kept or read.
   */
  encodedGoalStateAt(hostId: string, position: number): Promise<ArchivedGoalState | undefined> {
    return this.read(hostId, { ...encodedGoalStateOf({}), entriesPerKind: {}, release: () => undefined }, async (host) =>
      this.codec.fold(await this.spanAt(hostId, host, position), hostId, position),
    );
  }

  /**
   * The net change of the host's goal state from `from` to `to` as the JSON of its ops, or
   * undefined if the archive could not be kept or read.
   */
  encodedGoalStateChange(hostId: string, from: number, to: number): Promise<AnswerBytes | undefined> {
    return this.read(hostId, { utf8: Buffer.from('[]'), release: () => undefined }, async (host) => {
      const [before, after] = await Promise.all([this.spanAt(hostId, host, from), this.spanAt(hostId, host, to)]);
      return this.codec.change(hostId, before, from, after, to);
    });
  }

  /** A read of a host's files: `none` for a host never archived, undefined once the archive could not be kept or read. */
  private async read<T>(hostId: string, none: T, read: (host: HostArchive) => Promise<T>): Promise<T | undefined> {
    if (this.files.failure) return undefined;
    const host = this.hosts.get(hostId);
    if (!host) return none;
    try {
      return await read(host);
    } catch {
      return undefined;
    }
  }

  /** Where the host's file holds its records after `position`: from its last snapshot before, up to the next. */
  private async spanAt(hostId: string, host: HostArchive, position: number): Promise<FileSpan> {
    // A checkpoint's offset is known once its frame is written: write what waits, and wait for the writes under way.
    await (this.files.pending > 0 ? this.flush() : this.files.flush());
    const { checkpoints } = host;
    // Snapshots taken since are not written yet: read as if they were not there.
    const written = countWhile({ length: checkpoints.length, at: (i) => checkpoints[i][1] }, (offset) => offset >= 0);
    const next = countWhile({ length: written, at: (i) => checkpoints[i][0] }, (at) => at <= position);
    return this.files.span(hostId, next === 0 ? 0 : checkpoints[next - 1][1], next < written ? checkpoints[next][1] : undefined);
  }

  /** Resolves once everything recorded so far is written, snapshots too, with its mark (for tests, benches and shutdown). */
  async settled(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.marking;
  }

  /**
   * settled, for a fold that has applied every event up to `position`, so every diff of them is
   * recorded: the mark then says so even when the last of them made no diff (a checkpoint there counts on it).
   */
  async settledThrough(position: number): Promise<void> {
    this.recorded = Math.max(this.recorded, position);
    await this.settled();
  }

  /** Writes what is recorded, then answers no more: for a node that stops. */
  async close(): Promise<void> {
    await this.settled();
    // A write that failed is kept and answered for (the archive answers nothing more); stopping goes on.
    await this.files.close().catch(() => undefined);
    this.codec.close();
  }
}

/**
 * Empties `dir` if its mark is not of the log as it is now (another log's, past its head, or of a
 * timeline the log no longer holds: an older copy restored); resolves to why, if it did.
 */
export const discardArchiveNotOf = async (dir: string, log: LogIdentity): Promise<string | undefined> => {
  const mark = markIn(dir);
  if (!mark) return undefined; // nothing to resume: the archive starts over anyway
  const reason = await log.mismatch(mark.log);
  if (reason !== undefined) rmSync(dir, { recursive: true, force: true });
  return reason;
};

/**
 * The mark of a folder written before, with each host's file cut back to it; the folder emptied
 * when there is none or a file is shorter than marked (then the fold at start writes it all again).
 */
const resume = (dir: string): Mark => {
  const mark = markIn(dir);
  const marked = Object.entries(mark?.hosts ?? {}).map(([hostId, { size }]) => ({ path: join(dir, streamFileOf(hostId)), size }));
  if (!mark || !marked.every(({ path, size }) => existsSync(path) && statSync(path).size >= size)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return emptyMark();
  }
  const kept = new Set([MARK, ...Object.keys(mark.hosts).map(streamFileOf)]);
  for (const name of readdirSync(dir)) if (!kept.has(name)) rmSync(join(dir, name), { force: true });
  for (const { path, size } of marked) truncateSync(path, size);
  return mark;
};
