import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import type { KernelView } from './kernel-object.js';
import { readJson, type Place } from './kernel-tools.js';
import { OWNED_PREFIX } from './names.js';
import { vxlanSpec } from './l2-objects.js';

/** The parts of iproute2's JSON the agent reads, decoded: an entry that does not decode is not ours. */
const Link = t.intersection([
  t.type({ ifname: t.string, mtu: t.number }),
  t.partial({
    master: t.string,
    linkinfo: t.intersection([
      t.type({ info_kind: t.string }),
      t.partial({ info_data: t.partial({ id: t.number, local: t.string, port: t.number, learning: t.boolean, proxy: t.boolean }) }),
    ]),
  }),
]);
const Fdb = t.intersection([t.type({ mac: t.string, state: t.string }), t.partial({ ifname: t.string, dst: t.string, master: t.string, flags: t.array(t.string) })]);
const Addresses = t.type({ ifname: t.string, addr_info: t.array(t.partial({ family: t.string, local: t.string, prefixlen: t.number, scope: t.string })) });
const Neighbor = t.intersection([t.type({ dst: t.string, dev: t.string }), t.partial({ lladdr: t.string, state: t.array(t.string) })]);

const decodedAll = <A>(codec: t.Type<A, unknown>, json: unknown): A[] =>
  (Array.isArray(json) ? json : []).flatMap((item) => {
    const decoded = codec.decode(item);
    return E.isRight(decoded) ? [decoded.right] : [];
  });

const owned = (name: string | undefined): name is string => name !== undefined && name.startsWith(OWNED_PREFIX);

export interface KernelState {
  /** What the agent owns there now, in the same keys and specs as the objects it wants. */
  readonly view: KernelView;
  /** Every tap device present (attached or not), so that a port's tap that is not there yet can wait. */
  readonly taps: Set<string>;
}

/** Reads what the agent owns in the kernel: its devices by name prefix, the FDB and neighbor entries on them, the taps in its bridges. */
export const readKernel = async (place: Place): Promise<KernelState> => {
  const [links, fdb, neighbors, addresses] = await Promise.all([
    readJson(place, 'ip', ['-d', '-j', 'link', 'show']),
    readJson(place, 'bridge', ['-j', 'fdb', 'show']),
    readJson(place, 'ip', ['-j', 'neigh', 'show', 'nud', 'permanent']),
    readJson(place, 'ip', ['-j', 'addr', 'show']),
  ]);
  const view: KernelView = new Map();
  const taps = new Set<string>();
  for (const link of decodedAll(Link, links)) {
    const kind = link.linkinfo?.info_kind;
    if (link.ifname.startsWith('tap')) {
      taps.add(link.ifname);
      if (owned(link.master)) view.set(`attach:${link.ifname}`, `master ${link.master}`);
    } else if (owned(link.ifname) && kind === 'bridge') view.set(`link:${link.ifname}`, 'bridge');
    else if (owned(link.ifname) && kind === 'vxlan') {
      const data = link.linkinfo?.info_data ?? {};
      const right = data.learning === false && data.proxy === true && data.port === 4789;
      view.set(`link:${link.ifname}`, right ? vxlanSpec(data.id ?? -1, data.local ?? '-', link.mtu, link.master) : 'vxlan not as the agent makes it');
    }
  }
  for (const entry of decodedAll(Fdb, fdb)) {
    if (!owned(entry.ifname) || !entry.ifname.startsWith(`${OWNED_PREFIX}v`)) continue;
    if (entry.dst !== undefined && entry.flags?.includes('self')) view.set(`fdb:${entry.ifname}:${entry.mac}:${entry.dst}`, '');
    else if (entry.master !== undefined && entry.state === 'static') view.set(`bfdb:${entry.ifname}:${entry.mac}`, '');
  }
  for (const neighbor of decodedAll(Neighbor, neighbors))
    if (owned(neighbor.dev) && neighbor.lladdr !== undefined) view.set(`neigh:${neighbor.dev}:${neighbor.dst}`, neighbor.lladdr);
  for (const link of decodedAll(Addresses, addresses))
    if (owned(link.ifname) && link.ifname.startsWith(`${OWNED_PREFIX}b`))
      for (const address of link.addr_info)
        // Link-local addresses are the kernel's own, not the agent's.
        if ((address.family === 'inet' || (address.family === 'inet6' && address.scope === 'global')) && address.local !== undefined) view.set(`addr:${link.ifname}:${address.local}/${address.prefixlen}`, '');
  return { view, taps };
};

/** Only the taps present: what a waiting attachment needs to know. */
export const readTaps = async (place: Place): Promise<Set<string>> =>
  new Set(decodedAll(Link, await readJson(place, 'ip', ['-j', 'link', 'show'])).map((link) => link.ifname).filter((name) => name.startsWith('tap')));
