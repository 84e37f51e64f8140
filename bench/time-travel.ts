import { listen, openNode, quiet } from './bench-node.js';
import { load } from './load.js';
import { figure, repeat, type Figure, type RunOptions, type Scale } from './figures.js';
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

/**
 * Scenario 6: as-of reads at random past positions of a standard log, as an operator makes them:
 * over HTTP from a client process of its own (the load generator, one connection, one request
 * after another), each answer read whole, once the node opened on the log has gone quiet. One
 * port (folded from its own history; 404 before it was created); one host's goal state (from the
 * host's archived stream: its last snapshot before the position plus the diffs after); that host
 * shown as of the moment (its history, and its bound ports counted in its archived goal state);
 * and the net change of its goal state between two random moments.
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  // The longest log at large scale (1,000,000 events, as the issue asks); the shorter one at small
  // scale, where the longest would take minutes to build.
  const lengths = LOG_LENGTHS[scale];
  const log = await standardLog(scale, scale === 'large' ? lengths[lengths.length - 1] : lengths[0]);
  const node = await openNode(log.dir);
  const api = await listen(node);
  try {
    // A node that has just rebuilt its goal-state archive (a new log, or an archive of an older
    // format) is still writing it out; the first read would wait for all of that.
    await node.history.archive.settled();
    const head = node.engine.world.position;
    // Untimed: the first read starts the archive's thread (its modules are bundled first).
    await (await fetch(`${api.url}/southbound/v1/hosts/${hostId(0)}/goal-state?as_of=${head}`)).text();
    await quiet();
    const portP99: number[] = [];
    const goalStateP99: number[] = [];
    const goalStateP50: number[] = [];
    const hostP99: number[] = [];
    const changeP50: number[] = [];
    const changeP99: number[] = [];
    await repeat(runs, async (r) => {
      const next = positionsFrom(r + 1);
      const positions = Array.from({ length: SAMPLES[scale] }, () => ({ position: next(head), host: hostId(next(log.agent.otherHosts)), to: next(head) }));
      /** Every answer a 200, or, where `mayBeMissing`, not found (as a port is before its creation). */
      const reads = async (paths: string[], mayBeMissing = false) => {
        const result = await load({ url: api.url, connections: 1, amount: paths.length, method: 'GET', path: paths[0], paths });
        const answered = result.ok + (mayBeMissing ? result.non2xx : 0);
        if (result.errors > 0 || result.timeouts > 0 || answered !== paths.length) throw new Error(`as-of reads failed: ${JSON.stringify(result)}`);
        return result;
      };
      portP99.push((await reads(positions.map(({ position }) => `/v2.0/ports/agent-net-p0?as_of=${position}`), true)).p99);
      const goalStates = await reads(positions.map(({ position, host }) => `/southbound/v1/hosts/${host}/goal-state?as_of=${position}`));
      goalStateP99.push(goalStates.p99);
      goalStateP50.push(goalStates.p50);
      // A host is missing before its registration, as a port is.
      hostP99.push((await reads(positions.map(({ position, host }) => `/v1/hosts/${host}?as_of=${position}`), true)).p99);
      const changes = await reads(positions.map(({ position, host, to }) => `/southbound/v1/hosts/${host}/goal-state/diff?from=${position}&to=${to}`));
      changeP50.push(changes.p50);
      changeP99.push(changes.p99);
    });
    const label = `as-of read in a log of ${log.events.toLocaleString('en-US')} events`;
    const note = `${SAMPLES[scale]} random positions per run, over HTTP from another process`;
    return [
      figure(`${label}: a port, p99`, 'ms', portP99, { below: 50 }, note),
      figure(`${label}: a host's goal state, p50`, 'ms', goalStateP50, undefined, note),
      figure(`${label}: a host's goal state, p99`, 'ms', goalStateP99, { below: 50 }, note),
      figure(`${label}: a host, p99`, 'ms', hostP99, { below: 50 }, note),
      figure(`${label}: the net change of a host's goal state between two moments, p50`, 'ms', changeP50, undefined, note),
      figure(`${label}: the net change of a host's goal state between two moments, p99`, 'ms', changeP99, undefined, note),
    ];
  } finally {
    await api.close();
    await node.stop();
  }
};
