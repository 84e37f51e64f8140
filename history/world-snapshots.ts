import * as E from 'fp-ts/lib/Either.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordedEvent, World } from '../domain/index.js';
import type { Projection } from '../projections/index.js';
import type { LogIdentity, LogStamp } from '../domain/log/log-stamp.js';
import { copyOfWorld } from '../domain/world-copy.js';
import { decodeWorld, writeWorld } from './world-codec.js';

const FILE = /^world-(\d+)\.bin$/;

const positionsIn = (dir: string): number[] =>
  readdirSync(dir)
    .map((name) => FILE.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);

/** A snapshot file: its log stamp as one line of JSON, then the encoded world. */
const NEWLINE = 0x0a;
const LONGEST_STAMP = 4096;

/** The log stamp a snapshot file begins with, as read (anything: the caller decodes it). */
const stampOf = async (path: string): Promise<unknown> => {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(LONGEST_STAMP);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const end = head.subarray(0, bytesRead).indexOf(NEWLINE);
    return end < 0 ? undefined : JSON.parse(head.toString('utf8', 0, end));
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
};

/**
 * Removes the snapshots in `dir` that are not of the log as it is now (another log's, one past
 * its head, one whose event differs: an older copy of the log restored); resolves to why, if any went.
 */
export const discardSnapshotsNotOf = async (dir: string, log: LogIdentity): Promise<string | undefined> => {
  let reason: string | undefined;
  mkdirSync(dir, { recursive: true });
  for (const position of positionsIn(dir)) {
    const path = join(dir, `world-${position}.bin`);
    const why = await log.mismatch(await stampOf(path));
    if (why === undefined) continue;
    reason ??= why;
    await rm(path, { force: true });
  }
  return reason;
};

/** How many entities the world holds: a snapshot costs about this much to write and to read. */
const worldSize = (world: World): number =>
  world.networks.size + world.subnetNetwork.size + world.portNetwork.size + world.securityGroups.size + world.routers.size + world.hosts.size;

export interface WorldSnapshotOptions {
  /** Where the log stands at a snapshot's position: each snapshot records it, so one of another log is never loaded. */
  readonly stampAt?: (position: number) => Promise<LogStamp>;
  /** Fewest events between two snapshots. */
  readonly minInterval?: number;
  /** Events between two snapshots per entity of the world (default 0.5). */
  readonly eventsPerEntity?: number;
  /** Told of a snapshot file that is there but holds no world this node reads, and why: it is removed, and the world replayed from further back. */
  readonly onRefused?: (file: string, reason: string) => void;
  /** How long the serialization holds the event loop at a time, in ms (default 4): between two slices the node folds and answers. */
  readonly sliceMs?: number;
}

/**
 * Periodic snapshots of the world on disk, so an as-of read loads the nearest one and replays a
 * bounded number of events. The interval grows with the world (half its entity count, at least
 * `minInterval`), so writing snapshots costs O(1) per event amortised (two entities encoded per
 * event), and the replay bound follows the world's size, not the length of history. It must stay
 * below one event per entity: a log that mostly creates grows its world as fast as its length,
 * and a larger factor would never be reached. Snapshots are disposable: a missing one only makes
 * the replay longer.
 */
export class WorldSnapshots implements Projection {
  private readonly positions: number[];
  private sinceLast = 0;
  private readonly minInterval: number;
  private readonly eventsPerEntity: number;
  private writing?: Promise<unknown>;
  private readonly stampAt?: (position: number) => Promise<LogStamp>;
  private readonly onRefused?: (file: string, reason: string) => void;
  private readonly sliceMs: number;

  constructor(private readonly dir: string, options: WorldSnapshotOptions = {}) {
    mkdirSync(dir, { recursive: true });
    this.minInterval = options.minInterval ?? 5_000;
    this.eventsPerEntity = options.eventsPerEntity ?? 0.5;
    this.stampAt = options.stampAt;
    this.onRefused = options.onRefused;
    this.sliceMs = options.sliceMs ?? 4;
    this.positions = positionsIn(dir);
  }

  apply(event: RecordedEvent, world: World): void {
    this.sinceLast += 1;
    const last = this.positions[this.positions.length - 1] ?? 0;
    if (event.position <= last) {
      this.sinceLast = 0;
      return;
    }
    if (this.sinceLast < Math.max(this.minInterval, this.eventsPerEntity * worldSize(world))) return;
    this.write(world);
  }

  /**
   * The world is copied at once (the next event changes it: the copy is of what evolve changes in
   * place, sharing the resources it replaces), then serialized in slices of a few ms over later
   * turns of the loop and written as it goes, whole then renamed, so a crash never leaves a half
   * snapshot under the final name. A failed write (a full disk) is forgotten: snapshots are disposable.
   */
  private write(world: World): void {
    if (this.writing) return;
    const position = world.position;
    const copy = copyOfWorld(world);
    const name = `world-${position}.bin`;
    const temporary = join(this.dir, `.${name}.tmp`);
    this.sinceLast = 0;
    this.writing = this.written(copy, temporary)
      .then(() => rename(temporary, join(this.dir, name)))
      .then(
        () => void this.positions.push(position),
        () => rm(temporary, { force: true }),
      )
      .finally(() => (this.writing = undefined));
  }

  private async written(world: World, path: string): Promise<void> {
    const stamp = await this.stampAt?.(world.position);
    const file = await open(path, 'w');
    try {
      await file.writeFile(`${JSON.stringify(stamp ?? {})}\n`);
      await writeWorld(world, this.sliceMs, (part) => file.writeFile(part));
    } finally {
      await file.close();
    }
  }

  /** Resolves once no snapshot is being written (for tests and shutdown). */
  async settled(): Promise<void> {
    await this.writing;
  }

  /** The nearest snapshot at or before `position`, or undefined to start from the empty world. */
  nearest(position: number): { position: number; load: () => World } | undefined {
    let found: number | undefined;
    for (const candidate of this.positions) if (candidate <= position) found = candidate;
    if (found === undefined) return undefined;
    const at = found;
    return {
      position: at,
      load: () => {
        const path = join(this.dir, `world-${at}.bin`);
        let decoded: E.Either<string, World>;
        try {
          const file = readFileSync(path);
          decoded = decodeWorld(file.subarray(file.indexOf(NEWLINE) + 1));
        } catch {
          decoded = E.left('it cannot be read');
        }
        if (E.isRight(decoded)) return decoded.right;
        // Deleted, unreadable or not a world: forget it and let the caller replay from further back.
        if (existsSync(path)) this.onRefused?.(path, decoded.left);
        this.positions.splice(this.positions.indexOf(at), 1);
        rmSync(path, { force: true });
        throw new SnapshotMissing(at);
      },
    };
  }

  get count(): number {
    return this.positions.length;
  }
}

export class SnapshotMissing extends Error {
  constructor(readonly position: number) {
    super(`world snapshot at ${position} is gone`);
  }
}
