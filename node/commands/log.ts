import { SingleBar, Presets } from 'cli-progress';
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { EventStore } from '../../domain/log/event-store.js';
import { exportLog, importLog, type TransferProgress } from '../../infra/store/log-transfer.js';
import { checkLog, type LogDamage } from '../../infra/store/embedded/log-check.js';
import { quarantineDamage } from '../../infra/store/embedded/log-quarantine.js';
import { describeStoreLocation, openStore, parseStoreLocation, type StoreLocation } from '../../infra/store/store-location.js';

const storeLocation = (value: string): StoreLocation => {
  const location = parseStoreLocation(value);
  if (!location) throw new InvalidArgumentError('expected embedded:DIR, postgres://… or esdb://…');
  return location;
};

/**
 * A progress bar on a terminal (nothing when the output goes to a file or a pipe), measured in
 * source positions for an export (any store's positions grow with the log) and in events for an
 * import (the file's line count is the total).
 */
const withProgress = async <T>(total: number, measure: 'position' | 'events', run: (progress: TransferProgress) => Promise<T>): Promise<T> => {
  if (!process.stdout.isTTY) return run(() => undefined);
  const bar = new SingleBar({ format: '{bar} {percentage}% | {events} events | eta {eta_formatted}' }, Presets.shades_classic);
  bar.start(Math.max(total, 1), 0, { events: 0 });
  try {
    return await run((done, position) => bar.update(Math.min(measure === 'position' ? position : done, total), { events: done }));
  } finally {
    bar.stop();
  }
};

const countLines = async (file: string): Promise<number> => {
  let lines = 0;
  for await (const chunk of createReadStream(file)) for (const byte of chunk as Buffer) if (byte === 10) lines += 1;
  return lines;
};

/** Opens the store, runs `use`, closes it; a failure is reported in one line and exits 1. */
const using = async <T>(location: StoreLocation, use: (store: EventStore) => Promise<T>, readOnly = false): Promise<T> => {
  const store = await openStore(location, { readOnly }).catch((error: Error) => fail(`cannot open ${describeStoreLocation(location)}: ${error.message}`));
  try {
    return await use(store).catch((error: Error) => fail(error.message));
  } finally {
    await store.close();
  }
};

const fail = (message: string): never => {
  console.error(`error: ${message}`);
  process.exit(1);
};

const damageLine = ({ file, offset, reason, position }: LogDamage): string => `${file} at offset ${offset}: ${reason} (position ${position} on)`;

/**
 * `netledger log export` and `log import` move a whole log between stores as NDJSON; `log verify`
 * and `log repair --quarantine` check an embedded log and cut it at its first damage.
 */
export const logCommand = (program: Command): void => {
  const log = program.command('log').description('move a whole event log between stores, check and repair an embedded one');
  log
    .command('export')
    .description('write every event of a store, in global order, to an NDJSON file')
    .requiredOption('--from <store>', 'embedded:DIR, postgres://… or esdb://…', storeLocation)
    .requiredOption('--out <file>', 'the NDJSON file to write')
    .action(async (options: { from: StoreLocation; out: string }) => {
      const count = await using(options.from, async (store) =>
        withProgress(await store.headPosition(), 'position', (progress) => exportLog(store, options.out, progress)),
      true, // an export only reads: an embedded log is opened read-only, never truncated
      );
      console.error(`exported ${count} events from ${describeStoreLocation(options.from)} to ${options.out}`);
    });
  log
    .command('import')
    .description('append an exported NDJSON log to an empty store, stream by stream in global order')
    .requiredOption('--in <file>', 'the NDJSON file netledger log export wrote')
    .requiredOption('--to <store>', 'embedded:DIR, postgres://… or esdb://…', storeLocation)
    .action(async (options: { in: string; to: StoreLocation }) => {
      const total = await countLines(options.in);
      const count = await using(options.to, (store) => withProgress(total, 'events', (progress) => importLog(store, options.in, progress)));
      console.error(`imported ${count} events into ${describeStoreLocation(options.to)}`);
    });
  log
    .command('verify')
    .description("read every segment of an embedded log (read-only) and report each record its open would refuse; exit 1 if any")
    .requiredOption('--data-dir <dir>', 'the data dir holding the segments')
    .action(async (options: { dataDir: string }) => {
      const check = await checkLog(options.dataDir).catch((error: Error) => fail(error.message));
      for (const damage of check.damage) console.log(damageLine(damage));
      if (check.tornTail) console.log(`${check.tornTail.file} at offset ${check.tornTail.offset}: torn tail (an incomplete last record, never acknowledged; the next open cuts it)`);
      console.error(`${check.records} records in ${check.segments} segments, up to position ${check.head}: ${check.damage.length === 0 ? 'no damage' : `${check.damage.length} damaged`}`);
      if (check.damage.length > 0) process.exit(1);
    });
  log
    .command('repair')
    .description('cut an embedded log at its first damage, so it opens again: the damaged record and all after it go to DIR/quarantine/')
    .requiredOption('--quarantine', 'move what is cut to the quarantine folder (the only repair there is)')
    .requiredOption('--data-dir <dir>', 'the data dir holding the segments (no server running on it)')
    .action(async (options: { dataDir: string }) => {
      const repaired = await quarantineDamage(options.dataDir).catch((error: Error) => fail(error.message));
      if (!repaired) {
        console.error('no damage: nothing removed');
        return;
      }
      const { damage, positions, files } = repaired;
      console.log(`cut at ${damageLine(damage)}`);
      console.log(`removed positions ${positions.from}${positions.to === undefined ? '' : ` to ${positions.to}`} (the damaged record and every one after it); the log now ends at ${positions.from - 1}`);
      for (const file of files) console.log(`kept in ${file}`);
    });
};
