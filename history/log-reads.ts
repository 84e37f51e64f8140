import { recordedEvent, type EventStore, type RecordedEvent } from '../domain/index.js';

/** The event at `position`, decoded. */
const eventAt = async (store: EventStore, position: number): Promise<RecordedEvent> => {
  for await (const event of store.readAll(position - 1, 1)) if (event.position === position) return recordedEvent(event);
  throw new Error(`no event at position ${position}`);
};

/**
 * The events at these positions, in the given order, decoded. Positions close together are read
 * in one sequential pass (a scan by command or correlation id reads the log in bulk, not event by
 * event).
 */
export const eventsAt = async (store: EventStore, positions: readonly number[]): Promise<RecordedEvent[]> => {
  if (positions.length === 0) return [];
  const low = Math.min(...positions);
  const high = Math.max(...positions);
  if (high - low + 1 > 4 * positions.length) return Promise.all(positions.map((p) => eventAt(store, p)));
  const wanted = new Set(positions);
  const found = new Map<number, RecordedEvent>();
  for await (const event of store.readAll(low - 1, high - low + 1)) if (wanted.has(event.position)) found.set(event.position, recordedEvent(event));
  return positions.map((p) => found.get(p)!);
};
