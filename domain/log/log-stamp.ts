import * as t from 'io-ts';

/**
 * Where a piece of derived data stands in the log it was derived from: the log's id, the position
 * it goes to, and a digest of the event there ('' at position 0). The id tells another log apart;
 * the position and digest tell an older copy of this one, or segments of another log put in its place.
 */
export const logStamp = t.type({ logId: t.string, position: t.number, digest: t.string });
export type LogStamp = t.TypeOf<typeof logStamp>;

/** The log as its derived data sees it. */
export interface LogIdentity {
  /** The stamp of data derived from the log up to `position`. */
  stampAt(position: number): Promise<LogStamp>;
  /** Why data carrying `stamp` (as read from a file: anything) is not derived from this log as it is now; undefined when it is. */
  mismatch(stamp: unknown): Promise<string | undefined>;
}
