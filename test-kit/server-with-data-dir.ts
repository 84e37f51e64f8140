import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { killHard, startServer, stopGracefully, type ServerProcess } from './server-process.js';

export interface ServerWithDataDir {
  /** A temp dir of its own, made before the suite's tests. */
  readonly dataDir: string;
  /** Starts `netledger serve --data-dir <dataDir> ...args`. */
  start(...args: string[]): Promise<ServerProcess>;
  /** Starts it again with the arguments of the last start, on what the data dir holds now. */
  restart(): Promise<ServerProcess>;
  /** SIGKILL, as a power cut would. */
  kill(): Promise<void>;
  /** SIGTERM, waiting for the exit (nothing if none was started or it has exited already). */
  stop(): Promise<void>;
}

/**
 * A `netledger serve` child process on a temp data dir, for the describe block it is called in.
 * The fixture removes both itself in afterAll, so a failing test leaves neither process nor dir.
 */
export const serverWithDataDir = (prefix: string): ServerWithDataDir => {
  let dir: string | undefined;
  let current: ServerProcess | undefined;
  let lastArgs: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (current) await stopGracefully(current);
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const made = (): string => {
    if (!dir) throw new Error('serverWithDataDir is called in a describe block, its dir is made before the tests');
    return dir;
  };
  const start = async (...args: string[]) => {
    lastArgs = args;
    current = await startServer(['--data-dir', made(), ...args]);
    return current;
  };
  return {
    get dataDir() {
      return made();
    },
    start,
    restart: () => start(...lastArgs),
    kill: () => {
      if (!current) throw new Error('no server started yet');
      return killHard(current);
    },
    stop: async () => {
      if (current) await stopGracefully(current);
    },
  };
};
