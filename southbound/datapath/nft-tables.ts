import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { run, type Place } from './kernel-tools.js';

/**
 * An nftables table as the agent wants it, read back from the kernel (`nft -j list table`) and
 * patched: only the chains, sets, maps and elements that differ are written, so what is already
 * right keeps its handles, its counters and the connections it let through. A chain's rules are
 * not compared expression by expression: the last rule carries a fingerprint of the rule lines
 * it was written from, and a chain whose fingerprint differs is flushed and written again.
 */

export interface ChainModel {
  /** The base chain's hook, priority and policy (`type filter hook ... ;`), none for a regular chain. */
  readonly hook?: string;
  readonly rules: readonly string[];
}

export interface Element {
  /** The element as nft writes it (`"tap1" : jump c`, `10.0.0.0/24`). */
  readonly text: string;
  /** Its key as read back (a name, a number, an address or prefix), and its value ('' in a set). */
  readonly key: string;
  readonly value: string;
}

export interface CollectionModel {
  readonly kind: 'set' | 'map';
  /** What follows the name in `add set|map` ({ type ...; flags ...; }). */
  readonly spec: string;
  /** Intervals merge in the kernel: any difference writes the set again rather than an element. */
  readonly interval: boolean;
  readonly elements: Map<string, Element>;
}

export interface TableModel {
  /** family and name, `inet netledger`. */
  readonly table: string;
  readonly chains: Map<string, ChainModel>;
  readonly collections: Map<string, CollectionModel>;
}

export const tableModel = (table: string): TableModel => ({ table, chains: new Map(), collections: new Map() });

export const collection = (kind: 'set' | 'map', spec: string): CollectionModel => ({ kind, spec, interval: spec.includes('interval'), elements: new Map() });

/** An element whose key and value read back as they are written. */
export const element = (key: string, value = '', text = value === '' ? key : `${key} : ${value}`): Element => ({ key, value, text });

/** Address blocks as the kernel lists them in a set (a /32 or /128 as the address alone). */
export const blockElements = (blocks: readonly string[]): Element[] => blocks.map((block) => element(block.replace(/\/(32|128)$/, '')));

const FINGERPRINT = 'netledger:';
const fingerprintOf = (rules: readonly string[]): string => `${FINGERPRINT}${createHash('sha256').update(rules.join('\n')).digest('hex').slice(0, 16)}`;

/** A chain's rules written again (its fingerprint on the last). */
export const refill = (table: string, name: string, rules: readonly string[]): string[] => [
  `flush chain ${table} ${name}`,
  ...rules.map((rule, i) => `add rule ${table} ${name} ${rule}${i === rules.length - 1 ? ` comment "${fingerprintOf(rules)}"` : ''}`),
];

/** A chain made if missing, and its rules written (the incremental path: the diff named it). */
export const chainLines = (table: string, name: string, chain: ChainModel): string[] => [
  `add chain ${table} ${name}${chain.hook ? ` { ${chain.hook} }` : ''}`,
  ...refill(table, name, chain.rules),
];

// The parts of nft's JSON the agent reads, decoded: anything else in the listing is skipped.
const Scalar = t.union([t.string, t.number]);
const Key = t.union([Scalar, t.type({ prefix: t.type({ addr: t.string, len: t.number }) }), t.type({ range: t.tuple([t.string, t.string]) })]);
const Value = t.union([Scalar, t.type({ jump: t.type({ target: t.string }) })]);
const Elem = t.union([Key, t.tuple([Key, Value])]);
const Collection = t.intersection([t.type({ name: t.string, type: t.union([t.string, t.array(t.string)]) }), t.partial({ elem: t.array(Elem) })]);
const Item = t.partial({
  chain: t.type({ name: t.string }),
  rule: t.intersection([t.type({ chain: t.string }), t.partial({ comment: t.string })]),
  set: Collection,
  map: Collection,
});
const Listing = t.type({ nftables: t.array(t.unknown) });

const keyText = (key: t.TypeOf<typeof Key>): string =>
  typeof key === 'string' || typeof key === 'number' ? String(key) : 'prefix' in key ? `${key.prefix.addr}/${key.prefix.len}` : `${key.range[0]}-${key.range[1]}`;
const valueText = (value: t.TypeOf<typeof Value>): string => (typeof value === 'object' ? `jump ${value.jump.target}` : String(value));

export interface KernelTable {
  /** Chain -> the fingerprint its last rule carries ('' for none), and how many rules it has. */
  readonly chains: Map<string, { fingerprint: string; rules: number }>;
  /** Set or map -> its elements' keys -> values, and the text to delete each by. */
  readonly collections: Map<string, { kind: 'set' | 'map'; elements: Map<string, { value: string; text: string }> }>;
}

