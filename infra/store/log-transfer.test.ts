// Moving a log: export from the embedded store, import into PostgreSQL, and the world folded
// from either is the same, and so are the southbound streams replayed from it. Needs NETLEDGER_PG_URL; fails without it under CI=true.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/index.js';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';
import { ImportRefused, exportLog, importLog } from './log-transfer.js';
import { replayStreams } from '../../node/commands/replay.js';
import type { Digests } from '../../southbound/index.js';
import { freshSchema, pgUrl, skipWithoutPostgres, type FreshSchema } from '../../test-kit/postgres-database.js';

describe.skipIf(skipWithoutPostgres)('log export and import', () => {
  let node: InProcessNode | undefined;
  let target: FreshSchema | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await node?.close();
    await target?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('moves an embedded log into PostgreSQL with the same world, and refuses a non-empty target', async () => {
    node = await startNode();
    const network = await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'moved' } });
    const subnet = await call(node.url, 'POST', '/v2.0/subnets', { subnet: { network_id: network.body.network.id, ip_version: 4, cidr: '10.9.0.0/24' } });
    expect(subnet.status).toBe(201);
    const other = await call(node.url, 'POST', '/v2.0/networks', { network: { name: 'other' } });
    for (const id of ['compute-1', 'compute-2'])
      await call(node.url, 'POST', '/v1/hosts', { host: { id, name: id, tunnel_ip: `192.0.2.${id.at(-1)}`, mac: `02:00:00:00:00:0${id.at(-1)}` } });
    const creates = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(node!.url, 'POST', '/v2.0/ports', { port: { network_id: network.body.network.id, name: `p${i}`, 'binding:host_id': `compute-${1 + (i % 2)}` } }),
      ),
    );
    expect(creates.every((answer) => answer.status === 201)).toBe(true);
    await call(node.url, 'PUT', `/v2.0/networks/${other.body.network.id}`, { network: { name: 'renamed' } });
    await call(node.url, 'DELETE', `/v2.0/ports/${creates[3].body.port.id}`);

    dir = await mkdtemp(join(tmpdir(), 'netledger-export-'));
    const file = join(dir, 'log.ndjson');
    const exported = await exportLog(node.engine.store, file);
    expect(exported).toBe(node.engine.world.position);

    target = await freshSchema(pgUrl(), 'transfer');
    expect(await importLog(target.store, file)).toBe(exported);
    const replayed = await Engine.start(target.store, []);
    expect(replayed.world).toEqual(node.engine.world);
    await replayed.stop();
    // The southbound streams replayed from the moved log are the ones the source node serves.
    const live = (await call(node.url, 'GET', '/southbound/v1/digests')).body as Digests;
    expect(Object.keys(live.hosts)).toEqual(['compute-1', 'compute-2']);
    expect(await replayStreams(target.store, join(dir, 'replay'))).toEqual(live);

    await expect(importLog(target.store, file)).rejects.toBeInstanceOf(ImportRefused);
  });
});
