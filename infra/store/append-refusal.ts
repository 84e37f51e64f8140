import { left, type Either } from 'fp-ts/lib/Either.js';
import type { AppendError, AppendResult, NewEvent } from '../../domain/log/event-store.js';

/**
 * What every store answers before it looks at an append: an empty append is the caller's bug
 * (rejected), and a closed store is unavailable. Undefined when the append may go ahead.
 */
export function appendRefusal(events: readonly NewEvent[], closed: boolean): Promise<Either<AppendError, AppendResult>> | undefined {
  if (events.length === 0) return Promise.reject(new RangeError('an append needs at least one event'));
  if (closed) return Promise.resolve(left({ _tag: 'StoreUnavailable', reason: 'the event store is closed' }));
  return undefined;
}
