import type { ExpectedRevision } from '../../domain/log/event-store.js';

/** Whether a stream whose last revision is `actual` (-1: no stream) is what the appender expects. */
export function expectedRevisionHolds(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  return expected === actual;
}
