import { flatText, portOf, type RecordedEvent, type World } from '../../domain/index.js';
import type { Projection } from '../projection.js';
import { canonicalJson } from './canonical-json.js';
import { Checksum, entryText, type EntryDigest } from './checksum.js';
import { inputsOf } from './event-inputs.js';
import { GOAL_STATE_GRAPH } from './graph.js';
import type { Context, Handler, Input } from './inputs.js';
import type { GoalStateNode } from './node.js';
import { byKindAndId, byText, type Body, type GoalStateDocument, type HostChanges, type Kind, type Op } from './ops.js';
import { copyOfPlacement, emptyPlacement, type Placement } from './placement.js';

interface Entry {
  readonly body: Body;
  /** Canonical bytes of the body: equal bodies, equal strings, so a no-op upsert is one comparison. */
  readonly encoded: string;
  /** The entry's digest (see checksum.ts), taken once however many hosts hold this entry. */
  digest?: string;
}

type HostTables = Map<Kind, Map<string, Entry>>;

/** A bound port's neighbor entry, with the network and host it had when the entry was made. */
export interface Neighbor {
  readonly entry: Entry;
  readonly network: string;
  readonly host: string;
}

/** The one entry object that every host holding (kind, id) with this encoding shares, and how many hosts hold it. */
interface SharedEntry {
  readonly entry: Entry;
  holders: number;
}

/** Everything the goal states fold, for a checkpoint: the position, the placement, every host's tables but its neighbors, and each bound port's neighbor entry. */
export interface GoalStatesState {
  readonly position: number;
  readonly placement: Placement;
  readonly hosts: ReadonlyMap<string, HostTables>;
  readonly neighbors: ReadonlyMap<string, Neighbor>;
}

/** A host's goal state as (kind, [(id, canonical JSON of the body)]) in canonical order. */
export type EncodedTables = ReadonlyArray<readonly [Kind, ReadonlyArray<readonly [id: string, encoded: string]>]>;

/** An entry as one event finds it (undefined once gone), with the upsert of it that event makes, for every host it reaches. */
interface Seen {
  readonly entry?: Entry;
  upsert?: Op;
}

/** `make` called once per (kind, id) however often it is asked for: what one event's hosts share. */
const oncePerEntry = <V>(make: (kind: Kind, id: string) => V): ((kind: Kind, id: string) => V) => {
  const made = new Map<Kind, Map<string, V>>();
  return (kind, id) => {
    let ofKind = made.get(kind);
    if (!ofKind) made.set(kind, (ofKind = new Map()));
    let value = ofKind.get(id);
    if (value === undefined) ofKind.set(id, (value = make(kind, id)));
    return value;
  };
};

const NODES = new Map<Kind, GoalStateNode>(GOAL_STATE_GRAPH.map((node) => [node.kind, node]));

/**
 * Every host's goal state, kept incrementally: per event, the graph's handlers name the
 * (host, entry) pairs the event may have changed, each is looked at again, and only real changes
 * come out, as ops per host. Nothing else is visited, so one port in a network of a thousand
 * hosts costs a thousand neighbor entries, never a thousand tables.
 */
export class GoalStates implements Projection {
  readonly placement: Placement;
  private readonly hosts: Map<string, HostTables>;
  /**
   * Per (kind, id), the entry hosts hold: a host that takes it at a later event (it joined the
   * network) gets that same object, not an equal copy, so a subnet held by a hundred hosts is one
   * body, one encoding and one digest in memory (and in a checkpoint). Neighbors are kept apart (below).
   */
  private readonly shared = new Map<Kind, Map<string, SharedEntry>>();
  /**
   * Neighbors are not kept per host: a host holds every bound port of the networks in its network
   * table (what it reaches) but its own, so each port's entry is kept once, by port and by network,
   * and a host's neighbor table is read from those (1.9 M per-host slots on the standard log, 97 k here).
   */
  private readonly neighbors = new Map<string, Neighbor>();
  private readonly networkNeighbors = new Map<string, Map<string, Neighbor>>();
  /** Each host's checksum, kept op by op once `keepChecksums` is called (hosts holding nothing have none). */
  private readonly checksums = new Map<string, Checksum>();
  private entryDigest?: EntryDigest;
  private appliedPosition: number;

