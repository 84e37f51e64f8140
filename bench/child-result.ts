import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The project's root, where bench scripts run from. */
export const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * Runs a bench script in a Node process of its own (`args` are node's, from the project's root)
 * and resolves with the JSON of the last line it prints.
 */
export const childResult = <T>(name: string, args: readonly string[]): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    // 'close', not 'exit': the child's output may still be on its way when it has exited.
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`${name} exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as T);
      } catch {
        reject(new Error(`${name} printed no result: ${out.slice(-200)} ${err.slice(-500)}`));
      }
    });
  });
