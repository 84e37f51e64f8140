import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNode } from './bench-node.js';
import { figure, percentile, repeat, type Figure, type RunOptions, type Scale } from './figures.js';
import { createPorts, createTenantNetwork, hostId, registerHosts } from './tenants.js';

const SIZES: Record<Scale, { ports: number; hosts: number; samples: number }> = {
  toy: { ports: 100, hosts: 10, samples: 5 },
  small: { ports: 2_000, hosts: 200, samples: 200 },
  large: { ports: 10_000, hosts: 1_000, samples: 200 },
};

interface Sample {
  readonly ms: number;
  readonly hosts: number;
  readonly bytes: number;
  /** Most ops any host other than the new port's own received. */
  readonly mostOpsElsewhere: number;
  /** The fdatasyncs of the log during the create (its append's). */
  readonly syncs: readonly number[];
}

/**
 * Scenario 3: one port created in a network of `ports` ports spread over `hosts` hosts. The time
 * runs from the command to every affected host's diff being encoded (execute answers only after
 * the projections applied the event), so it holds the log's write and fdatasync: the log's
 * fdatasyncs are timed too, the floor any create's time stands on. The bytes are the diff lines
 * the hosts' streams got.
 */
const measure = async (size: (typeof SIZES)[Scale], runs: number) => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-bench-fan-out-'));
  const syncs: number[] = [];
  const node = await openNode(dir, { observer: { appended: () => undefined, synced: (seconds) => syncs.push(seconds * 1000), committed: () => undefined } });
  try {
    await registerHosts(node, 0, size.hosts);
    const hosts = Array.from({ length: size.hosts }, (_, h) => hostId(h));
    await createTenantNetwork(node, 'wide', '10.0.0.0/16');
    for (let k = 0; k < size.ports; k += 100) await node.run(createPorts('wide', k, Math.min(100, size.ports - k), hosts));
    // The setup's snapshots for the goal-state archive are written between events, in the
    // background: let them finish, so the clock times one create and not the setup's tail.
    await node.history.archive.settled();
    // Readers run inside the projection, so they only keep the line; counting happens after the clock stops.
    const received = new Map<string, string>();
    for (const host of hosts) node.southbound.follow(host, (diff) => received.set(host, (received.get(host) ?? '') + diff.line));
    let created = size.ports;
    // The network is built once; each run is a batch of creates in it (it grows by `samples` ports a run).
    return await repeat(runs, async () => {
      const samples: Sample[] = [];
      for (let s = 0; s < size.samples; s++) {
        received.clear();
        const own = hosts[(created * 7919) % hosts.length];
        const command = createPorts('wide', created++, 1, [own]);
        const firstSync = syncs.length;
        const started = performance.now();
        await node.run(command);
        const ms = performance.now() - started;
        let bytes = 0;
        let mostOpsElsewhere = 0;
        for (const [host, lines] of received) {
          bytes += Buffer.byteLength(lines);
          const ops = lines.trim().split('\n').reduce((sum, line) => sum + (JSON.parse(line).ops as unknown[]).length, 0);
          if (host !== own) mostOpsElsewhere = Math.max(mostOpsElsewhere, ops);
        }
        samples.push({ ms, hosts: received.size, bytes, mostOpsElsewhere, syncs: syncs.slice(firstSync) });
      }
      // What the same hosts would have been sent as whole goal states (after the run's last create).
      let fullBytes = 0;
      for (const host of received.keys()) for (const piece of node.southbound.snapshotLine(host).pieces) fullBytes += piece.length;
      const last = samples[samples.length - 1];
      return {
        p50: percentile(samples.map((s) => s.ms), 50),
        p99: percentile(samples.map((s) => s.ms), 99),
        syncP50: percentile(samples.flatMap((s) => s.syncs), 50),
        syncP99: percentile(samples.flatMap((s) => s.syncs), 99),
        hosts: last.hosts,
        bytes: last.bytes,
        bytesPerHost: last.bytes / last.hosts,
        fullBytesPerHost: fullBytes / last.hosts,
        mostOpsElsewhere: Math.max(...samples.map((s) => s.mostOpsElsewhere)),
      };
    });
  } finally {
    await node.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const size = SIZES[scale];
  const results = await measure(size, runs);
  const label = `fan-out (${size.ports.toLocaleString('en-US')} ports over ${size.hosts.toLocaleString('en-US')} hosts)`;
  const of = (pick: (r: (typeof results)[number]) => number) => results.map(pick);
  return [
    figure(`${label} command to all diffs ready, p99`, 'ms', of((r) => r.p99), { below: 5 }, `${size.samples} creates per run`),
    figure(`${label} command to all diffs ready, p50`, 'ms', of((r) => r.p50)),
    figure(`${label} the log's fdatasync in those creates, p99`, 'ms', of((r) => r.syncP99), undefined, 'the disk’s part of each create’s time'),
    figure(`${label} the log's fdatasync in those creates, p50`, 'ms', of((r) => r.syncP50)),
    figure(`${label} hosts reached`, 'hosts', of((r) => r.hosts)),
    figure(`${label} bytes sent in total`, 'bytes', of((r) => r.bytes)),
    figure(`${label} bytes per host`, 'bytes', of((r) => r.bytesPerHost)),
    figure(`${label} full goal state per host, for comparison`, 'bytes', of((r) => r.fullBytesPerHost)),
    figure(`${label} ops per other host`, 'ops', of((r) => r.mostOpsElsewhere), { atMost: 1 }, 'most any host but the port’s own got'),
  ];
};