  /** Empty, or taken up from a checkpoint's state (which it then owns; keepChecksums sums its entries again). */
  constructor(saved?: GoalStatesState) {
    this.placement = saved?.placement ?? emptyPlacement();
    this.hosts = new Map(saved?.hosts);
    this.appliedPosition = saved?.position ?? 0;
    for (const [id, neighbor] of saved?.neighbors ?? []) this.placeNeighbor(id, neighbor);
    for (const tables of this.hosts.values())
      for (const [kind, table] of tables)
        for (const [id, entry] of table) {
          const known = this.sharedOf(kind, id);
          if (known !== undefined && known.encoded === entry.encoded) table.set(id, known);
          this.hold(kind, id, table.get(id)!);
        }
  }

  /** The port's neighbor entry from now on (none once it is gone or unbound). */
  private placeNeighbor(id: string, neighbor: Neighbor | undefined): void {
    const before = this.neighbors.get(id);
    if (before) {
      const ofNetwork = this.networkNeighbors.get(before.network)!;
      ofNetwork.delete(id);
      if (ofNetwork.size === 0) this.networkNeighbors.delete(before.network);
    }
    if (!neighbor) {
      this.neighbors.delete(id);
      return;
    }
    this.neighbors.set(id, neighbor);
    let ofNetwork = this.networkNeighbors.get(neighbor.network);
    if (!ofNetwork) this.networkNeighbors.set(neighbor.network, (ofNetwork = new Map()));
    ofNetwork.set(id, neighbor);
  }

  /** The neighbor entry a host holds as `id`, read from its network table (before this event's changes to the host's tables). */
  private neighborOn(tables: HostTables | undefined, host: string, id: string): Entry | undefined {
    const neighbor = this.neighbors.get(id);
    return neighbor && neighbor.host !== host && tables?.get('network')?.has(neighbor.network) ? neighbor.entry : undefined;
  }

  /** A host's tables, its neighbor table among them (when not empty): the bound ports of the networks it reaches, but its own. */
  private *tablesOf(host: string): Iterable<readonly [Kind, Map<string, Entry>]> {
    const tables = this.hosts.get(host);
    for (const [kind, table] of tables ?? []) yield [kind, table];
    const neighbors = new Map<string, Entry>();
    for (const network of tables?.get('network')?.keys() ?? [])
      for (const [id, neighbor] of this.networkNeighbors.get(network) ?? []) if (neighbor.host !== host) neighbors.set(id, neighbor.entry);
    if (neighbors.size > 0) yield ['neighbor', neighbors];
  }

  private sharedOf(kind: Kind, id: string): Entry | undefined {
    return kind === 'neighbor' ? this.neighbors.get(id)?.entry : this.shared.get(kind)?.get(id)?.entry;
  }

  /** A host now holds `entry` as (kind, id): it becomes the shared one if it is not already. */
  private hold(kind: Kind, id: string, entry: Entry): void {
    let ofKind = this.shared.get(kind);
    if (!ofKind) this.shared.set(kind, (ofKind = new Map()));
    const slot = ofKind.get(id);
    if (slot?.entry === entry) slot.holders += 1;
    else ofKind.set(id, { entry, holders: 1 });
  }

  /** A host no longer holds `entry` as (kind, id); once no host holds the shared one, it goes. */
  private release(kind: Kind, id: string, entry: Entry): void {
    const ofKind = this.shared.get(kind);
    const slot = ofKind?.get(id);
    if (slot?.entry !== entry) return;
    slot.holders -= 1;
    if (slot.holders > 0) return;
    ofKind!.delete(id);
    if (ofKind!.size === 0) this.shared.delete(kind);
  }

