import * as E from 'fp-ts/lib/Either.js';
import type { AuditIndex } from '../projections/index.js';

export interface AsOf {
  readonly position: number;
  /** RFC 3339 time of the last event at or before the position, if any. */
  readonly time: string | null;
}

/** Why a question about the past gets no answer: a bad `as_of`, or an audit index that stopped following the log. */
export interface Refusal {
  readonly status: 400 | 503;
  readonly type: 'HTTPBadRequest' | 'ServiceUnavailable';
  readonly message: string;
}

/** The audit index lost writes (a full disk): its answers would be incomplete until a restart rebuilds it. */
export const unavailable = (audit: AuditIndex): Refusal | undefined => {
  const failure = audit.failure;
  return failure === undefined ? undefined : { status: 503, type: 'ServiceUnavailable', message: `History is not available on this node: ${failure}` };
};

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `as_of` is a global position (digits) or an RFC 3339 timestamp; a moment past `head` is `head`. */
export const resolveAsOf = (asOf: string, head: number, audit: AuditIndex): E.Either<Refusal, AsOf> => {
  const refusal = unavailable(audit);
  if (refusal) return E.left(refusal);
  let position: number;
  if (/^\d{1,15}$/.test(asOf)) position = Math.min(Number(asOf), head);
  else {
    const time = RFC_3339.test(asOf) ? Date.parse(asOf) : NaN;
    if (Number.isNaN(time)) return E.left({ status: 400, type: 'HTTPBadRequest', message: `as_of must be a log position or an RFC 3339 timestamp, not '${asOf}'` });
    position = Math.min(audit.positionAt(time), head);
  }
  const time = audit.timeAt(position);
  return E.right({ position, time: time === undefined ? null : new Date(time).toISOString() });
};
