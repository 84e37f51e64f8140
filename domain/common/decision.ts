import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { EventMetadata, ExpectedRevision } from '../log/event-store.js';
import type { DomainEvent } from '../events.js';
import type { World } from '../world.js';
import { domainError, type DomainError } from './errors.js';

/**
 * Events for one stream, appended with the revision the decision was made against. With no
 * events, the part only checks the stream: the decision read it (a host a port binds to) and is
 * void if that stream moved meanwhile.
 */
export interface StreamAppend {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly DomainEvent[];
}

/**
 * What a decider returns: the parts of ONE append, written to all their streams at once or not
 * at all (empty when the command changes nothing).
 */
export type Decision = E.Either<DomainError, readonly StreamAppend[]>;

/**
 * The streams a command is decided on, known before deciding: the ones it may append to, and
 * the ones it only reads. The engine queues decisions by them (a stream's writers one at a
 * time, its readers side by side), so they are declared beside each decider, and a decision's
 * parts always lie within them.
 */
export interface DecisionStreams {
  readonly writes: readonly string[];
  readonly reads: readonly string[];
}

/**
 * A command's decider: the streams it rests on and the decision itself, both pure. The metadata
 * its events will carry is for a decision that folds its own events as it goes (a bulk's).
 */
export interface Decider<C> {
  readonly streams: (command: C, world: World) => DecisionStreams;
  readonly decide: (command: C, world: World, metadata: EventMetadata) => Decision;
}

export const writing = (...writes: string[]): DecisionStreams => ({ writes, reads: [] });

/** Read-only parts for `streams`, each at the revision the world holds. */
export const checking = (world: World, streams: Iterable<string>): StreamAppend[] => [...streams].map((stream) => appendTo(world, stream, []));

const expectedRevisionOf = (world: World, stream: string): ExpectedRevision =>
  world.streamRevisions.get(stream) ?? 'no_stream';

export const appendTo = (world: World, stream: string, events: readonly DomainEvent[]): StreamAppend => ({
  stream,
  expected: expectedRevisionOf(world, stream),
  events,
});

/**
 * One append of these parts, one per stream (a stream named twice gets the events of both, in
 * order, at the expected revision of the first part that names it); nothing at all when none of
 * them has an event.
 */
export const decidedTogether = (appends: readonly StreamAppend[]): Decision => {
  if (!appends.some((a) => a.events.length > 0)) return E.right([]);
  const byStream = new Map<string, StreamAppend & { events: DomainEvent[] }>();
  for (const append of appends) {
    const seen = byStream.get(append.stream);
    if (seen) seen.events.push(...append.events);
    else byStream.set(append.stream, { ...append, events: [...append.events] });
  }
  return E.right([...byStream.values()]);
};

export const decided = (...appends: StreamAppend[]): Decision => decidedTogether(appends);

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
