import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { streamFileOf } from '../archive/host-stream-files.js';
import { applyDiff, emptyHostState } from '../apply-diff.js';
import { checksumOf, type Diff } from '../wire.js';
import { command, HOSTS, setting } from '../../test-kit/random-commands.js';
import { serverOn } from '../../test-kit/server-fixture.js';

const run = promisify(execFile);
const replay = (dataDir: string, out: string) =>
  run(process.execPath, ['--import', 'tsx', 'node/cli.ts', 'replay', '--data-dir', dataDir, '--out', out], { cwd: process.cwd() });

describe('netledger replay', () => {
  it('regenerates from the log the streams the live server made: same digests, same bytes every time', async () => {
    const commands = fc.sample(command, { numRuns: 80, seed: 4 });
    const server = await serverOn(undefined);
    const out = await mkdtemp(join(tmpdir(), 'netledger-replay-'));
    try {
      for (const c of setting) await server.run(c);
      for (const c of commands) await server.attempt(c);
      const live = (await (await fetch(`${server.url}/southbound/v1/digests`)).json()) as { hosts: Record<string, string>; overall: string };
      const checksums = Object.fromEntries(HOSTS.map((h) => [h, server.streams.checksumOf(h)]));
      await server.stop();

      const first = await replay(server.dataDir, out);
      expect(first.stdout).toContain(`${live.overall}  (overall`);
      const files = Object.fromEntries(await Promise.all(HOSTS.map(async (h) => [h, await readFile(join(out, streamFileOf(h)), 'utf8')] as const)));
      expect(JSON.parse(await readFile(join(out, 'digests.json'), 'utf8'))).toMatchObject(live);
      for (const h of HOSTS) {
        expect(createHash('sha256').update(files[h]).digest('hex')).toBe(live.hosts[h]);
        // Applying the stream to an empty state gives the goal state the live server held.
        const state = emptyHostState(h);
        for (const line of files[h].trimEnd().split('\n')) expect(E.isRight(applyDiff(state, JSON.parse(line) as Diff))).toBe(true);
        expect(checksumOf(state.goalState)).toBe(checksums[h]);
      }

      const second = await replay(server.dataDir, out);
      expect(second.stdout).toBe(first.stdout);
      for (const h of HOSTS) expect(await readFile(join(out, streamFileOf(h)), 'utf8')).toBe(files[h]);
    } finally {
      await server.remove();
      await rm(out, { recursive: true, force: true });
    }
  });
});
