import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nextValidRecord, readFrame } from './framing.js';
import { RecordOrder } from './record-order.js';
import { segmentName, segmentNumbers } from './segmented-log.js';

/** A record the log cannot be opened with: where it starts, why, and the first position it stands for. */
export interface LogDamage {
  readonly segment: number;
  readonly file: string;
  readonly offset: number;
  readonly reason: string;
  /** The position due at the damage: the first event the log no longer holds faithfully. */
  readonly position: number;
}

export interface LogCheck {
  readonly damage: readonly LogDamage[];
  /** An incomplete last record: the remains of an append never acknowledged, which the next open cuts. */
  readonly tornTail?: { readonly file: string; readonly offset: number };
  readonly segments: number;
  readonly records: number;
  /** The highest position a sound record holds (damaged ones skipped). */
  readonly head: number;
}

/** The frame at `offset`, a record whose events do not decode being damage like any other. */
const frameAt = (buffer: Buffer, offset: number, end: number) => {
  try {
    return readFrame(buffer, offset, end);
  } catch (error) {
    return { ok: false as const, reason: error instanceof Error ? error.message : String(error), complete: true };
  }
};

/**
 * Reads every segment of a data dir without opening the store (no lock, nothing written) and
 * reports every record recovery would refuse: a damaged frame, or a sound one out of order. After
 * a damaged frame it resyncs at the next valid record, so one flipped byte is one report and the
 * damage after it is found too.
 */
export async function checkLog(dir: string): Promise<LogCheck> {
  const numbers = segmentNumbers(await readdir(dir));
  const buffers = await Promise.all(numbers.map((segment) => readFile(join(dir, segmentName(segment)))));
  const damage: LogDamage[] = [];
  const order = new RecordOrder();
  let records = 0;
  let tornTail: LogCheck['tornTail'];
  for (const [i, segment] of numbers.entries()) {
    const file = join(dir, segmentName(segment));
    const buffer = buffers[i];
    if (i > 0 && segment !== numbers[i - 1] + 1) {
      damage.push({ segment: numbers[i - 1] + 1, file: join(dir, segmentName(numbers[i - 1] + 1)), offset: 0, reason: 'segment file is missing', position: order.head + 1 });
    }
    const laterDataExists = buffers.slice(i + 1).some((later) => later.length > 0);
    let offset = 0;
    while (offset < buffer.length) {
      const frame = frameAt(buffer, offset, buffer.length);
      if (frame.ok) {
        const problem = order.problem(frame.events, damage.length > 0);
        if (problem) damage.push({ segment, file, offset, reason: problem, position: order.head + 1 });
        order.accept(frame.events);
        records += 1;
        offset = frame.end;
        continue;
      }
      const next = nextValidRecord(buffer, offset + 1, buffer.length);
      if (next === undefined && !laterDataExists && !frame.complete) {
        tornTail = { file, offset };
        break;
      }
      damage.push({ segment, file, offset, reason: frame.reason, position: order.head + 1 });
      if (next === undefined) break;
      offset = next;
    }
  }
  return { damage, tornTail, segments: numbers.length, records, head: order.head };
}
