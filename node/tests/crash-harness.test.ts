import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';
import { replayStreams } from '../commands/replay.js';
import { EmbeddedEventStore } from '../../infra/store/index.js';
import type { Digests } from '../../southbound/index.js';

const HOSTS = ['compute-0', 'compute-1', 'compute-2'];

/**
 * Crash safety under load: workers create, update and delete networks, subnets and ports over
 * HTTP while the server is killed with SIGKILL at random moments and restarted on the same data
 * dir. After each restart the state must hold every acknowledged change, nothing that was
 * refused, no duplicated IP or MAC, and each request cut off by the kill either wholly or not at
 * all. NETLEDGER_CRASH_KILLS sets the number of kills (5 by default, for `npm test`).
 */
const KILLS = Number(process.env.NETLEDGER_CRASH_KILLS ?? 5);
const WORKERS = 8;

type Kind = 'networks' | 'subnets' | 'ports';
type Item = Record<string, any>;

interface Known {
  readonly kind: Kind;
  name: string;
  readonly networkId: string;
  /** What the acknowledgement said (ports: their addresses), compared after each restart. */
  readonly fixed?: { fixed_ips: unknown; mac_address: string };
}

/** A request the kill cut off: it may have landed or not, but wholly or not at all. */
type Unsure =
  | { readonly op: 'create'; readonly kind: Kind; readonly names: readonly string[] }
  | { readonly op: 'update'; readonly id: string; readonly from: string; readonly to: string }
  | { readonly op: 'delete'; readonly id: string };

class Model {
  readonly live = new Map<string, Known>();
  readonly gone = new Set<string>();
  /** Names of creates answered 4xx or 503, or cut off and found not to have landed: they must never appear. */
  readonly refused = new Set<string>();
  unsure: Unsure[] = [];
  readonly busy = new Set<string>();
  /** Changes asked for (reads are not counted), and how they ended. */
  readonly counts = { requests: 0, acknowledged: 0, refused: 0, cutOff: 0, kills: 0 };

  of(kind: Kind): [string, Known][] {
    return [...this.live].filter(([id, known]) => known.kind === kind && !this.busy.has(id));
  }
}

interface Answer {
  readonly status: number;
  readonly body: any;
}

const random = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(items: readonly T[]): T | undefined => items[random(items.length)];

