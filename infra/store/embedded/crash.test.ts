import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from './embedded-event-store.js';
import { appended, portCreated, readAllOf, withDataDir } from '../../../test-kit/embedded-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const appender = resolve(here, '../../../test-kit/crash-appender.ts');
const projectRoot = resolve(here, '../../..');

interface Ack {
  readonly stream: string;
  readonly revision: number;
  readonly firstPosition: number;
  readonly lastPosition: number;
}

/** Runs the appender until it has acknowledged at least `minAcks` appends, then SIGKILLs it a moment later. */
function appendUntilKilled(dir: string, minAcks: number, indexEveryBytes?: number): Promise<Ack[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', appender, dir, ...(indexEveryBytes === undefined ? [] : [String(indexEveryBytes)])], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let pending = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!; // a line cut by the kill was never fully acknowledged to us
      for (const line of lines) {
        const [, stream, revision, first, last] = line.split(' ');
        acks.push({ stream, revision: Number(revision), firstPosition: Number(first), lastPosition: Number(last) });
      }
      if (!killing && acks.length >= minAcks) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 20);
      }
    });
    child.on('error', fail);
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') done(acks);
      else fail(new Error(`appender exited on its own (${acks.length} acks): ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  // With the index saved every 2 KiB, kills land while it is written and between its saves, so the
  // open takes up an index that covers less than the log (or a half-written one, passed over).
  for (const [label, indexEveryBytes] of [['', undefined], [', with the store index saved every 2 KiB', 2048]] as const) {
    it(`keeps every acknowledged append across SIGKILLs at random moments${label}`, () =>
      withDataDir(async (dir) => {
        const acknowledged: Ack[] = [];
        for (let round = 0; round < 3; round++) {
          acknowledged.push(...(await appendUntilKilled(dir, 200 + Math.floor(Math.random() * 300), indexEveryBytes)));

          const told: string[] = [];
          const store = await EmbeddedEventStore.open(dir, { log: (line) => told.push(line) });
          // A kill never leaves an index that does not fit: the one on disk (the last close's, or a save's) is taken up.
          if (round > 0 || indexEveryBytes !== undefined) expect(told).toEqual([]);
          const events = await readAllOf(store);
          expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
          const lastRevision = new Map<string, number>();
          for (const event of events) {
            expect(event.revision).toBe((lastRevision.get(event.stream) ?? -1) + 1);
            lastRevision.set(event.stream, event.revision);
          }
          for (const ack of acknowledged) {
            const last = events[ack.lastPosition - 1];
            expect([last?.stream, last?.revision]).toEqual([ack.stream, ack.revision]);
            expect(events[ack.firstPosition - 1].stream).toBe(ack.stream);
          }
          // Each stream goes on from its last revision, as the indexes (saved or rebuilt) say.
          for (const [stream, revision] of lastRevision) await appended(store.append(stream, [portCreated({ round })], revision));
          await store.close();
        }
      }));
  }
});
