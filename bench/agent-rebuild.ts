import { openNode, listen } from './bench-node.js';
import { figure, repeat, type Figure, type RunOptions, type Scale } from './figures.js';
import { load } from './load.js';
import { AGENT_HOST, LOG_LENGTHS, standardLog } from './standard-log.js';

const SECONDS: Record<Scale, number> = { toy: 0.5, small: 3, large: 5 };

/**
 * Scenario 5: an agent rebuilding itself fetches its host's snapshot over HTTP (one agent at a
 * time, as after a restart). The host holds 1,000 local ports and 10,000 neighbors; the same host
 * in logs of different lengths shows whether the cost depends on history.
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const figures: Figure[] = [];
  for (const length of LOG_LENGTHS[scale]) {
    const log = await standardLog(scale, length);
    const node = await openNode(log.dir);
    const server = await listen(node);
    try {
      const path = `/southbound/v1/hosts/${AGENT_HOST}/goal-state`;
      const bytes = Buffer.byteLength(await (await fetch(`${server.url}${path}`)).text());
      const results = await repeat(runs, () => load({ url: server.url, connections: 1, duration: SECONDS[scale], method: 'GET', path }));
      const label = `agent snapshot (${log.agent.localPorts.toLocaleString('en-US')} local ports, ${log.agent.neighbors.toLocaleString('en-US')} neighbors), log of ${log.events.toLocaleString('en-US')} events`;
      const failed = results.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
      figures.push(
        figure(`${label}, p99`, 'ms', results.map((r) => r.p99), { below: 10 }, `${(bytes / 2 ** 20).toFixed(1)} MiB per snapshot${failed ? `, ${failed} failed` : ''}`),
        figure(`${label}, snapshots/s`, 'snapshots/s', results.map((r) => r.ok / r.seconds)),
      );
    } finally {
      await server.close();
      await node.stop();
    }
  }
  return figures;
};
