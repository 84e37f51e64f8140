import { deserialize, serialize } from 'node:v8';
import type { World } from '../domain/index.js';

/**
 * The world as bytes and back, for snapshots: V8's structured serialization keeps maps, sets and
 * bigints as they are and runs natively, about eight times faster than JSON with a replacer.
 * Derived indexes travel with the world, so a restored world needs no rebuild. The bytes are
 * tied to the Node version that wrote them; snapshots are disposable, so a file this Node cannot
 * read is simply not used.
 */
// 4: the world holds subnet pools, address scopes, RBAC policies, address groups, quotas and usage.
/** The world's layout: node checkpoints hold a world too, and name this version. */
export const WORLD_VERSION = 4;

export const encodeWorld = (world: World): Buffer => serialize({ version: WORLD_VERSION, world });

export const decodeWorld = (bytes: Buffer): World => {
  const parsed = deserialize(bytes) as { version: number; world: World };
  if (parsed.version !== WORLD_VERSION) throw new Error(`world snapshot version ${parsed.version} is not ${WORLD_VERSION}`);
  return parsed.world;
};
