import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { withDataDir } from '../../../test-kit/embedded-fixtures.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A writer in a child process that says "open" once it holds the data dir, then waits to be killed. */
const holder = (dir: string) => {
  const script = `import { EmbeddedEventStore } from './infra/store/embedded/embedded-event-store.ts';
    await EmbeddedEventStore.open(${JSON.stringify(dir)}); console.log('open'); setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<typeof child>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve(child));
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
};

describe('data dir lock', () => {
  it('refuses a second opener while the first is open, and lets go on close', () =>
    withDataDir(async (dir) => {
      const first = await EmbeddedEventStore.open(dir);
      await expect(EmbeddedEventStore.open(dir)).rejects.toThrow(`is in use by process ${process.pid}`);
      await first.close();
      const second = await EmbeddedEventStore.open(dir);
      await second.close();
    }));

  it('opens a dir whose LOCK names a process that is gone, or one alive for another reason (PID 1)', () =>
    withDataDir(async (dir) => {
      for (const pid of [spawnSync(process.execPath, ['-e', '']).pid, 1]) {
        await writeFile(join(dir, 'LOCK'), `${pid}\n`);
        const store = await EmbeddedEventStore.open(dir);
        await store.close();
      }
    }));

  it('is refused to a second process while the holder lives, and opens at once after a SIGKILL, 50 times', () =>
    withDataDir(async (dir) => {
      for (let round = 0; round < 50; round++) {
        const child = await holder(dir);
        if (round === 0) await expect(EmbeddedEventStore.open(dir)).rejects.toThrow(`is in use by process ${child.pid}`);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        // Opened right after the kill, while the killed process may still be exiting.
        const store = await EmbeddedEventStore.open(dir);
        await store.close();
        await exited;
      }
    }), 240_000);
});
