// Measures group commit: 64 concurrent appenders of one small event each, for a few seconds.
// Run: node --import tsx infra/store/embedded/group-commit-throughput.ts [appenders] [seconds]
import { isLeft } from 'fp-ts/lib/Either.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { nodeFileSystem, type FileSystem } from './file-system.js';
import { portCreated } from './fixtures.js';

const appenders = Number(process.argv[2] ?? 64);
const seconds = Number(process.argv[3] ?? 3);

let syncs = 0;
const countingSyncs: FileSystem = {
  ...nodeFileSystem,
  open: async (path, flags) => {
    const file = await nodeFileSystem.open(path, flags);
    return {
      read: (...args) => file.read(...args),
      write: (...args) => file.write(...args),
      datasync: () => ((syncs += 1), file.datasync()),
      truncate: (length) => file.truncate(length),
      stat: () => file.stat(),
      close: () => file.close(),
    };
  },
};

const dir = await mkdtemp(join(tmpdir(), 'netledger-throughput-'));
const store = await EmbeddedEventStore.open(dir, { fileSystem: countingSyncs });
const deadline = performance.now() + seconds * 1000;
let appends = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: appenders }, async (_, a) => {
    while (performance.now() < deadline) {
      const outcome = await store.append(`vpc-${a}`, [portCreated({ a, n: appends })], 'any');
      if (isLeft(outcome)) throw new Error(JSON.stringify(outcome.left));
      appends += 1;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
await store.close();
await rm(dir, { recursive: true, force: true });
console.log(
  `${appenders} appenders: ${Math.round(appends / elapsed)} appends/s, ` +
    `${Math.round(syncs / elapsed)} fdatasyncs/s, ${(appends / syncs).toFixed(1)} appends per fdatasync`,
);
