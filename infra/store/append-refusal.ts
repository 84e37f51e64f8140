import { left, type Either } from 'fp-ts/lib/Either.js';
import type { AppendError, StreamWrite } from '../../domain/log/event-store.js';

/**
 * What every store answers before it looks at an append: one without events, or naming a stream
 * twice, is the caller's bug (rejected), and a closed store is unavailable. Undefined when the
 * append may go ahead.
 */
export function appendRefusal<T>(parts: readonly StreamWrite[], closed: boolean): Promise<Either<AppendError, T>> | undefined {
  if (!parts.some((part) => part.events.length > 0)) return Promise.reject(new RangeError('an append needs at least one event'));
  if (new Set(parts.map((part) => part.stream)).size !== parts.length)
    return Promise.reject(new RangeError('an append names each stream once'));
  if (closed) return Promise.resolve(left({ _tag: 'StoreUnavailable', reason: 'the event store is closed' }));
  return undefined;
}
