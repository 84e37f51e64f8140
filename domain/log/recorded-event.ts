import * as t from 'io-ts';
import { EventMetadata } from '../common/codecs.js';
import { DomainEvent, type RecordedEvent } from '../events.js';
import type { StoredEvent } from './event-store.js';

/** A record read back from a store that is not what the log holds: names where it lies and what is wrong. */
export class UndecodableEvent extends Error {
  constructor(
    readonly stream: string,
    readonly position: number,
    detail: string,
  ) {
    super(`the event at position ${position} of stream ${JSON.stringify(stream)} does not decode: ${detail}`);
    this.name = 'UndecodableEvent';
  }
}

/** The envelope every store keeps around an event: what the store port promises, whatever the event. */
const StoredEventCodec = t.type({
  position: t.number,
  stream: t.string,
  revision: t.number,
  type: t.string,
  version: t.number,
  data: t.unknown,
  metadata: EventMetadata,
});

/** Where a record differs from its codec, briefly (`data.network.mtu: "big" is not number`), the first few places. */
const report = (result: t.Validation<unknown>): string => {
  if (result._tag === 'Right') return 'decodes';
  return result.left
    .slice(0, 3)
    .map(({ context, value }) => {
      const path = context.map(({ key }) => key).filter((key) => key !== '').join('.') || '(the record)';
      const name = context[context.length - 1]?.type.name ?? 'unknown';
      const expected = name.length > 60 ? 'what its codec says' : name;
      return value === undefined ? `${path}: missing (${expected})` : `${path}: ${JSON.stringify(value)?.slice(0, 60)} is not ${expected}`;
    })
    .join('; ');
};

/**
 * A record as a store read it back (parsed JSON, a row, a resolved event), decoded as the store
 * port's event: what every adapter hands on, never cast. Throws UndecodableEvent.
 */
export const storedEvent = (record: unknown): StoredEvent => {
  if (StoredEventCodec.is(record)) return record;
  const at = (record ?? {}) as { stream?: unknown; position?: unknown };
  throw new UndecodableEvent(String(at.stream), Number(at.position), report(StoredEventCodec.decode(record)));
};

/** Each event type's codec at its current version, found by the type's name: one check per event, not one per member of the union. */
const CODECS = new Map<string, t.Mixed>(DomainEvent.types.map((codec) => [codec.props.type.value, codec]));

/**
 * A stored event decoded as the event the domain recorded: its type known, its version and data
 * what that type's codec says. What the folds consume. Throws UndecodableEvent.
 */
export const recordedEvent = (event: StoredEvent): RecordedEvent => {
  const codec = CODECS.get(event.type);
  if (!codec) throw new UndecodableEvent(event.stream, event.position, `no event type ${JSON.stringify(event.type)}`);
  // `is` first: a valid event (all of them, but for a damaged log) costs no error reports.
  const valid: boolean = codec.is(event);
  if (!valid) throw new UndecodableEvent(event.stream, event.position, report(codec.decode(event)));
  // Checked: the type's codec holds, and the envelope is the stored event's.
  return event as RecordedEvent;
};
