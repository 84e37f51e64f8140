import type { DesiredObjects } from './desired-objects.js';
import type { KernelObject, KernelView } from './kernel-object.js';

export interface Batches {
  /** Run in this order: removals (what lives on devices first), then additions (devices first). */
  readonly bridgeRemovals: string[];
  readonly ipRemovals: string[];
  /** Devices (and what must follow them at once): before everything else that is added. */
  readonly ipDevices: string[];
  readonly ipAdditions: string[];
  readonly bridgeAdditions: string[];
  /** Attachments whose tap the compute side has not made yet. */
  readonly waiting: string[];
}

const linkKey = (device: string) => `link:${device}`;

/**
 * What to run so that the kernel holds the desired object for each of `keys`, and updates `view`
 * to what it will hold. Keys already right are left alone; a device that must be made again takes
 * everything that lives on it along.
 */
export const planBatches = (keys: Iterable<string>, desired: DesiredObjects, view: KernelView, taps: ReadonlySet<string>): Batches => {
  const removals: KernelObject[] = [];
  const additions = new Map<string, KernelObject>();
  const waiting: string[] = [];
  const removedDevices = new Set<string>();
  for (const key of keys) {
    const want = desired.get(key);
    const have = view.get(key);
    if (want !== undefined && have === want.spec) continue;
    if (have !== undefined) {
      const gone = want ?? staleObject(key, have);
      if (gone) removals.push(gone);
      if (key.startsWith('link:')) removedDevices.add(key.slice('link:'.length));
    }
    if (want !== undefined) additions.set(key, want);
  }
  for (const device of removedDevices) {
    for (const key of [...view.keys()]) if (key !== linkKey(device) && deviceOfKey(key) === device) view.delete(key);
    for (const key of desired.on(device)) {
      const want = desired.get(key);
      if (want && key !== linkKey(device)) additions.set(key, want);
    }
  }
  const batches: Batches = { bridgeRemovals: [], ipRemovals: [], ipDevices: [], ipAdditions: [], bridgeAdditions: [], waiting };
  removals.sort((a, b) => b.rank - a.rank);
  for (const object of removals) {
    view.delete(object.key);
    // Removing a device removes what lives on it: no line of its own.
    if (object.key !== linkKey(object.device) && removedDevices.has(object.device)) continue;
    for (const line of object.remove) (line.tool === 'ip' ? batches.ipRemovals : batches.bridgeRemovals).push(line.text);
  }
  for (const object of byRank(additions.values())) {
    if (object.key.startsWith('attach:') && !taps.has(object.device)) {
      waiting.push(object.key);
      continue;
    }
    view.set(object.key, object.spec);
    for (const line of object.add) (line.tool === 'bridge' ? batches.bridgeAdditions : object.rank <= 1 ? batches.ipDevices : batches.ipAdditions).push(line.text);
  }
  return batches;
};

/** Objects in creation order (ranks are a few small numbers: buckets, not a sort of 40,000 objects). */
const byRank = (objects: Iterable<KernelObject>): KernelObject[] => {
  const buckets: KernelObject[][] = [];
  for (const object of objects) (buckets[object.rank] ??= []).push(object);
  return buckets.flatMap((bucket) => bucket ?? []);
};

/** The device named in a key (`kind:device:...`). */
export const deviceOfKey = (key: string): string => key.split(':')[1];

/**
 * How to remove something found in the kernel that the goal state no longer wants, from its key
 * alone (after a restart the agent has no object for it).
 */
const staleObject = (key: string, spec: string): KernelObject | undefined => {
  const [kind, device, ...rest] = key.split(':');
  const base = { key, spec, device, add: [] };
  switch (kind) {
    case 'link':
      return { ...base, rank: 0, remove: [{ tool: 'ip', text: `link del ${device}` }] };
    case 'attach':
      return { ...base, rank: 3, remove: [{ tool: 'ip', text: `link set ${device} nomaster` }] };
    case 'addr':
      return { ...base, rank: 1, remove: [{ tool: 'ip', text: `addr del ${rest.join(':')} dev ${device}` }] };
    case 'neigh':
      return { ...base, rank: 2, remove: [{ tool: 'ip', text: `neigh del ${rest.join(':')} dev ${device}` }] };
    case 'bfdb':
      return { ...base, rank: 2, remove: [{ tool: 'bridge', text: `fdb del ${rest.join(':')} dev ${device} master` }] };
    case 'fdb': {
      const dst = rest.pop();
      return { ...base, rank: 2, remove: [{ tool: 'bridge', text: `fdb del ${rest.join(':')} dev ${device} dst ${dst} self` }] };
    }
    default:
      return undefined;
  }
};
