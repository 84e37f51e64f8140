import { spawn } from 'node:child_process';

/** Where the agent programs: its own network namespace, or the one named by `--netns`. */
export interface Place {
  readonly netns?: string;
}

const argv = (place: Place, tool: string, args: readonly string[]): [string, string[]] => {
  if (tool === 'ip' || tool === 'bridge') return [tool, [...(place.netns ? ['-n', place.netns] : []), ...args]];
  return place.netns ? ['ip', ['netns', 'exec', place.netns, tool, ...args]] : [tool, [...args]];
};

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one tool (ip, bridge, nft, ...) in the place, feeding `input` on stdin. */
export const run = (place: Place, tool: string, args: readonly string[], input?: string): Promise<Outcome> =>
  new Promise((resolve, reject) => {
    const [command, rest] = argv(place, tool, args);
    const child = spawn(command, rest, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    // A tool that exits before reading all its input (one that failed) closes the pipe: its exit code says why.
    child.stdin?.once('error', () => undefined);
    child.stdin?.end(input);
  });

/** Reads JSON a tool prints (`ip -j ...`), failing loudly if it cannot. */
export const readJson = async (place: Place, tool: string, args: readonly string[]): Promise<unknown> => {
  const outcome = await run(place, tool, args);
  if (outcome.code !== 0) throw new Error(`${tool} ${args.join(' ')}: ${outcome.stderr.trim()}`);
  return outcome.stdout.trim() === '' ? [] : (JSON.parse(outcome.stdout) as unknown);
};

/**
 * One batch: `ip -batch -` / `bridge -batch -` with -force, so that one line failing (a tap the
 * compute side has already removed) does not stop the others; its errors are returned.
 */
export const runBatch = async (place: Place, tool: 'ip' | 'bridge', lines: readonly string[]): Promise<string> => {
  if (lines.length === 0) return '';
  const outcome = await run(place, tool, ['-force', '-batch', '-'], `${lines.join('\n')}\n`);
  return outcome.code === 0 ? '' : outcome.stderr.trim();
};
