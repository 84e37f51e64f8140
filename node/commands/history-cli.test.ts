import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const netledger = async (...args: string[]) =>
  (await promisify(execFile)(process.execPath, ['--import', 'tsx', 'node/cli.ts', ...args], { cwd: root })).stdout;

const post = async (url: string, path: string, body: unknown) => {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { position: Number(response.headers.get('x-netledger-position')), body: (await response.json()) as any };
};

/** Every file under `dir`, with its inode, time of last change and a digest of its bytes: a file written again shows. */
const filesOf = async (dir: string): Promise<Record<string, string>> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const described = async (file: string) => {
    const { ino, mtimeMs } = await stat(file);
    return [file, `${ino} ${mtimeMs} ${createHash('sha256').update(await readFile(file)).digest('hex')}`];
  };
  return Object.fromEntries(await Promise.all(files.map(described)));
};

describe('netledger audit and goal-state commands', () => {
  const node = serverWithDataDir('netledger-cli-');

  it('answer from a running server and from the data dir alone, as tables or JSON', async () => {
    const dir = node.dataDir;
    const server = await node.start();
    await post(server.url, '/v1/hosts', { host: { id: 'compute-1', name: 'compute-1', tunnel_ip: '192.0.2.10', mac: '02:00:00:00:00:10' } });
    const network = (await post(server.url, '/v2.0/networks', { network: { name: 'web' } })).body.network.id;
    await post(server.url, '/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.9.0.0/24' } });
    const before = await post(server.url, '/v2.0/ports', { port: { network_id: network, 'binding:host_id': 'compute-1' } });
    await post(server.url, '/v2.0/ports', { port: { network_id: network, 'binding:host_id': 'compute-1' } });

    const table = await netledger('goal-state', '--host', 'compute-1', '--server', server.url);
    expect(table).toMatch(/│ group_member +│/);
    const past = JSON.parse(await netledger('goal-state', '--host', 'compute-1', '--as-of', String(before.position), '--server', server.url, '--json'));
    expect(Object.keys(past.goal_state.port)).toEqual([before.body.port.id]);
    const events = JSON.parse(await netledger('audit', 'events', '--event-type', 'PortCreated', '--server', server.url, '--json'));
    expect(events).toHaveLength(2);

    await node.stop();
    const files = await filesOf(dir);
    const offline = JSON.parse(await netledger('goal-state', '--host', 'compute-1', '--as-of', String(before.position), '--data-dir', dir, '--json'));
    expect(offline.goal_state).toEqual(past.goal_state);
    const history = await netledger('audit', 'history', 'port', before.body.port.id, '--data-dir', dir);
    expect(history).toContain('PortCreated');
    // Read-only: the server's derived files (audit index, archive, checkpoints) are left as they were.
    expect(await filesOf(dir)).toEqual(files);
  }, 180_000);
});
