import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Lab, LabHost } from './lab.js';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface Answer {
  readonly status: number;
  readonly body: any;
}

/** The Neutron API of a server, as a client calls it. */
export const api = (url: string) => {
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    post: (path: string, body: unknown) => call('POST', path, body),
    put: (path: string, body: unknown) => call('PUT', path, body),
    get: (path: string) => call('GET', path),
    del: (path: string) => call('DELETE', path),
  };
};

export interface LabAgent {
  /** The last status line the agent printed. */
  status(): { seq: number; checksum: string } | undefined;
  kill(): void;
  output(): string;
}

/** `netledger agent --datapath linux` for a lab host: in the root namespace, programming the host's. */
export const startLabAgent = (lab: Lab, url: string, hostId: string, host: LabHost, stateDir: string): LabAgent => {
  const args = ['--import', 'tsx', 'node/cli.ts', 'agent', '--host', hostId, '--server', url, '--datapath', 'linux',
    '--tunnel-ip', host.tunnelIp, '--netns', host.netns, '--state-dir', stateDir];
  const child = lab.track(spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));
  let last: { seq: number; checksum: string } | undefined;
  let buffer = '';
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) last = JSON.parse(line);
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL') process.stderr.write(`agent ${hostId} exited (${code ?? signal}):\n${output}\n`);
  });
  return { status: () => last, kill: () => child.kill('SIGKILL'), output: () => output };
};

/** Waits until `check` holds (returns true), or fails saying what it waited for. */
export const eventually = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
