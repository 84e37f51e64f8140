import { emptyWorld, evolve, recordedEvent, type EventStore, type World } from '../domain/index.js';
import { RebuildQueue, type RebuildLimits } from './rebuild-queue.js';
import { SnapshotMissing, type WorldSnapshots } from './world-snapshots.js';

/** How long a world rebuilt for reads is kept after the last read that asked for it. */
const KEEP_PAST_WORLD_MS = 30_000;

/** The world as of any position: the nearest world snapshot before it, plus a bounded replay of the log. */
export class PastWorlds {
  /** The last world rebuilt for reads, kept while it is asked for: the pages of a list as of a moment, and its other filters, want the same one. */
  private recent?: { readonly position: number; readonly world: Promise<World>; expiry?: NodeJS.Timeout };
  /** Worlds being rebuilt for reads, by position: the reads of one moment that arrive meanwhile wait for the same rebuild. */
  private readonly building = new Map<number, Promise<World>>();
  private readonly rebuilds: RebuildQueue;

  constructor(
    private readonly store: EventStore,
    private readonly snapshots: WorldSnapshots,
    limits: RebuildLimits = {},
  ) {
    this.rebuilds = new RebuildQueue(limits);
  }

  /**
   * The world after the events up to `position`, for reading only (as the live world is), shared
   * with the reads of the same moment: rebuilding one costs seconds on a big world, and a list's
   * next page asks for it again. Kept until no read has asked for it for KEEP_PAST_WORLD_MS.
   * Rebuilds go through a queue of bounded length: beyond it this throws WorldRebuildsBusy.
   */
  pastWorld(position: number): Promise<World> {
    const recent = this.recent;
    if (recent?.position === position) {
      this.keep(recent);
      return recent.world;
    }
    const under = this.building.get(position);
    if (under) return under;
    const world = this.rebuilds.admit(() => this.worldAt(position));
    this.building.set(position, world);
    // A rebuild that failed is not kept.
    world
      .then(
        () => {
          this.forget();
          this.keep((this.recent = { position, world }));
        },
        () => undefined,
      )
      .finally(() => this.building.delete(position));
    return world;
  }

  private keep(recent: NonNullable<PastWorlds['recent']>): void {
    clearTimeout(recent.expiry);
    recent.expiry = setTimeout(() => this.recent === recent && this.forget(), KEEP_PAST_WORLD_MS).unref();
  }

  private forget(): void {
    clearTimeout(this.recent?.expiry);
    this.recent = undefined;
  }

  /** The world after the events up to `position`: a fresh copy the caller may keep. */
  async worldAt(position: number): Promise<World> {
    for (;;) {
      const snapshot = this.snapshots.nearest(position);
      let world: World;
      try {
        world = snapshot ? snapshot.load() : emptyWorld();
      } catch (error) {
        if (error instanceof SnapshotMissing) continue;
        throw error;
      }
      for await (const event of this.store.readAll(world.position)) {
        if (event.position > position) break;
        evolve(world, recordedEvent(event));
      }
      return world;
    }
  }
}
