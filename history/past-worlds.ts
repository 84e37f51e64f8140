import { emptyWorld, evolve, recordedEvent, type EventStore, type World } from '../domain/index.js';
import { SnapshotMissing, type WorldSnapshots } from './world-snapshots.js';

/** How long a world rebuilt for reads is kept after the last read that asked for it. */
const KEEP_PAST_WORLD_MS = 30_000;

/** The world as of any position: the nearest world snapshot before it, plus a bounded replay of the log. */
export class PastWorlds {
  /** The last world rebuilt for reads, kept while it is asked for: the pages of a list as of a moment, and its other filters, want the same one. */
  private recent?: { readonly position: number; readonly world: Promise<World>; expiry?: NodeJS.Timeout };

  constructor(
    private readonly store: EventStore,
    private readonly snapshots: WorldSnapshots,
  ) {}

  /**
   * The world after the events up to `position`, for reading only (as the live world is), shared
   * with the reads of the same moment: rebuilding one costs seconds on a big world, and a list's
   * next page asks for it again. Kept until no read has asked for it for KEEP_PAST_WORLD_MS.
   */
  pastWorld(position: number): Promise<World> {
    let recent = this.recent;
    if (recent?.position !== position) {
      this.forget();
      const world = this.worldAt(position);
      recent = this.recent = { position, world };
      // A rebuild that failed is not kept.
      world.catch(() => this.recent?.world === world && this.forget());
    }
    clearTimeout(recent.expiry);
    recent.expiry = setTimeout(() => this.forget(), KEEP_PAST_WORLD_MS).unref();
    return recent.world;
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
