import * as t from 'io-ts';

/** Codec of one event type at one schema version: `{ type, version, data }`. */
export const eventCodec = <T extends string, V extends number, D extends t.Mixed>(type: T, version: V, data: D) =>
  t.type({ type: t.literal(type), version: t.literal(version), data });
