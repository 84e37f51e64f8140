import { mkdirSync, readdirSync, renameSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent, World } from '../../domain/index.js';
import { decodeWorld, encodeWorld, type Projection } from '../../projections/index.js';

const FILE = /^world-(\d+)\.json$/;

/** How many entities the world holds: a snapshot costs about this much to write and to read. */
const worldSize = (world: World): number =>
  world.networks.size + world.subnetNetwork.size + world.portNetwork.size + world.securityGroups.size + world.routers.size + world.hosts.size;

export interface WorldSnapshotOptions {
  /** Fewest events between two snapshots. */
  readonly minInterval?: number;
  /** Events between two snapshots per entity of the world (default 2). */
  readonly eventsPerEntity?: number;
}

/**
 * Periodic snapshots of the world on disk, so an as-of read loads the nearest one and replays a
 * bounded number of events. The interval grows with the world (at least twice its entity count),
 * so writing snapshots costs O(1) per event amortised, and the replay bound does not grow with the
 * length of history. Snapshots are disposable: a missing one only makes the replay longer.
 */
export class WorldSnapshots implements Projection {
  private readonly positions: number[];
  private sinceLast = 0;
  private readonly minInterval: number;
  private readonly eventsPerEntity: number;

  constructor(private readonly dir: string, options: WorldSnapshotOptions = {}) {
    mkdirSync(dir, { recursive: true });
    this.minInterval = options.minInterval ?? 5_000;
    this.eventsPerEntity = options.eventsPerEntity ?? 2;
    this.positions = readdirSync(dir)
      .map((name) => FILE.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
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

  /** Written whole then renamed, so a crash never leaves a half snapshot under the final name. */
  private write(world: World): void {
    const name = `world-${world.position}.json`;
    const temporary = join(this.dir, `.${name}.tmp`);
    writeFileSync(temporary, encodeWorld(world));
    renameSync(temporary, join(this.dir, name));
    this.positions.push(world.position);
    this.sinceLast = 0;
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
        try {
          return decodeWorld(readFileSync(join(this.dir, `world-${at}.json`), 'utf8'));
        } catch {
          // Deleted or unreadable: forget it and let the caller replay from further back.
          this.positions.splice(this.positions.indexOf(at), 1);
          rmSync(join(this.dir, `world-${at}.json`), { force: true });
          throw new SnapshotMissing(at);
        }
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
