import { createHash } from 'node:crypto';
import { readFile, realpath, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

/** How long an opener waits for a holder that is still going away (a process killed a moment ago). */
const WAIT_FOR_HOLDER_MS = 3_000;

/**
 * The writer's hold on a data dir: a Linux abstract-namespace unix socket named after the dir's
 * real path, bound by the process that writes. The kernel unbinds it when that process dies,
 * however it dies, so a lock is never left behind; and nothing is read from a PID that another
 * process may have taken since (a container's PID 1 after a crash). A socket still bound is
 * waited for a moment, since a process killed with SIGKILL releases it only once it has finished
 * exiting. `LOCK` in the dir names the holder's pid, for people only: it decides nothing.
 * (A child holding flock(1) would need a process per store; an advisory lock in PostgreSQL would
 * cover only one store; a socket needs neither and works for every store.)
 */
export class DataDirLock {
  private constructor(private readonly server: Server) {}

  static async acquire(dir: string, waitMs = WAIT_FOR_HOLDER_MS): Promise<DataDirLock> {
    const name = `\0netledger-data-dir-${createHash('sha256').update(await realpath(dir)).digest('hex').slice(0, 48)}`;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const server = await bound(name);
      if (server) {
        await writeFile(join(dir, 'LOCK'), `${process.pid}\n`);
        return new DataDirLock(server);
      }
      if (Date.now() >= deadline) {
        const holder = (await readFile(join(dir, 'LOCK'), 'utf8').catch(() => '?')).trim();
        throw new Error(`data dir ${dir} is in use by process ${holder}; refusing to open it twice`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  release(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The socket bound under `name`, or undefined when another process holds it. */
function bound(name: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error)));
    server.listen({ path: name }, () => {
      server.unref(); // the lock alone never keeps the process alive
      resolve(server);
    });
  });
}
