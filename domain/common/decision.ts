import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { ExpectedRevision } from '../log/event-store.js';
import type { DomainEvent } from '../events.js';
import type { World } from '../world.js';
import { domainError, type DomainError } from './errors.js';

/** Events for one stream, appended with the revision the decision was made against. */
export interface StreamAppend {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly DomainEvent[];
}

/** What a decider returns: appends in the order they must be made (usually one). */
export type Decision = E.Either<DomainError, readonly StreamAppend[]>;

const expectedRevisionOf = (world: World, stream: string): ExpectedRevision =>
  world.streamRevisions.get(stream) ?? 'no_stream';

export const appendTo = (world: World, stream: string, events: readonly DomainEvent[]): StreamAppend => ({
  stream,
  expected: expectedRevisionOf(world, stream),
  events,
});

export const decided = (...appends: StreamAppend[]): Decision => E.right(appends.filter((a) => a.events.length > 0));

/** `If-Match: revision_number=N`: a stale revision is refused and changes nothing. */
export const checkRevision = (
  resource: { revision_number: number },
  ifRevision: number | undefined,
): E.Either<DomainError, void> =>
  ifRevision === undefined || resource.revision_number === ifRevision
    ? E.right(undefined)
    : E.left(
        domainError(
          'RevisionNumberConstraintFailed',
          `Constrained to ${ifRevision}, but current revision is ${resource.revision_number}`,
        ),
      );

/** The appends, unless the caller's `If-Match` revision is stale. */
export const decidedIfMatch = (
  resource: { revision_number: number },
  ifRevision: number | undefined,
  ...appends: StreamAppend[]
): Decision => pipe(checkRevision(resource, ifRevision), E.chain(() => decided(...appends)));
