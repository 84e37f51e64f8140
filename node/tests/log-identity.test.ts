import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { closeGracefully } from '../../api/close-gracefully.js';
import { EmbeddedEventStore } from '../../infra/store/index.js';
import { call } from '../../test-kit/in-process-node.js';
import { startEngineNode } from '../node.js';

/** A node on `dir` that snapshots its world every few events, telling `rebuilt` of derived data it found not of its log. */
const openNode = async (dir: string, rebuilt: string[]) => {
  const store = await EmbeddedEventStore.open(dir);
  const node = await startEngineNode(store, dir, {}, {
    snapshots: { minInterval: 2, eventsPerEntity: 0 },
    onRebuilt: (folder, reason) => rebuilt.push(`${folder}: ${reason}`),
  });
  const app = await buildApp({ ...node.app, auth: { mode: 'none', defaultProject: 'admin' }, logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const post = async (path: string, body: unknown) => {
    const answer = await call(url, 'POST', path, body);
    expect(answer.status).toBe(201);
    return { ...answer.body, position: Number(answer.headers.get('x-netledger-position')) };
  };
  return {
    post,
    /** Names of the networks and ids of the host's ports as of `position`. */
    asOf: async (position: number) => ({
      networks: (await call(url, 'GET', `/v2.0/networks?as_of=${position}`)).body.networks.map((network: { name: string }) => network.name).sort(),
      ports: Object.keys((await call(url, 'GET', `/southbound/v1/hosts/h1/goal-state?as_of=${position}`)).body.goal_state.port ?? {}).sort(),
    }),
    /** A network and a port on h1 in it. */
    networkWithPort: async (name: string) => {
      const network = (await post('/v2.0/networks', { network: { name } })).network.id;
      await post('/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.7.0.0/24' } });
      const port = await post('/v2.0/ports', { port: { network_id: network, name, 'binding:host_id': 'h1' } });
      return { port: port.port.id as string, position: port.position };
    },
    close: async () => {
      await closeGracefully(app, 1000);
      await node.stop();
      await store.close();
    },
  };
};

const segmentsOf = async (dir: string) => (await readdir(dir)).filter((name) => name.startsWith('segment-'));

/** Puts the segments of `from` in place of those of `dir`, leaving everything else of `dir` (its derived data, its LOG-ID). */
const putSegments = async (from: string, dir: string) => {
  for (const name of await segmentsOf(dir)) await rm(join(dir, name));
  for (const name of await segmentsOf(from)) await cp(join(from, name), join(dir, name));
};

describe('derived data records the log it came from', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netledger-log-identity-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('segments restored from an older copy under newer derived data: as-of reads serve the restored timeline, not the lost one, and the node says why it rebuilt', async () => {
    const dir = await tempDir();
    const backup = await tempDir();
    const rebuilt: string[] = [];
    const first = await openNode(dir, rebuilt);
    await first.post('/v1/hosts', { host: { id: 'h1', name: 'h1', tunnel_ip: '192.0.2.1', mac: '02:00:00:00:00:01' } });
    const kept = await first.networkWithPort('kept');
    for (const name of await segmentsOf(dir)) await cp(join(dir, name), join(backup, name)); // durable: a copy as a backup takes it
    const lost = await first.networkWithPort('lost');
    expect(await first.asOf(lost.position)).toEqual({ networks: ['kept', 'lost'], ports: [kept.port, lost.port].sort() });
    await first.close();
    expect(await readdir(join(dir, 'snapshots'))).not.toEqual([]);

    await putSegments(backup, dir);
    const second = await openNode(dir, rebuilt);
    const fresh = await second.networkWithPort('fresh');
    expect(fresh.position).toBeLessThanOrEqual(lost.position); // the positions the lost timeline held are the new one's
    expect(await second.asOf(fresh.position)).toEqual({ networks: ['fresh', 'kept'], ports: [fresh.port, kept.port].sort() });
    expect(await second.asOf(kept.position)).toEqual({ networks: ['kept'], ports: [kept.port] });
    await second.close();
    expect(rebuilt).toEqual([
      expect.stringMatching(/goal-states: it goes to position \d+, past the log's head \d+ \(the log restored from an older copy\?\)$/),
      expect.stringMatching(/snapshots: it goes to position \d+, past the log's head \d+/),
    ]);

    // Opened again on its own log, nothing is rebuilt: the derived data is this log's.
    rebuilt.length = 0;
    const third = await openNode(dir, rebuilt);
    expect(await third.asOf(fresh.position)).toEqual({ networks: ['fresh', 'kept'], ports: [fresh.port, kept.port].sort() });
    await third.close();
    expect(rebuilt).toEqual([]);
  });

  it("another log's segments swapped in: its events at the same positions are told apart by their digest", async () => {
    const dir = await tempDir();
    const other = await tempDir();
    const rebuilt: string[] = [];
    const ports: string[] = [];
    for (const [at, name] of [[dir, 'mine'], [other, 'theirs']] as const) {
      const node = await openNode(at, rebuilt);
      await node.post('/v1/hosts', { host: { id: 'h1', name: 'h1', tunnel_ip: '192.0.2.1', mac: '02:00:00:00:00:01' } });
      ports.splice(0, 2, (await node.networkWithPort(name)).port, (await node.networkWithPort(`${name}-2`)).port);
      await node.close();
    }
    await putSegments(other, dir);
    const swapped = await openNode(dir, rebuilt);
    const last = (await swapped.post('/v2.0/networks', { network: { name: 'after' } })).position;
    expect(await swapped.asOf(last - 1)).toEqual({ networks: ['theirs', 'theirs-2'], ports: ports.sort() });
    await swapped.close();
    expect(rebuilt).toEqual([
      expect.stringMatching(/goal-states: the event at position \d+ is not the one it was derived from/),
      expect.stringMatching(/snapshots: the event at position \d+ is not the one it was derived from/),
    ]);
  });
});
