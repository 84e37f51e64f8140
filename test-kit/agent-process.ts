import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface AgentStatus {
  readonly seq: number;
  readonly checksum: string;
}

/** `netledger agent ...args` in a child process; `status()` is the last status line it printed, what it holds. */
export const spawnAgent = (args: readonly string[]): { child: ChildProcess; status: () => AgentStatus | undefined } => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'node/cli.ts', 'agent', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let last: AgentStatus | undefined;
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) last = JSON.parse(line);
  });
  return { child, status: () => last };
};