/** The table as the kernel holds it, or undefined when it has none. */
export const readTable = async (place: Place, table: string): Promise<KernelTable | undefined> => {
  const outcome = await run(place, 'nft', ['-j', 'list', 'table', ...table.split(' ')]);
  if (outcome.code !== 0) {
    if (/No such file or directory/.test(outcome.stderr)) return undefined;
    throw new Error(`nft list table ${table}: ${outcome.stderr.trim()}`);
  }
  const listing = Listing.decode(JSON.parse(outcome.stdout));
  if (E.isLeft(listing)) throw new Error(`nft list table ${table}: not nft's JSON`);
  const kernel: KernelTable = { chains: new Map(), collections: new Map() };
  for (const raw of listing.right.nftables) {
    const decoded = Item.decode(raw);
    if (E.isLeft(decoded)) continue;
    const item = decoded.right;
    if (item.chain) kernel.chains.set(item.chain.name, { fingerprint: '', rules: 0 });
    if (item.rule) {
      const chain = kernel.chains.get(item.rule.chain) ?? { fingerprint: '', rules: 0 };
      kernel.chains.set(item.rule.chain, { fingerprint: item.rule.comment ?? '', rules: chain.rules + 1 });
    }
    for (const kind of ['set', 'map'] as const) {
      const found = item[kind];
      if (!found) continue;
      const quoted = found.type === 'ifname';
      const elements = new Map<string, { value: string; text: string }>();
      for (const elem of found.elem ?? []) {
        const [key, value] = Array.isArray(elem) ? [keyText(elem[0]), valueText(elem[1])] : [keyText(elem), ''];
        elements.set(key, { value, text: quoted ? `"${key}"` : key });
      }
      kernel.collections.set(found.name, { kind, elements });
    }
  }
  return kernel;
};

/**
 * What makes the kernel's table the wanted one, in an order one transaction accepts: what is
 * declared first, chains written before elements jump to them, elements removed before the chains
 * and sets they name.
 */
export const patchTable = (want: TableModel, have: KernelTable | undefined): string[] => {
  const { table } = want;
  const declare: string[] = have ? [] : [`add table ${table}`];
  const chains: string[] = [];
  const removeElements: string[] = [];
  const addElements: string[] = [];
  const removeChains: string[] = [];
  const removeCollections: string[] = [];
  for (const [name, wanted] of want.collections) {
    const held = have?.collections.get(name);
    if (!held) declare.push(`add ${wanted.kind} ${table} ${name} ${wanted.spec}`);
    const heldElements = held?.elements ?? new Map<string, { value: string; text: string }>();
    const differs = (key: string, value: string) => heldElements.get(key)?.value !== value;
    if (wanted.interval) {
      const same = heldElements.size === wanted.elements.size && [...wanted.elements.values()].every((e) => !differs(e.key, e.value));
      if (!same) {
        if (held) removeElements.push(`flush ${wanted.kind} ${table} ${name}`);
        if (wanted.elements.size > 0) addElements.push(`add element ${table} ${name} { ${[...wanted.elements.values()].map((e) => e.text).join(', ')} }`);
      }
      continue;
    }
    const stale = [...heldElements].filter(([key, { value }]) => wanted.elements.get(key)?.value !== value).map(([, { text }]) => text);
    const missing = [...wanted.elements.values()].filter((e) => differs(e.key, e.value)).map((e) => e.text);
    if (stale.length > 0) removeElements.push(`delete element ${table} ${name} { ${stale.join(', ')} }`);
    if (missing.length > 0) addElements.push(`add element ${table} ${name} { ${missing.join(', ')} }`);
  }
  for (const [name, wanted] of want.chains) {
    const held = have?.chains.get(name);
    if (!held) declare.push(`add chain ${table} ${name}${wanted.hook ? ` { ${wanted.hook} }` : ''}`);
    const right = held && (wanted.rules.length === 0 ? held.rules === 0 : held.fingerprint === fingerprintOf(wanted.rules));
    if (!right) chains.push(...refill(table, name, wanted.rules));
  }
  for (const [name] of have?.chains ?? []) if (!want.chains.has(name)) removeChains.push(`flush chain ${table} ${name}`, `delete chain ${table} ${name}`);
  for (const [name, held] of have?.collections ?? []) if (!want.collections.has(name)) removeCollections.push(`delete ${held.kind} ${table} ${name}`);
  // A stale chain's rules may name a stale set: all stale chains are flushed before any is deleted.
  const flushes = removeChains.filter((line) => line.startsWith('flush'));
  const deletes = removeChains.filter((line) => line.startsWith('delete'));
  return [...declare, ...chains, ...removeElements, ...addElements, ...flushes, ...deletes, ...removeCollections];
};
