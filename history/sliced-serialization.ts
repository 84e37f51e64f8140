import { setImmediate } from 'node:timers/promises';
import { DefaultDeserializer, DefaultSerializer } from 'node:v8';

/**
 * A value serialized over many turns of the event loop: V8's serialization of one value runs to
 * its end, so a whole node's state held the loop for most of a second at 100k events. Here it is
 * taken apart into pieces, and the writer yields between slices of a few ms. The value must stay
 * as it is until the promise resolves: a checkpoint and a world snapshot hand over copies.
 *
 * The stream of pieces: a container (a map, a set, a plain object holding a map or a set, an
 * array longer than a run) is written as a head (`o` with its keys, `m`/`s`/`a` with its size)
 * and then its parts; anything else is a leaf (a resource, a string, a short array), written
 * whole as one piece `[v, value]`. A collection's leaves go in runs (`r`) of up to a weight of
 * RUN (a map's item: its key and value), a container among them as `e` followed by its own
 * pieces. A slice is then bounded by a run and the largest leaf, not by the state.
 *
 * Each slice is a serialization of its own (a frame: its length and piece count, then V8's bytes):
 * one serializer over all of them would keep every object it wrote in a map by address, which V8
 * rehashes after each garbage collection, and the fold collects between two slices (slices of
 * 500 ms at 100k events). So an object is one object when read back only within a slice; the
 * folds that share objects across the state say so themselves (node/checkpoint/checkpoint-codec.ts).
 */
type Head = readonly ['o', string[]] | readonly ['m' | 's' | 'a', number] | readonly ['v', unknown];

/** A slice's frame: its bytes, then its pieces, as two 32-bit little-endian numbers. */
const FRAME = 8;

/** A run's weight (see `weightOf`): a few hundred resources, a fraction of a ms to serialize. */
const RUN = 1024;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

const isContainer = (value: unknown): boolean => {
  if (value instanceof Map || value instanceof Set) return true;
  if (Array.isArray(value)) return value.length > RUN;
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    const field = value[key];
    if (field instanceof Map || field instanceof Set) return true;
  }
  return false;
};

/** A leaf's weight, from a look one level in: its arrays count their items (a host stream's kept diffs are a few hundred). */
const weightOf = (leaf: unknown): number => {
  if (Array.isArray(leaf)) return 1 + leaf.length;
  if (!isPlainObject(leaf)) return 1;
  let weight = 1;
  for (const key in leaf) {
    const field = leaf[key];
    weight += Array.isArray(field) ? 1 + field.length : 1;
  }
  return weight;
};

/** Where pieces go: the serializer of the slice at hand. */
interface Writer {
  writeValue(piece: unknown): void;
}

/** Writes `value` as pieces, yielding after each. `seen` holds the containers taken apart: a second path to one could not be a reference. */
function* pieces(writer: Writer, value: unknown, seen: WeakSet<object>, root = false): Generator<void> {
  if (!root && !isContainer(value)) {
    writer.writeValue(['v', value] satisfies Head);
    yield;
    return;
  }
  const container = value as object;
  if (seen.has(container)) throw new Error('a container is met twice: it cannot be serialized in pieces');
  seen.add(container);
  if (!(container instanceof Map || container instanceof Set || Array.isArray(container))) {
    const keys = Object.keys(container);
    writer.writeValue(['o', keys] satisfies Head);
    for (const key of keys) yield* pieces(writer, (container as Record<string, unknown>)[key], seen);
    return;
  }
  const isMap = container instanceof Map;
  writer.writeValue([isMap ? 'm' : container instanceof Set ? 's' : 'a', Array.isArray(container) ? container.length : container.size] satisfies Head);
  let run: unknown[] = [];
  let weight = 0;
  for (const item of container) {
    const key: unknown = isMap ? (item as [unknown, unknown])[0] : undefined;
    const part: unknown = isMap ? (item as [unknown, unknown])[1] : item;
    if (!isContainer(part) && !isContainer(key)) {
      if (isMap) run.push(key, part);
      else run.push(part);
      weight += weightOf(part);
      if (weight < RUN) continue;
    }
    if (run.length > 0) {
      writer.writeValue(['r', run]);
      run = [];
      weight = 0;
      yield;
    }
    if (!isContainer(part) && !isContainer(key)) continue;
    writer.writeValue(['e', isMap ? 2 : 1]);
    if (isMap) yield* pieces(writer, key, seen);
    yield* pieces(writer, part, seen);
  }
  if (run.length > 0) {
    writer.writeValue(['r', run]);
    yield;
  }
}

