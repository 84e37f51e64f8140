import * as t from 'io-ts';
import { eventCodec } from '../common/event-codec.js';

/**
 * The one event of an Idempotency-Key's own stream (the key is in its metadata, as in every event
 * of the write): appended with the write the key's first request made, at the revision the key's
 * stream had when that request found the key unused. So two first requests with the same key, on
 * two nodes at once, cannot both write: the second one's append is refused on this stream, and
 * its node answers with the first one's write. Changes nothing in the world but that stream's revision.
 */
export const IdempotencyKeyUsed = eventCodec('IdempotencyKeyUsed', 1, t.type({}));
export type IdempotencyKeyUsed = t.TypeOf<typeof IdempotencyKeyUsed>;
