import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNode, listen } from './bench-node.js';
import { figure, percentile, repeat, type Figure, type RunOptions, type Scale } from './figures.js';
import { load } from './load.js';
import { snapshotFetches } from './snapshot-fetches.js';
import { AGENT_HOST, AGENT_NETWORK, LOG_LENGTHS, standardLog } from './standard-log.js';
import { createPorts, hostId } from './tenants.js';

const SECONDS: Record<Scale, number> = { toy: 0.5, small: 2, large: 5 };
const COLD_SAMPLES: Record<Scale, number> = { toy: 3, small: 20, large: 20 };

/**
 * Scenario 5: an agent rebuilding itself fetches its host's snapshot over HTTP (one agent at a
 * time, as after a restart). The host holds 1,000 local ports and 10,000 neighbors; the same host
 * in logs of different lengths shows whether the cost depends on history.
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const figures: Figure[] = [];
  for (const length of LOG_LENGTHS[scale]) {
    const log = await standardLog(scale, length);
    // A copy, since the cold samples append to it and the other scenarios read the log as built.
    const dir = await mkdtemp(join(tmpdir(), 'netledger-bench-agent-'));
    await cp(log.dir, dir, { recursive: true });
    const node = await openNode(dir);
    const server = await listen(node);
    try {
      const path = `/southbound/v1/hosts/${AGENT_HOST}/goal-state`;
      const bytes = Buffer.byteLength(await (await fetch(`${server.url}${path}`)).text());
      const results = await repeat(runs, () => load({ url: server.url, connections: 1, duration: SECONDS[scale], method: 'GET', path }));
      // Cold: the first fetch after the host's goal state changed (a new neighbor), so nothing made for the last seq helps.
      let added = 0;
      // The agent is another process, as in the warm figure: its client's CPU is not the server's.
      const fetcher = snapshotFetches();
      // The fetcher's own warm-up is not the server's.
      for (let s = 0; s < COLD_SAMPLES[scale]; s++) await fetcher.time(`${server.url}${path}`);
      const cold = await repeat(runs, async () => {
        const ms: number[] = [];
        for (let s = 0; s < COLD_SAMPLES[scale]; s++) {
          await node.run(createPorts(AGENT_NETWORK, log.agent.localPorts + log.agent.neighbors + added++, 1, [hostId(0)]));
          ms.push(await fetcher.time(`${server.url}${path}`));
        }
        return percentile(ms, 99);
      }).finally(fetcher.close);
      const label = `agent snapshot (${log.agent.localPorts.toLocaleString('en-US')} local ports, ${log.agent.neighbors.toLocaleString('en-US')} neighbors), log of ${log.events.toLocaleString('en-US')} events`;
      const failed = results.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
      figures.push(
        figure(`${label}, p99`, 'ms', results.map((r) => r.p99), { below: 10 }, `${(bytes / 2 ** 20).toFixed(1)} MiB per snapshot${failed ? `, ${failed} failed` : ''}`),
        figure(`${label}, snapshots/s`, 'snapshots/s', results.map((r) => r.ok / r.seconds)),
        figure(`${label}, first fetch after a change, p99`, 'ms', cold, { below: 10 }, `${COLD_SAMPLES[scale]} changes per run; client in a process of its own`),
      );
    } finally {
      await server.close();
      await node.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
  return figures;
};
