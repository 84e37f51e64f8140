import type { World } from '../../domain/index.js';

/**
 * The world as bytes and back, for snapshots. Maps, sets and bigints are tagged so the structure
 * comes back exactly; derived indexes travel with it, so a restored world needs no rebuild.
 * The world holds no shared object references, so a tree encoding loses nothing.
 */
const SNAPSHOT_VERSION = 1;

const replacer = (_key: string, value: unknown): unknown => {
  if (value instanceof Map) return { $map: [...value.entries()] };
  if (value instanceof Set) return { $set: [...value.values()] };
  if (typeof value === 'bigint') return { $big: value.toString() };
  return value;
};

const reviver = (_key: string, value: unknown): unknown => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as { $map?: [unknown, unknown][]; $set?: unknown[]; $big?: string };
    if (tagged.$map) return new Map(tagged.$map);
    if (tagged.$set) return new Set(tagged.$set);
    if (tagged.$big !== undefined) return BigInt(tagged.$big);
  }
  return value;
};

export const encodeWorld = (world: World): string => JSON.stringify({ version: SNAPSHOT_VERSION, world }, replacer);

export const decodeWorld = (text: string): World => {
  const parsed = JSON.parse(text, reviver) as { version: number; world: World };
  if (parsed.version !== SNAPSHOT_VERSION) throw new Error(`world snapshot version ${parsed.version} is not ${SNAPSHOT_VERSION}`);
  return parsed.world;
};
