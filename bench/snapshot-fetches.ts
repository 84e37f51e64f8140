import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { root } from './child-result.js';

/** One fetch as the fetcher measured it. */
type Fetched = { ms: number; bytes: number } | { error: string };

/** A snapshot fetcher in its own process (bench/snapshot-fetcher.ts), asked one URL at a time. */
export const snapshotFetches = () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/snapshot-fetcher.ts'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    /** Milliseconds from the request to the whole body read, in the fetcher's process. */
    async time(url: string): Promise<number> {
      child.stdin.write(`${url}\n`);
      const line = await answers.next();
      if (line.done) throw new Error('the snapshot fetcher exited');
      const fetched = JSON.parse(line.value) as Fetched;
      if ('error' in fetched) throw new Error(`snapshot fetch: ${fetched.error}`);
      return fetched.ms;
    },
    close: () => new Promise<void>((resolve) => child.once('close', () => resolve()).stdin.end()),
  };
};
