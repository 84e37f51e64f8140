import type { RecordedEvent, World } from '../domain/index.js';

/**
 * A fold that runs beside the world: called once per recorded event, in position order, after the
 * world has evolved with it. It keeps in its own state whatever it needs of the past.
 */
export interface Projection {
  apply(event: RecordedEvent, world: World): void;
}
