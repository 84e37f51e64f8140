import { cpSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childResult } from './child-result.js';
import { figure, type Figure, type RunOptions } from './figures.js';
import type { RestartResult } from './restart-child.js';
import { LOG_LENGTHS, standardLog } from './standard-log.js';

const MIB = 2 ** 20;

const restartInChild = (dir: string): Promise<RestartResult> => {
  const heap = process.execArgv.filter((flag) => flag.startsWith('--max-old-space-size'));
  return childResult('restart', [...heap, '--import', 'tsx', 'bench/restart-child.ts', dir]);
};

/**
 * Scenario 13: restart to first answer, on a copy of each standard log: a fresh process opens the
 * log and starts a node, first with no checkpoint (it folds the whole log, as every start did
 * before checkpoints; its stop writes one), then from that checkpoint. The target, under 10 s at
 * 1M events and flat in history length, is the same at every length.
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const figures: Figure[] = [];
  for (const length of LOG_LENGTHS[scale]) {
    const log = await standardLog(scale, length);
    const dir = await mkdtemp(join(tmpdir(), 'netledger-bench-restart-'));
    try {
      cpSync(log.dir, dir, { recursive: true });
      const folds: RestartResult[] = [];
      for (let i = 0; i < runs; i++) {
        rmSync(join(dir, 'checkpoints'), { recursive: true, force: true });
        folds.push(await restartInChild(dir));
      }
      const resumed: RestartResult[] = [];
      for (let i = 0; i < runs; i++) resumed.push(await restartInChild(dir));
      const events = folds[0].events;
      if (folds.some((r) => r.startedFrom !== 0) || resumed.some((r) => r.startedFrom !== events))
        throw new Error(`restarts did not start where they should: ${JSON.stringify([...folds, ...resumed].map((r) => [r.startedFrom, r.told]))}`);
      const label = `restart to first answer, ${events.toLocaleString('en-US')} events`;
      const size = folds[0].checkpointBytes / MIB;
      figures.push(
        figure(`${label}, from a checkpoint`, 's', resumed.map((r) => r.seconds), { below: 10 }, `checkpoint of ${size.toFixed(0)} MiB; target is for 1M events, flat in history length`),
        figure(`${label}, folding the whole log`, 's', folds.map((r) => r.seconds), undefined, 'no checkpoint: as every start was before checkpoints'),
        figure(`${label}, from a checkpoint: of which the store's open`, 's', resumed.map((r) => r.storeOpenSeconds), undefined, 'its saved index plus the tail after it; flat in history length'),
        figure(`checkpoint capture at ${events.toLocaleString('en-US')} events (event loop held)`, 'ms', folds.map((r) => r.captureMs), undefined, 'the longest the loop was held at once: the copy, or a slice of the serialization'),
        figure(`checkpoint capture at ${events.toLocaleString('en-US')} events: the copy between two events`, 'ms', folds.map((r) => r.copyMs)),
        figure(`checkpoint capture at ${events.toLocaleString('en-US')} events: the longest slice of its serialization`, 'ms', folds.map((r) => r.longestSliceMs)),
        figure(`${label}, from a checkpoint, peak RSS`, 'MiB', resumed.map((r) => r.peakRssBytes / MIB)),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return figures;
};