  /**
   * The state between two events, for a checkpoint: a copy of every map the next event changes,
   * the entries shared (they are replaced, never changed), so it can be read over later ticks.
   */
  saved(): GoalStatesState {
    const hosts = new Map<string, HostTables>();
    for (const [host, tables] of this.hosts) hosts.set(host, new Map([...tables].map(([kind, table]) => [kind, new Map(table)])));
    return { position: this.appliedPosition, placement: copyOfPlacement(this.placement), hosts, neighbors: new Map(this.neighbors) };
  }

  /**
   * Keeps every host's checksum from now on, with `entryDigest` (sha256, given by the southbound):
   * the entries held already are summed once, then each op adds and subtracts.
   */
  keepChecksums(entryDigest: EntryDigest): void {
    this.entryDigest = entryDigest;
    this.checksums.clear();
    for (const host of this.hosts.keys()) {
      const checksum = new Checksum();
      for (const [kind, table] of this.tablesOf(host)) for (const [id, entry] of table) checksum.add(this.digestOf(kind, id, entry));
      this.checksums.set(host, checksum);
    }
  }

  private digestOf(kind: Kind, id: string, entry: Entry): string {
    entry.digest ??= this.entryDigest!(entryText(kind, id, entry.encoded));
    return entry.digest;
  }

  /** The host's checksum (see checksum.ts) as 64 hex digits; needs keepChecksums. */
  checksumOf(host: string): string {
    if (!this.entryDigest) throw new Error('goal states keep no checksums: call keepChecksums first');
    return (this.checksums.get(host) ?? new Checksum()).hex();
  }

  /**
   * The ops the event makes per host. `encodings`, when given, is handed each upsert's body with
   * its canonical JSON, made here already to compare it: the southbound's encoding of the op reads it.
   */
  apply(event: RecordedEvent, world: World, encodings?: Map<object, string>): HostChanges {
    const context: Context = { world, placement: this.placement };
    const touched = new Map<string, Map<Kind, Set<string>>>();
    const changedPorts = new Set<string>();
    for (const { input, change } of inputsOf(event, world, this.placement)) {
      if (input === 'port') changedPorts.add((change.after ?? change.before)!.id);
      for (const node of GOAL_STATE_GRAPH) {
        const handler = node.on[input] as Handler<Input> | undefined;
        handler?.(change, context, (host, id) => {
          let kinds = touched.get(host);
          if (!kinds) touched.set(host, (kinds = new Map()));
          let ids = kinds.get(node.kind);
          if (!ids) kinds.set(node.kind, (ids = new Set()));
          ids.add(id);
        });
      }
    }
    this.appliedPosition = event.position;
    return this.settle(touched, changedPorts, context, encodings);
  }

