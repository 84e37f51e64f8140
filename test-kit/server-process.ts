import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
}

/** Starts `netledger serve` in a child process on a free port and waits until it listens. */
export const startServer = (args: readonly string[]): Promise<ServerProcess> => startListening(['node/cli.ts', 'serve', '--port', '0', ...args]);

/** Runs a script (with its arguments, from the project's root) under tsx and waits until it says where it listens, as fastify does. */
export const startListening = async (script: readonly string[]): Promise<ServerProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', ...script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    // A server that never says it listens is killed, not left running behind the failed test. Building
    // the app compiles every route's schemas, which on a busy machine has taken over 30 s.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output}`));
    }, 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (https?:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { url, child, output: () => output };
};

/** SIGKILL, as a power cut would: no shutdown hook runs. */
export const killHard = (server: ServerProcess): Promise<void> =>
  new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });

export const stopGracefully = (server: ServerProcess): Promise<void> =>
  new Promise((resolve) => {
    // One killed by a signal has no exit code, only a signal code.
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
