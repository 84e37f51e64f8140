import { figure, type Figure, type RunOptions } from './figures.js';
import { replayRuns } from './replay.js';
import { LOG_LENGTHS, standardLog } from './standard-log.js';

const MIB = 2 ** 20;

/**
 * Scenario 7: resident memory a node holds per 100,000 live ports with their goal states: a fresh
 * process folds the standard log, and the growth of its RSS (after a full GC, over the RSS before
 * opening the log) is divided by the live ports. It reads the replay scenario's runs when both run. The log's ports are bound to hosts, so the goal
 * states (ports, neighbors) and host streams are in it; so are the audit index and the store's indexes.
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const lengths = LOG_LENGTHS[scale];
  const log = await standardLog(scale, lengths[lengths.length - 1]);
  const results = await replayRuns(log.dir, runs);
  return [
    figure(
      'resident memory per 100,000 live ports with goal states',
      'MiB',
      results.map((r) => ((r.liveRssBytes - r.baselineRssBytes) / r.livePorts) * 100_000 / MIB),
      { below: 500 },
      `${log.livePorts.toLocaleString('en-US')} live ports in ${log.events.toLocaleString('en-US')} events`,
    ),
  ];
};
