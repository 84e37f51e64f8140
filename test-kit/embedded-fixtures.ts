import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendError, AppendResult, EventStore, NewEvent, StoredEvent } from '../domain/log/event-store.js';
import { readFrame } from '../infra/store/embedded/framing.js';

/** Shared by the embedded store's tests and its crash-test child process. */

export function portCreated(data: unknown = {}): NewEvent {
  return {
    type: 'PortCreated',
    version: 1,
    data,
    metadata: {
      commandId: 'cmd',
      correlationId: 'corr',
      actor: { projectId: 'project', userId: 'user' },
      decidedAt: '2026-11-22T00:00:00Z',
    },
  };
}

export async function appended(outcome: Promise<Either<AppendError, AppendResult>>): Promise<AppendResult> {
  const result = await outcome;
  if (isLeft(result)) throw new Error(`append failed: ${JSON.stringify(result.left)}`);
  return result.right;
}

export async function readAllOf(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const event of store.readAll(0)) all.push(event);
  return all;
}

export async function withDataDir(test: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-store-'));
  try {
    await test(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Offsets at which the valid records of a segment's bytes start, and where they end. */
export function recordOffsets(segment: Buffer): { starts: number[]; end: number } {
  const starts: number[] = [];
  let offset = 0;
  for (;;) {
    const frame = readFrame(segment, offset);
    if (!frame.ok) return { starts, end: offset };
    starts.push(offset);
    offset = frame.end;
  }
}
