import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { Count } from '../domain/common/codecs.js';
import { KINDS, type GoalStateDocument, type Kind } from '../projections/goal-state/ops.js';
import type { Diff, Heartbeat, Snapshot, WatchLine } from './wire.js';

/**
 * The agent's side of the wire: every line it receives is decoded here, never cast. Kinds are an
 * allow-list (KINDS): a line naming any other kind, "__proto__" among them, is refused whole.
 */

const Kind = t.keyof(Object.fromEntries(KINDS.map((kind) => [kind, null])) as Record<Kind, null>);

export const Seq = Count;

const Body = t.UnknownRecord;

const Op = t.union([
  t.type({ op: t.literal('upsert'), kind: Kind, id: t.string, body: Body }),
  t.type({ op: t.literal('delete'), kind: Kind, id: t.string }),
]);

const isGoalStateDocument = (u: unknown): u is GoalStateDocument =>
  Body.is(u) && Object.entries(u).every(([kind, table]) => Kind.is(kind) && Body.is(table) && Object.values(table).every((body) => Body.is(body)));

/** A goal state as bytes from outside hold it (a line, an archived fold): known kinds, each a table of bodies. */
export const GoalStateDocumentCodec = new t.Type<GoalStateDocument, GoalStateDocument, unknown>(
  'GoalStateDocument',
  isGoalStateDocument,
  (u, context) => (isGoalStateDocument(u) ? t.success(u) : t.failure(u, context, 'a goal state: known kinds, each a table of bodies')),
  t.identity,
);

export const DiffCodec: t.Type<Diff, unknown> = t.type({
  type: t.literal('diff'),
  hostId: t.string,
  seq: Seq,
  position: Seq,
  ops: t.readonlyArray(Op),
});

export const SnapshotCodec: t.Type<Snapshot, unknown> = t.type({
  type: t.literal('snapshot'),
  hostId: t.string,
  seq: Seq,
  position: Seq,
  checksum: t.string,
  goal_state: GoalStateDocumentCodec,
});

const HeartbeatCodec: t.Type<Heartbeat, unknown> = t.type({ type: t.literal('heartbeat'), hostId: t.string, seq: Seq, checksum: t.string });

const WatchLineCodec: t.Type<WatchLine, unknown> = t.union([DiffCodec, SnapshotCodec, HeartbeatCodec]);

/** Bytes that are not what the server sends: the message names where they differ. */
export interface BadLine {
  readonly _tag: 'BadLine';
  readonly message: string;
}

/** Decodes text as JSON, then with `codec`; the line must also be for `hostId`. */
export const decodeFor = <A extends { readonly hostId: string }>(codec: t.Type<A, unknown>, hostId: string, text: string): E.Either<BadLine, A> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return E.left({ _tag: 'BadLine', message: `not JSON: ${(error as Error).message}` });
  }
  return pipe(
    codec.decode(json),
    E.mapLeft((errors): BadLine => ({ _tag: 'BadLine', message: PathReporter.report(E.left(errors)).join('; ') })),
    E.filterOrElse(
      (line) => line.hostId === hostId,
      (line): BadLine => ({ _tag: 'BadLine', message: `a line for host ${JSON.stringify(line.hostId)}, not ${JSON.stringify(hostId)}` }),
    ),
  );
};

export const decodeWatchLine = (hostId: string, text: string): E.Either<BadLine, WatchLine> => decodeFor(WatchLineCodec, hostId, text);