/**
 * `value` serialized in slices of about `sliceMs` of the event loop each, each after a turn of the
 * loop, every slice's bytes handed to `write` (awaited) as it is made.
 */
export const serializeInSlices = async (value: unknown, sliceMs: number, write: (part: Buffer) => Promise<void>): Promise<{ longestSliceMs: number; busyMs: number }> => {
  let serializer = new DefaultSerializer();
  let count = 0;
  const writer: Writer = {
    writeValue: (piece) => {
      if (count === 0) serializer.writeHeader();
      serializer.writeValue(piece);
      count += 1;
    },
  };
  const steps = pieces(writer, value, new WeakSet(), true);
  let longestSliceMs = 0;
  let busyMs = 0;
  for (let done = false; !done; ) {
    // A turn of the loop first: the caller has just held it to copy the value.
    await setImmediate();
    const started = performance.now();
    do done = steps.next().done === true;
    while (!done && performance.now() - started < sliceMs);
    let frame: Buffer | undefined;
    let bytes: Buffer | undefined;
    if (count > 0) {
      bytes = serializer.releaseBuffer();
      frame = Buffer.alloc(FRAME);
      frame.writeUInt32LE(bytes.length, 0);
      frame.writeUInt32LE(count, 4);
      serializer = new DefaultSerializer();
      count = 0;
    }
    const took = performance.now() - started;
    longestSliceMs = Math.max(longestSliceMs, took);
    busyMs += took;
    if (frame && bytes) {
      await write(frame);
      await write(bytes);
    }
  }
  return { longestSliceMs, busyMs };
};

const isHead = (value: unknown): value is Head =>
  Array.isArray(value) &&
  ((value[0] === 'o' && Array.isArray(value[1]) && value[1].every((key) => typeof key === 'string')) ||
    ((value[0] === 'm' || value[0] === 's' || value[0] === 'a') && Number.isSafeInteger(value[1]) && (value[1] as number) >= 0) ||
    (value[0] === 'v' && value.length === 2));

/** Every piece of the slices in `bytes`, in order; throws on frames that do not add up. */
const piecesOf = (bytes: Buffer): unknown[] => {
  const all: unknown[] = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + FRAME > bytes.length) throw new Error('a slice is cut short');
    const length = bytes.readUInt32LE(at);
    const count = bytes.readUInt32LE(at + 4);
    at += FRAME;
    if (at + length > bytes.length) throw new Error('a slice is cut short');
    const deserializer = new DefaultDeserializer(bytes.subarray(at, at + length));
    deserializer.readHeader();
    for (let i = 0; i < count; i++) all.push(deserializer.readValue());
    at += length;
  }
  return all;
};

/** The value `serializeInSlices` wrote; throws on bytes that are not such a stream. */
export const deserializeSlices = (bytes: Buffer): unknown => {
  const all = piecesOf(bytes);
  let read = 0;
  const piece = (): unknown => {
    if (read >= all.length) throw new Error('the pieces end before the value does');
    return all[read++];
  };
  const next = (): unknown => {
    const head = piece();
    if (!isHead(head)) throw new Error('a piece is not where one was written');
    if (head[0] === 'v') return head[1];
    // Own properties made as entries: a key such as __proto__ stays a key.
    if (head[0] === 'o') return Object.fromEntries(head[1].map((key) => [key, next()]));
    const width = head[0] === 'm' ? 2 : 1;
    const parts: unknown[] = [];
    while (parts.length < head[1] * width) {
      const run = piece();
      if (!Array.isArray(run) || run.length !== 2 || (run[0] !== 'r' && run[0] !== 'e')) throw new Error('a run is not where one was written');
      if (run[0] === 'e') {
        if (run[1] !== width) throw new Error('an entry of another width');
        for (let i = 0; i < width; i++) parts.push(next());
      } else if (Array.isArray(run[1]) && run[1].length > 0 && run[1].length % width === 0) for (const part of run[1] as unknown[]) parts.push(part);
      else throw new Error('a run of another width');
    }
    if (parts.length !== head[1] * width) throw new Error('a collection holds more than its size');
    if (head[0] === 'a') return parts;
    if (head[0] === 's') return new Set(parts);
    const map = new Map<unknown, unknown>();
    for (let i = 0; i < parts.length; i += 2) map.set(parts[i], parts[i + 1]);
    return map;
  };
  const value = next();
  if (read !== all.length) throw new Error('pieces are left after the value');
  return value;
};
