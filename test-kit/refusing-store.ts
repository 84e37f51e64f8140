import * as E from 'fp-ts/lib/Either.js';
import type { AppendError, EventStore, StreamWrite } from '../domain/index.js';

/** What the store does with one append: take it, or refuse it as another node's write or a lost disk would. */
export type AppendFate = 'ok' | 'conflict' | 'unavailable';

/**
 * A store that refuses appends as `fates` says, one fate per append in the order they arrive
 * (past the end, every append goes through): a conflict answers WrongExpectedRevision on the
 * first written stream, as if another node had got there first (its write itself left out, so a
 * serial run of what succeeded is the reference), unavailable answers StoreUnavailable. A refused
 * append never reaches the store.
 */
export const refusingStore = (store: EventStore, fates: readonly AppendFate[]): { readonly store: EventStore; readonly refused: () => number } => {
  let calls = 0;
  let refused = 0;
  const refusal = (parts: readonly StreamWrite[], fate: Exclude<AppendFate, 'ok'>): AppendError => {
    if (fate === 'unavailable') return { _tag: 'StoreUnavailable', reason: 'refused by the test store' };
    const written = parts.find((part) => part.events.length > 0) ?? parts[0];
    return { _tag: 'WrongExpectedRevision', stream: written.stream, expected: written.expected, actual: typeof written.expected === 'number' ? written.expected : -1 };
  };
  const refusing = Object.assign(Object.create(store) as EventStore, {
    appendToStreams: (parts: readonly StreamWrite[]) => {
      const fate = fates[calls++] ?? 'ok';
      if (fate === 'ok') return store.appendToStreams(parts);
      refused += 1;
      return Promise.resolve(E.left(refusal(parts, fate)));
    },
  });
  return { store: refusing, refused: () => refused };
};
