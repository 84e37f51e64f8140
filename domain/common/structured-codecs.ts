import * as t from 'io-ts';

/**
 * Codecs for what V8's structured deserialization gives back (maps, sets, bigints, typed arrays),
 * for the world snapshots and checkpoints a node reads: each checks the value in place and hands
 * back the same object, since the maps' order and the objects' sharing are the state.
 */

/** A value that passes `check`, taken to be an A. */
export const shaped = <A>(name: string, check: (u: unknown) => boolean): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(name, (u): u is A => check(u), (u, c) => (check(u) ? t.success(u as A) : t.failure(u, c)), t.identity);

export const bigint = shaped<bigint>('bigint', (u) => typeof u === 'bigint');

export const mapOf = <K, V>(key: t.Type<K, unknown, unknown>, value: t.Type<V, unknown, unknown>) =>
  shaped<Map<K, V>>(`Map<${key.name}, ${value.name}>`, (u) => {
    if (!(u instanceof Map)) return false;
    for (const [k, v] of u as Map<unknown, unknown>) if (!key.is(k) || !value.is(v)) return false;
    return true;
  });

export const setOf = <V>(value: t.Type<V, unknown, unknown>) =>
  shaped<Set<V>>(`Set<${value.name}>`, (u) => {
    if (!(u instanceof Set)) return false;
    for (const v of u as Set<unknown>) if (!value.is(v)) return false;
    return true;
  });

export const typed = <A>(name: string, constructor: new (...args: never[]) => A, length?: (n: number) => boolean) =>
  shaped<A>(name, (u) => u instanceof constructor && (length === undefined || length((u as { length: number }).length)));

/** Where a value fails the codec: the path of keys to the first failure, for a log line. */
export const failureAt = (codec: t.Decoder<unknown, unknown>, value: unknown): string => {
  const decoded = codec.decode(value);
  const where = decoded._tag === 'Left' ? decoded.left[0]?.context.map(({ key }) => key).filter((key) => key !== '').join('.') : undefined;
  return where || 'the top';
};
