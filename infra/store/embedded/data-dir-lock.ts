import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A `LOCK` file holding the owner's pid, so two processes never write one data dir. A lock
 * left by a process that is gone (crashed, killed) is taken over.
 */
export class DataDirLock {
  private constructor(private readonly path: string) {}

  static async acquire(dir: string): Promise<DataDirLock> {
    const path = join(dir, 'LOCK');
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = await open(path, 'wx');
        try {
          await handle.writeFile(`${process.pid}\n`);
        } finally {
          await handle.close();
        }
        return new DataDirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new Error(`data dir ${dir} is in use by process ${owner} (${path}); refusing to open it twice`);
      }
      await unlink(path).catch(ignoreMissing);
    }
    throw new Error(`could not take the lock ${path}`);
  }

  async release(): Promise<void> {
    await unlink(this.path).catch(ignoreMissing);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
