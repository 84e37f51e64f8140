import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Count as count } from '../../domain/common/codecs.js';
import { logStamp } from '../../domain/log/log-stamp.js';

export const MARK = 'archive.json';
const FORMAT = 'records-1';

/** Where a host's file holds a snapshot record: taken at log position `position`, at the start of the frame at byte `offset` (-1 until written). */
const checkpoint = t.tuple([count, t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= -1, 'offset')]);
export type Checkpoint = [position: number, offset: number];

const hostArchive = t.type({
  /** Ascending by position and offset. */
  checkpoints: t.array(checkpoint),
  /** Characters of diff records written since the last snapshot record. */
  sinceSnapshot: count,
  /** Characters of the last snapshot record. */
  snapshotBytes: count,
});
export type HostArchive = t.TypeOf<typeof hostArchive>;

/** What the files hold once a flush is written: everything up to `position`, the hosts' files `size` long. */
const mark = t.intersection([
  t.type({
    /** How the files are written: a mark of another format is not resumed. */
    format: t.literal(FORMAT),
    position: count,
    hosts: t.record(t.string, t.intersection([hostArchive, t.type({ size: count })])),
  }),
  /** Where the log stood at `position`: files of another log, or of a lost timeline of this one, are not resumed. */
  t.partial({ log: logStamp }),
]);
export type Mark = t.TypeOf<typeof mark>;

export const emptyMark = (): Mark => ({ format: FORMAT, position: 0, hosts: {} });

/** The mark a folder holds, if it holds one whole and of this format. */
export const markIn = (dir: string): Mark | undefined => {
  let text: string;
  try {
    text = readFileSync(join(dir, MARK), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const decoded = mark.decode(JSON.parse(text));
    return E.isRight(decoded) ? decoded.right : undefined;
  } catch {
    return undefined; // torn or not JSON: as if there were none
  }
};
