import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { EventStore } from '../../domain/index.js';
import { HostStreams, type Digests } from '../../southbound/index.js';
import { Engine } from '../../engine/index.js';
import { EmbeddedEventStore } from '../../infra/store/index.js';
import { HostStreamFiles, streamFileOf } from '../../southbound/archive/host-stream-files.js';
import { GoalStates } from '../../projections/goal-state/index.js';

/** Lines held in memory before they go to their files. */
const FLUSH_BYTES = 8 * 1024 * 1024;

/**
 * Regenerates every host's diff stream from the log alone into `outDir` (one NDJSON file per
 * host, the exact bytes the server sends) and returns the digests, which equal the live server's.
 * Files of an earlier replay in `outDir` are replaced.
 */
export const replayStreams = async (store: EventStore, outDir: string): Promise<Digests> => {
  await mkdir(outDir, { recursive: true });
  for (const name of await readdir(outDir)) if (name.endsWith('.ndjson')) await rm(join(outDir, name));
  const files = new HostStreamFiles(outDir);
  const streams = new HostStreams(new GoalStates(), { window: 0 });
  streams.recordEach({
    record: (hostId, diff) => {
      files.append(hostId, diff.line);
      if (files.pending >= FLUSH_BYTES) void files.flush().catch(() => undefined);
    },
  });
  const engine = await Engine.start(store, [streams]);
  await engine.stop();
  await files.close();
  const digests = streams.digests();
  await writeFile(join(outDir, 'digests.json'), `${JSON.stringify(digests, null, 2)}\n`);
  return digests;
};

export const replayCommand = (program: Command): void => {
  program
    .command('replay')
    .description("regenerate every host's southbound diff stream from the log (the server must not be running on it)")
    .requiredOption('--data-dir <dir>', 'the data dir holding the log')
    .requiredOption('--out <dir>', 'where to write one NDJSON file per host, and digests.json')
    .action(async (options: { dataDir: string; out: string }) => {
      const store = await EmbeddedEventStore.open(options.dataDir, { readOnly: true });
      try {
        const digests = await replayStreams(store, options.out);
        // sha256sum's format: `cd OUT && sha256sum -c` checks the files against it.
        for (const [hostId, digest] of Object.entries(digests.hosts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          process.stdout.write(`${digest}  ${streamFileOf(hostId)}\n`);
        process.stdout.write(`${digests.overall}  (overall, position ${digests.position})\n`);
      } finally {
        await store.close();
      }
    });
};
