import type { RecordedEvent } from './events.js';
import { evolve } from './evolve.js';
import type { ExpectedRevision, NewEvent } from './log/event-store.js';
import type { World } from './world.js';

/**
 * A world that reads through to the folded one and keeps its own writes: evolve applies events
 * still on their way to disk to it, and the folded world (what reads, projections and replay see)
 * never changes. Copy-on-write by the piece: a Map or Set keeps only the entries written (a
 * network's ports are never copied), a plain object or array is copied when first written. It is
 * only valid while the folded world stays where it was when it was made.
 */
export const speculativeWorld = (world: World): World => new Overlay().wrap(world);

/** The revision of a stream's next event when the stream is where the appender expects it (deciders always say where). */
export const nextRevision = (expected: ExpectedRevision): number => (expected === 'no_stream' ? 0 : expected === 'any' ? Number.NaN : expected + 1);

/**
 * The events of an append's parts as the fold will record them, each at its stream's next
 * revision; `position` is the world's (evolve moves it; nothing decides on its value).
 */
export const asRecorded = (parts: readonly { readonly stream: string; readonly expected: ExpectedRevision; readonly events: readonly NewEvent[] }[], position: number): RecordedEvent[] =>
  parts.flatMap((part) =>
    part.events.map(
      // Named field by field: a spread of each event was a visible share of a lane's decision.
      ({ type, version, data, metadata }, i) => ({ type, version, data, metadata, stream: part.stream, revision: nextRevision(part.expected) + i, position }) as RecordedEvent,
    ),
  );

/** Applies events to a speculative world, as the fold will apply them once they are durable. */
export const applySpeculatively = (world: World, events: readonly RecordedEvent[]): void => {
  for (const event of events) evolve(world, event);
};

class Overlay {
  /** One view per object of the folded world, so an object read twice is the same object. */
  private readonly views = new WeakMap<object, unknown>();

  /** What the overlay hands out for a value of the folded world. */
  wrap<T>(value: T): T {
    if (typeof value !== 'object' || value === null) return value;
    const known = this.views.get(value);
    if (known !== undefined) return known as T;
    const view =
      value instanceof Map ? new OverlayMap(value, this) : value instanceof Set ? new OverlaySet(value, this) : this.copyOnWrite(value);
    this.views.set(value, view);
    return view as T;
  }

  /** A plain object or array: reads through (wrapped) until the first write copies it, its values wrapped. */
  private copyOnWrite(base: object): object {
    let copy: Record<PropertyKey, unknown> | undefined;
    const own = (): Record<PropertyKey, unknown> => {
      if (copy) return copy;
      copy = (Array.isArray(base) ? [] : {}) as Record<PropertyKey, unknown>;
      for (const key of Reflect.ownKeys(base)) if (key !== 'length') copy[key] = this.wrap((base as Record<PropertyKey, unknown>)[key]);
      if (Array.isArray(base)) (copy as unknown as unknown[]).length = base.length;
      return copy;
    };
    return new Proxy(base, {
      get: (target, key) => (copy ? copy[key] : this.wrap(Reflect.get(target, key))),
      set: (_target, key, value) => Reflect.set(own(), key, value),
      deleteProperty: (_target, key) => Reflect.deleteProperty(own(), key),
      has: (target, key) => Reflect.has(copy ?? target, key),
      ownKeys: (target) => Reflect.ownKeys(copy ?? target),
      getOwnPropertyDescriptor: (target, key) => {
        if (!copy) {
          const described = Reflect.getOwnPropertyDescriptor(target, key);
          return described && 'value' in described ? { ...described, value: this.wrap(described.value) } : described;
        }
        const described = Reflect.getOwnPropertyDescriptor(copy, key);
        // An array's length may not be reported configurable, whatever the copy says.
        return described && key === 'length' && Array.isArray(target) ? { ...described, configurable: false } : described;
      },
      defineProperty: (_target, key, described) => Reflect.defineProperty(own(), key, described),
    });
  }
}

/**
 * A Map over a Map of the folded world, in the same order as the Map it will be once the events
 * are applied: entries changed keep their place, new ones (and ones deleted then set again) go last.
 */
class OverlayMap<K, V> extends Map<K, V> {
  private readonly replaced = new Map<K, V>();
  private readonly removed = new Set<K>();
  private readonly added = new Map<K, V>();

  constructor(
    private readonly base: Map<K, V>,
    private readonly overlay: Overlay,
  ) {
    super();
  }

  private inBase(key: K): boolean {
    return this.base.has(key) && !this.removed.has(key);
  }

  override get(key: K): V | undefined {
    if (this.added.has(key)) return this.added.get(key);
    if (this.replaced.has(key)) return this.replaced.get(key);
    return this.inBase(key) ? this.overlay.wrap(this.base.get(key)) : undefined;
  }

  override has(key: K): boolean {
    return this.added.has(key) || this.inBase(key);
  }

  override set(key: K, value: V): this {
    if (!this.added.has(key) && this.inBase(key)) this.replaced.set(key, value);
    else this.added.set(key, value);
    return this;
  }

  override delete(key: K): boolean {
    if (this.added.delete(key)) return true;
    if (!this.inBase(key)) return false;
    this.removed.add(key);
    this.replaced.delete(key);
    return true;
  }

  override clear(): void {
    for (const key of this.base.keys()) this.removed.add(key);
    this.replaced.clear();
    this.added.clear();
  }

  override get size(): number {
    return this.base.size - this.removed.size + this.added.size;
  }

  override *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) {
      if (this.removed.has(key)) continue;
      yield [key, this.replaced.has(key) ? this.replaced.get(key)! : this.overlay.wrap(value)];
    }
    yield* this.added;
  }

  override *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  override *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}

/** A Set over a Set of the folded world (its members are ids and numbers: nothing to wrap). */
class OverlaySet<T> extends Set<T> {
  private readonly removed = new Set<T>();
  private readonly added = new Set<T>();

  constructor(
    private readonly base: Set<T>,
    private readonly overlay: Overlay,
  ) {
    super();
  }

  override has(value: T): boolean {
    return this.added.has(value) || (this.base.has(value) && !this.removed.has(value));
  }

  override add(value: T): this {
    if (!this.has(value)) this.added.add(value);
    return this;
  }

  override delete(value: T): boolean {
    if (this.added.delete(value)) return true;
    if (!this.base.has(value) || this.removed.has(value)) return false;
    this.removed.add(value);
    return true;
  }

  override clear(): void {
    for (const value of this.base) this.removed.add(value);
    this.added.clear();
  }

  override get size(): number {
    return this.base.size - this.removed.size + this.added.size;
  }

  override *values(): SetIterator<T> {
    for (const value of this.base) if (!this.removed.has(value)) yield this.overlay.wrap(value);
    yield* this.added;
  }

  override keys(): SetIterator<T> {
    return this.values();
  }

  override *entries(): SetIterator<[T, T]> {
    for (const value of this.values()) yield [value, value];
  }

  override [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }

  override forEach(callback: (value: T, key: T, set: Set<T>) => void, thisArg?: unknown): void {
    for (const value of this.values()) callback.call(thisArg, value, value, this);
  }
}
