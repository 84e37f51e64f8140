import type { AppendError, ExpectedRevision, StreamWrite } from '../../domain/log/event-store.js';

/** Whether a stream whose last revision is `actual` (-1: no stream) is what the appender expects. */
export function expectedRevisionHolds(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  return expected === actual;
}

/** The first part whose stream is not where the appender expects it, as the refusal to answer. */
export function wrongRevision(parts: readonly StreamWrite[], revisionOf: (stream: string) => number): AppendError | undefined {
  for (const part of parts) {
    const actual = revisionOf(part.stream);
    if (!expectedRevisionHolds(part.expected, actual)) return { _tag: 'WrongExpectedRevision', stream: part.stream, expected: part.expected, actual };
  }
  return undefined;
}