describe('crash safety under load (issue 11)', () => {
  const node = serverWithDataDir('netledger-crash-');

  it(`keeps every acknowledged change and nothing refused across ${KILLS} SIGKILLs under concurrent load`, { timeout: 60_000 + KILLS * 15_000 }, async () => {
    const dir = node.dataDir;
    const model = new Model();
    let seq = 0;
    let cidrs = 0;
    const nextCidr = () => {
      cidrs += 1;
      return `10.${cidrs >> 8}.${cidrs & 255}.0/28`;
    };

    const call = async (url: string, method: string, path: string, body?: unknown): Promise<Answer | 'cut off'> => {
      const counted = method !== 'GET';
      if (counted) model.counts.requests += 1;
      try {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        const answer = { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
        if (answer.status >= 500) expect([503], `${method} ${path}: ${text}`).toContain(answer.status);
        if (counted && answer.status < 300) model.counts.acknowledged += 1;
        else if (counted) model.counts.refused += 1;
        return answer;
      } catch {
        if (counted) model.counts.cutOff += 1;
        return 'cut off';
      }
    };

    /** One change, chosen among those the model allows now; resources in flight are left alone. */
    const step = async (url: string): Promise<void> => {
      const networks = model.of('networks');
      const roll = random(100);
      if (networks.length < 4 || roll < 8) {
        const name = `net-${++seq}`;
        const answer = await call(url, 'POST', '/v2.0/networks', { network: { name } });
        return settleCreate(answer, 'networks', [name], (body) => [body.network]);
      }
      const [networkId] = pick(networks)!;
      const subnets = model.of('subnets').filter(([, s]) => s.networkId === networkId);
      if (subnets.length === 0 || roll < 15) {
        const name = `sub-${++seq}`;
        // Now and then a CIDR that overlaps the network's first subnet: refused with 400.
        const overlapping = subnets.length > 0 && roll < 12;
        const cidr = overlapping ? undefined : nextCidr();
        // The network stays out of other workers' hands meanwhile: deleted under us, it would answer 404.
        model.busy.add(networkId);
        try {
          const body = { subnet: { name, network_id: networkId, ip_version: 4, cidr: cidr ?? (await cidrOf(url, subnets[0][0])) } };
          if (body.subnet.cidr === undefined) return;
          const answer = await call(url, 'POST', '/v2.0/subnets', body);
          if (overlapping && answer !== 'cut off') expect(answer.status).toBe(400);
          return settleCreate(answer, 'subnets', [name], (b) => [b.subnet]);
        } finally {
          model.busy.delete(networkId);
        }
      }
      const ports = model.of('ports');
      if (roll < 60) {
        const names = Array.from({ length: 1 + random(4) }, () => `port-${++seq}`);
        const answer = await call(url, 'POST', '/v2.0/ports', {
          ports: names.map((name) => ({ name, network_id: networkId, 'binding:host_id': pick(HOSTS)! })),
        });
        return settleCreate(answer, 'ports', names, (b) => b.ports);
      }
      if (roll < 75 && ports.length > 0) return update(url, pick(ports)!);
      if (roll < 82) return update(url, pick(networks)!);
      if (roll < 97 && ports.length > 0) return remove(url, pick(ports)![0]);
      return remove(url, networkId);
    };

    const cidrOf = async (url: string, subnetId: string): Promise<string | undefined> => {
      const answer = await call(url, 'GET', `/v2.0/subnets/${subnetId}`);
      return answer === 'cut off' ? undefined : answer.body.subnet.cidr;
    };

    const settleCreate = (answer: Answer | 'cut off', kind: Kind, names: string[], items: (body: any) => Item[]) => {
      if (answer === 'cut off') return void model.unsure.push({ op: 'create', kind, names });
      if (answer.status !== 201) return names.forEach((name) => model.refused.add(name));
      for (const item of items(answer.body)) model.live.set(item.id, known(kind, item));
    };

    const update = async (url: string, [id, known]: [string, Known]) => {
      const to = `${known.kind}-renamed-${++seq}`;
      model.busy.add(id);
      const answer = await call(url, 'PUT', `/v2.0/${known.kind}/${id}`, { [known.kind.slice(0, -1)]: { name: to } });
      if (answer === 'cut off') return void model.unsure.push({ op: 'update', id, from: known.name, to });
      model.busy.delete(id);
      if (answer.status === 200) known.name = to;
    };

    const remove = async (url: string, id: string) => {
      const known = model.live.get(id)!;
      model.busy.add(id);
      const answer = await call(url, 'DELETE', `/v2.0/${known.kind}/${id}`);
      if (answer === 'cut off') return void model.unsure.push({ op: 'delete', id });
      model.busy.delete(id);
      if (answer.status === 204) {
        model.live.delete(id);
        model.gone.add(id);
        // A network's subnets go with it (only an empty network can be deleted).
        for (const [other, k] of model.live) if (k.networkId === id) (model.live.delete(other), model.gone.add(other));
      } else expect([404, 409, 429, 503], JSON.stringify(answer.body)).toContain(answer.status);
    };

    /** Reads the whole state back, checks it against the model, then settles what the kill left unsure. */
    const verify = async (url: string) => {
      const state = new Map<string, Item & { kind: Kind }>();
      for (const kind of ['networks', 'subnets', 'ports'] as const) {
        const answer = await call(url, 'GET', `/v2.0/${kind}`);
        if (answer === 'cut off') throw new Error('the restarted server did not answer');
        for (const item of answer.body[kind]) state.set(item.id, { ...item, kind });
      }
      const byName = new Map([...state.values()].map((item) => [item.name as string, item]));
      const unsureIds = new Set(model.unsure.flatMap((u) => (u.op === 'create' ? [] : [u.id])));
      for (const [id, known] of model.live) {
        // A cut-off delete of a network may have taken its subnets with it.
        if (unsureIds.has(id) || unsureIds.has(known.networkId)) continue;
        const item = state.get(id);
        expect(item, `acknowledged ${known.kind} ${id} (${known.name}) is missing`).toBeDefined();
        expect(item!.name).toBe(known.name);
        if (known.fixed) expect({ fixed_ips: item!.fixed_ips, mac_address: item!.mac_address }).toEqual(known.fixed);
      }
      for (const id of model.gone) expect(state.has(id), `deleted ${id} is back`).toBe(false);
      for (const name of model.refused) expect(byName.has(name), `refused ${name} exists`).toBe(false);

      const unsureNames = new Set(model.unsure.flatMap((u) => (u.op === 'create' ? u.names : u.op === 'update' ? [u.to] : [])));
      for (const item of state.values())
        expect(model.live.has(item.id) || unsureNames.has(item.name), `${item.kind} ${item.id} (${item.name}) was never asked for`).toBe(true);

      const ips = new Set<string>();
      const macs = new Set<string>();
      for (const port of [...state.values()].filter((item) => item.kind === 'ports')) {
        for (const ip of port.fixed_ips) {
          const key = `${ip.subnet_id}/${ip.ip_address}`;
          expect(ips.has(key), `IP ${key} twice`).toBe(false);
          ips.add(key);
        }
        const mac = `${port.network_id}/${port.mac_address}`;
        expect(macs.has(mac), `MAC ${mac} twice`).toBe(false);
        macs.add(mac);
      }

      for (const unsure of model.unsure) {
        if (unsure.op === 'create') {
          const landed = unsure.names.filter((name) => byName.has(name));
          expect([0, unsure.names.length], `a cut-off create landed ${landed.length} of ${unsure.names.length}`).toContain(landed.length);
          for (const name of landed) model.live.set(byName.get(name)!.id, known(unsure.kind, byName.get(name)!));
          if (landed.length === 0) unsure.names.forEach((name) => model.refused.add(name));
        } else if (unsure.op === 'update') {
          const item = state.get(unsure.id);
          const known = model.live.get(unsure.id);
          if (item && known) {
            expect([unsure.from, unsure.to]).toContain(item.name);
            known.name = item.name;
          }
        } else if (!state.has(unsure.id)) {
          model.live.delete(unsure.id);
          model.gone.add(unsure.id);
        }
      }
      // Whatever a cut-off delete of a network took with it is gone from the state, and so from the model.
      for (const [id] of model.live) if (!state.has(id) && !unsureIds.has(id) && model.gone.has(model.live.get(id)!.networkId)) model.live.delete(id);
      model.unsure = [];
      model.busy.clear();
    };

    // Whole lists in one answer: the harness reads the state back without paging.
    const args = ['--log-level', 'info', '--pagination-max-limit', '0'];
    for (let round = 0; round <= KILLS; round++) {
      const server = await node.start(...args);
      await verify(server.url);
      // Ports are bound to hosts, so the southbound streams have something to say.
      if (round === 0)
        for (const [i, id] of HOSTS.entries()) {
          const registered = await call(server.url, 'POST', '/v1/hosts', { host: { id, name: id, tunnel_ip: `192.0.2.${i + 1}`, mac: `02:00:00:00:00:0${i + 1}` } });
          expect(registered !== 'cut off' && registered.status).toBe(201);
        }
      const url = server.url;
      let running = true;
      const workers = Array.from({ length: WORKERS }, async () => {
        while (running) await step(url);
      });
      await new Promise((resolve) => setTimeout(resolve, 300 + random(1200)));
      if (round < KILLS) {
        await node.kill();
        model.counts.kills += 1;
      }
      running = false;
      await Promise.all(workers);
      if (round === KILLS) await node.stop();
    }
    const server = await node.restart();
    await verify(server.url);
    const live = (await (await fetch(`${server.url}/southbound/v1/digests`)).json()) as Digests;
    await node.stop();
    // The streams a restarted server serves are the ones the log alone gives.
    const store = await EmbeddedEventStore.open(dir);
    const replayed = await replayStreams(store, join(dir, 'replay'));
    await store.close();
    expect(Object.keys(live.hosts).sort()).toEqual([...HOSTS].sort());
    expect(replayed).toEqual(live);

    const counts = { ...model.counts, live: model.live.size, deleted: model.gone.size, refusedCreates: model.refused.size };
    console.log(`crash harness: ${JSON.stringify(counts)}`);
    expect(model.counts.kills).toBe(KILLS);
    expect(model.counts.acknowledged).toBeGreaterThan(KILLS * 10);
  });
});

const known = (kind: Kind, item: Item): Known => ({
  kind,
  name: item.name,
  networkId: kind === 'networks' ? item.id : item.network_id,
  ...(kind === 'ports' ? { fixed: { fixed_ips: item.fixed_ips, mac_address: item.mac_address } } : {}),
});
