import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { failureAt, WorldCodec, type World } from '../domain/index.js';
import { deserializeSlices, serializeInSlices } from './sliced-serialization.js';

/**
 * The world as bytes and back, for snapshots: V8's structured serialization keeps maps, sets and
 * bigints as they are and runs natively, about eight times faster than JSON with a replacer.
 * Derived indexes travel with the world, so a restored world needs no rebuild. The bytes are
 * tied to the Node version that wrote them; snapshots are disposable, so a file this Node cannot
 * read, or whose world does not pass the world's codec, is simply not used. It is serialized in
 * slices of a few ms (sliced-serialization.ts), so a snapshot holds the event loop only for the
 * copy of the world it is taken from; a file of one whole serialization (as snapshots were
 * written before) is not slices, does not deserialize, and is removed.
 */
// 4: the world holds subnet pools, address scopes, RBAC policies, address groups, quotas and usage.
/** The world's layout: node checkpoints hold a world too, and name this version. */
export const WORLD_VERSION = 4;

const Snapshot = t.strict({ version: t.literal(WORLD_VERSION), world: WorldCodec });

/** Writes `world` in slices of about `sliceMs` each, over later turns of the loop: it must stay as it is until this resolves (a copy). */
export const writeWorld = (world: World, sliceMs: number, write: (part: Buffer) => Promise<void>): Promise<{ longestSliceMs: number; busyMs: number }> =>
  serializeInSlices({ version: WORLD_VERSION, world }, sliceMs, write);

/** The world the bytes hold, or why they hold none of this layout. */
export const decodeWorld = (bytes: Buffer): E.Either<string, World> => {
  let parsed: unknown;
  try {
    parsed = deserializeSlices(bytes);
  } catch (error) {
    return E.left(`it does not deserialize: ${(error as Error).message}`);
  }
  // Checked in place, not decoded into a copy: the maps' order and the objects' sharing are the world.
  return Snapshot.is(parsed) ? E.right(parsed.world) : E.left(`it holds no world of layout ${WORLD_VERSION} (at ${failureAt(Snapshot, parsed)})`);
};
