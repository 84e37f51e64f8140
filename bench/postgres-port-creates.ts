import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { repeat, type Figure, type RunOptions, type Scale } from './figures.js';
import { createFigures, createNetworksOverHttp, portCreates, startServe, type CreateLoad } from './http-load.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const serverScript = join(root, 'ops/postgres/server.sh');
const run$ = promisify(execFile);

const SIZES: Record<Scale, { connections: number; seconds: number; networks: number }> = {
  toy: { connections: 8, seconds: 0.3, networks: 2 },
  small: { connections: 64, seconds: 3, networks: 100 },
  large: { connections: 64, seconds: 10, networks: 100 },
};

/**
 * Scenario 9: the same port creates over HTTP as scenario 1, on PostgreSQL (a throwaway server
 * from ops/postgres/server.sh, fsync on), with one `serve` node and then two nodes sharing the
 * database, the clients split evenly between them.
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const size = SIZES[scale];
  const dir = await mkdtemp(join(tmpdir(), 'netledger-bench-pg-'));
  // Owned by this process: a run killed on its timeout leaves no server behind.
  const { stdout } = await run$(serverScript, ['start', '--dir', dir, '--owner', String(process.pid)], { cwd: root });
  const url = stdout.trim().split('\n').pop()!;
  const nodes: Awaited<ReturnType<typeof startServe>>[] = [];
  try {
    const flags = ['--store', 'postgres', '--pg-url', url];
    nodes.push(await startServe(flags));
    const networks = await createNetworksOverHttp(nodes[0].server, size.networks);
    await portCreates([nodes[0].server.url], 8, size.seconds / 3, networks);
    const one: CreateLoad[] = await repeat(runs, () => portCreates([nodes[0].server.url], size.connections, size.seconds, networks));
    nodes.push(await startServe(flags));
    const urls = nodes.map((n) => n.server.url);
    await portCreates(urls, 8, size.seconds / 3, networks);
    const two: CreateLoad[] = await repeat(runs, () => portCreates(urls, size.connections, size.seconds, networks));
    return [
      ...createFigures(`api port creates, PostgreSQL, 1 node, ${size.connections} conn`, one),
      ...createFigures(`api port creates, PostgreSQL, 2 nodes, ${size.connections} conn`, two),
    ];
  } finally {
    for (const node of nodes) await node.stop();
    await run$(serverScript, ['stop', '--dir', dir], { cwd: root });
    await rm(dir, { recursive: true, force: true });
  }
};