  /**
   * Looks again at each touched entry: an upsert where the body changed, a delete where the host no
   * longer holds it. An entry's body, encoding and ops are made once per event and shared by every
   * host it reaches, so the southbound encodes each op once, not once per host. A host's neighbors
   * are looked at first, against its network table and the neighbor entries as they were before
   * the event; the entries of the ports touched or changed are made new once every host is done.
   */
  private settle(touched: Map<string, Map<Kind, Set<string>>>, changedPorts: Set<string>, context: Context, encodings?: Map<object, string>): HostChanges {
    const seenOf = oncePerEntry((kind, id): Seen => {
      const body = NODES.get(kind)!.body(context.world, id);
      if (body === undefined) return {};
      const encoded = flatText(canonicalJson(body));
      const known = this.sharedOf(kind, id);
      // digest named from the start, so the entry keeps it in its own slots when it is taken.
      return { entry: known?.encoded === encoded ? known : { body, encoded, digest: undefined } };
    });
    const deleteOf = oncePerEntry((kind, id): Op => ({ op: 'delete', kind, id }));
    const changes: HostChanges = new Map();
    for (const host of [...touched.keys()].sort(byText)) {
      const tables = this.hosts.get(host) ?? new Map<Kind, Map<string, Entry>>();
      const checksum = this.entryDigest && (this.checksums.get(host) ?? new Checksum());
      const ops: Op[] = [];
      const kinds = touched.get(host)!;
      const neighborIds = kinds.get('neighbor');
      for (const id of neighborIds ?? []) changedPorts.add(id);
      // Neighbors first; most hosts of an event have nothing else touched, and no list of kinds is made for them.
      for (const kind of neighborIds && kinds.size > 1 ? ['neighbor' as const, ...[...kinds.keys()].filter((k) => k !== 'neighbor')] : kinds.keys()) {
        const node = NODES.get(kind)!;
        const table = kind === 'neighbor' ? undefined : (tables.get(kind) ?? new Map<string, Entry>());
        for (const id of kinds.get(kind)!) {
          const once = node.holds(context, host, id) ? seenOf(kind, id) : undefined;
          const entry = once?.entry;
          const current = table ? table.get(id) : this.neighborOn(tables, host, id);
          if (entry === undefined) {
            if (current === undefined) continue;
            if (table) {
              table.delete(id);
              this.release(kind, id, current);
            }
            checksum?.subtract(this.digestOf(kind, id, current));
            ops.push(deleteOf(kind, id));
          } else if (current?.encoded !== entry.encoded) {
            if (table) {
              table.set(id, entry);
              if (current) this.release(kind, id, current);
              this.hold(kind, id, entry);
            }
            if (checksum) {
              if (current) checksum.subtract(this.digestOf(kind, id, current));
              checksum.add(this.digestOf(kind, id, entry));
            }
            if (once!.upsert === undefined) {
              once!.upsert = { op: 'upsert', kind, id, body: entry.body };
              encodings?.set(entry.body, entry.encoded);
            }
            ops.push(once!.upsert);
          }
        }
        if (!table) continue;
        if (table.size > 0) tables.set(kind, table);
        else tables.delete(kind);
      }
      if (tables.size > 0) {
        this.hosts.set(host, tables);
        if (checksum) this.checksums.set(host, checksum);
      } else {
        this.hosts.delete(host);
        this.checksums.delete(host);
      }
      if (ops.length > 0) changes.set(host, ops.sort(byKindAndId));
    }
    for (const id of changedPorts) {
      const entry = seenOf('neighbor', id).entry;
      if (entry === this.neighbors.get(id)?.entry) continue;
      const port = entry && portOf(context.world, id)!;
      this.placeNeighbor(id, port && { entry: entry!, network: port.network_id, host: port['binding:host_id'] });
    }
    return changes;
  }

  /** Position of the last event applied: the goal states are GS(h, position). */
  get position(): number {
    return this.appliedPosition;
  }

  /** A host's goal state as plain data (empty for a host that holds nothing). */
  goalState(host: string): GoalStateDocument {
    const document: GoalStateDocument = {};
    for (const [kind, table] of this.tablesOf(host)) document[kind] = Object.fromEntries([...table].map(([id, entry]) => [id, entry.body]));
    return document;
  }

  /** A host's tables in canonical order (kinds, then ids, by text), each entry with its encoding. */
  encodedTables(host: string): EncodedTables {
    return [...this.tablesOf(host)]
      .sort(([a], [b]) => byText(a, b))
      .map(([kind, table]) => [kind, [...table].sort(([a], [b]) => byText(a, b)).map(([id, entry]) => [id, entry.encoded] as const)] as const);
  }

  /** The canonical JSON of the entry a host holds as (kind, id), or undefined if it holds none: what a snapshot patched by a diff takes again. */
  encodedEntry(host: string, kind: Kind, id: string): string | undefined {
    const tables = this.hosts.get(host);
    return (kind === 'neighbor' ? this.neighborOn(tables, host, id) : tables?.get(kind)?.get(id))?.encoded;
  }

  /** Hosts holding anything. */
  hostIds(): string[] {
    return [...this.hosts.keys()].sort(byText);
  }
}

/** A host's goal state computed from the world alone, table by table: what the incremental path must equal. */
export const goalStateFromScratch = (world: World, host: string): GoalStateDocument => {
  const document: GoalStateDocument = {};
  for (const node of GOAL_STATE_GRAPH) {
    const table = node.compute(world, host);
    if (table.size > 0) document[node.kind] = Object.fromEntries(table);
  }
  return document;
};
