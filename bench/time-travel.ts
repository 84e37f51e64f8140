import { listen, openNode } from './bench-node.js';
import { figure, percentile, repeat, type Figure, type RunOptions, type Scale } from './figures.js';
import { LOG_LENGTHS, standardLog } from './standard-log.js';
import { hostId } from './tenants.js';

const SAMPLES: Record<Scale, number> = { toy: 5, small: 20, large: 20 };

/** A small seeded generator, so every run asks for the same past positions. */
const positionsFrom = (seed: number) => {
  let state = seed >>> 0;
  return (below: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return 1 + (state % below);
  };
};

/** GETs a path of the API and reads the whole answer; anything but 200 is a bug in the bench or the server. */
const get = async (url: string): Promise<string> => {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 200)}`);
  return text;
};

/**
 * Scenario 6: as-of reads at random past positions of a standard log, as an operator makes them:
 * over HTTP, the answer read whole. One port (folded from its own history), and one host's goal
 * state (from the host's archived stream: its last snapshot before the position plus the diffs after).
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  // The longest log at large scale (1,000,000 events, as the issue asks); the shorter one at small
  // scale, where every read replays from the start (see the report) and the longest would take minutes.
  const lengths = LOG_LENGTHS[scale];
  const log = await standardLog(scale, scale === 'large' ? lengths[lengths.length - 1] : lengths[0]);
  const node = await openNode(log.dir);
  const api = await listen(node);
  try {
    const head = node.engine.world.position;
    const portP99: number[] = [];
    const goalStateP99: number[] = [];
    await repeat(runs, async (r) => {
      const next = positionsFrom(r + 1);
      const portMs: number[] = [];
      const goalMs: number[] = [];
      for (let s = 0; s < SAMPLES[scale]; s++) {
        const position = next(head);
        let started = performance.now();
        // A port created early in the log: before it, the answer is 404.
        const port = await fetch(`${api.url}/v2.0/ports/agent-net-p0?as_of=${position}`);
        const portText = await port.text();
        if (port.status !== 404 && JSON.parse(portText).port?.id !== 'agent-net-p0') throw new Error(`port as of ${position}: ${port.status} ${portText.slice(0, 200)}`);
        portMs.push(performance.now() - started);
        started = performance.now();
        await get(`${api.url}/southbound/v1/hosts/${hostId(next(log.agent.otherHosts))}/goal-state?as_of=${position}`);
        goalMs.push(performance.now() - started);
      }
      portP99.push(percentile(portMs, 99));
      goalStateP99.push(percentile(goalMs, 99));
    });
    const label = `as-of read in a log of ${log.events.toLocaleString('en-US')} events`;
    const note = `${SAMPLES[scale]} random positions per run, over HTTP`;
    return [figure(`${label}: a port, p99`, 'ms', portP99, { below: 50 }, note), figure(`${label}: a host's goal state, p99`, 'ms', goalStateP99, { below: 50 }, note)];
  } finally {
    await api.close();
    await node.stop();
  }
};
