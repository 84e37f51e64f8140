import { describe, expect, it } from 'vitest';
import { collected } from '../test-kit/sliced-bytes.js';
import { deserializeSlices, serializeInSlices } from './sliced-serialization.js';

const port = (i: number) => ({ id: `p${i}`, fixed_ips: [{ subnet_id: 's', ip_address: `10.0.${i >> 8}.${i & 255}` }], security_groups: ['g'] });

/** A state shaped as a node's: maps of resources too large for one run, containers inside maps, sets, long arrays, typed arrays. */
const state = () => {
  const ports = new Map(Array.from({ length: 5000 }, (_, i) => [`p${i}`, port(i)] as const));
  return {
    position: 7,
    networks: new Map([
      ['big', { network: { id: 'big' }, ports, allocated: new Map(Array.from({ length: 3000 }, (_, i) => [BigInt(i), `p${i}`] as const)) }],
      ['small', { network: { id: 'small' }, ports: new Map([['q', port(1)]]), allocated: new Map<bigint, string>() }],
    ]),
    members: new Map([['g', new Set(ports.keys())]]),
    recent: Array.from({ length: 2000 }, (_, i) => ({ seq: i, ops: `op-${i % 7}` })),
    digest: { words: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), tail: new Uint8Array([9]) },
    ['__proto__']: 'a key like any other',
  };
};

const serialized = (value: unknown, sliceMs: number) => collected((write) => serializeInSlices(value, sliceMs, write));

describe('a value serialized in slices', () => {
  it('reads back equal, every map, set and object in its order, after many turns of the event loop', async () => {
    const value = state();
    let turns = 0;
    const counting = setInterval(() => (turns += 1), 0);
    const { parts, bytes } = await serialized(value, 0);
    clearInterval(counting);
    const back = deserializeSlices(bytes) as ReturnType<typeof state>;
    expect(back).toEqual(value);
    expect(Object.keys(back)).toEqual(Object.keys(value));
    expect([...back.networks.get('big')!.ports.keys()]).toEqual([...value.networks.get('big')!.ports.keys()]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    // A piece per slice here: the big maps and set took many, and timers ran between them.
    expect(parts.length).toBeGreaterThan(100);
    expect(turns).toBeGreaterThan(0);
  });

  it('refuses bytes whose slices do not add up, and a container met on two paths', async () => {
    const { bytes } = await serialized(state(), 1);
    expect(() => deserializeSlices(bytes.subarray(0, bytes.length - 1))).toThrow(/cut short/);
    expect(() => deserializeSlices(Buffer.concat([bytes, bytes]))).toThrow(/left after/);
    const shared = new Map([['a', new Map([['b', 1]])]]);
    await expect(serialized({ one: shared, two: shared }, 1)).rejects.toThrow(/met twice/);
  });
});
