import { createHash } from 'node:crypto';
import type { ExpectedRevision, StreamAppend, World } from '../domain/index.js';

/**
 * An Idempotency-Key taken by a command: the key's own stream (one per key, named by its hash, as
 * keys are any text) at the revision it had when the request found the key unused in the log's
 * index. The command's append writes that stream at that revision, whatever else it writes, so of
 * two first requests with one key (two nodes, the same moment) only one can append: the other is
 * refused on the key's stream and answered with the first one's write, never decided again. A key
 * reused after its day starts from the stream's revision then, not from no stream.
 */
export interface KeyClaim {
  readonly stream: string;
  readonly expected: ExpectedRevision;
}

const streamOfKey = (key: string): string => `idempotency-key-${createHash('sha256').update(key).digest('hex')}`;

/** The claim of `key` as the world now holds its stream: to take in the same turn as the look-up that found the key unused. */
export const keyClaim = (world: World, key: string): KeyClaim => {
  const stream = streamOfKey(key);
  return { stream, expected: world.streamRevisions.get(stream) ?? 'no_stream' };
};

/** The part a claimed command's append carries first (so a store that writes parts one by one writes nothing else when the key was taken). */
export const claimPart = (claim: KeyClaim): StreamAppend => ({ stream: claim.stream, expected: claim.expected, events: [{ type: 'IdempotencyKeyUsed', version: 1, data: {} }] });
