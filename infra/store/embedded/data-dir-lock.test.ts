import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { withDataDir } from '../../../test-kit/embedded-fixtures.js';

describe('data dir lock', () => {
  it('refuses a second opener while the first is open, and lets go on close', () =>
    withDataDir(async (dir) => {
      const first = await EmbeddedEventStore.open(dir);
      await expect(EmbeddedEventStore.open(dir)).rejects.toThrow(`is in use by process ${process.pid}`);
      await first.close();
      const second = await EmbeddedEventStore.open(dir);
      await second.close();
    }));

  it('takes over a lock left by a process that is gone', () =>
    withDataDir(async (dir) => {
      const gone = spawnSync(process.execPath, ['-e', '']).pid;
      await writeFile(join(dir, 'LOCK'), `${gone}\n`);
      const store = await EmbeddedEventStore.open(dir);
      await store.close();
    }));
});
