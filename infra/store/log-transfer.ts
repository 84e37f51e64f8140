import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { EventStore, NewEvent, StoredEvent } from '../../domain/log/event-store.js';
import { recordedEvent, storedEvent, UndecodableEvent } from '../../domain/log/recorded-event.js';

/** Told how far a transfer has come: events done, and (for an export) the source's head position. */
export type TransferProgress = (done: number, position: number) => void;

/** Consecutive events of one stream go in one append, up to this many. */
const RUN = 1000;

/**
 * Writes every stored event, in global order, as one JSON line each: position, stream, revision,
 * type, version, data, metadata. Returns how many it wrote.
 */
export async function exportLog(source: EventStore, file: string, progress: TransferProgress = () => undefined): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  for await (const event of source.readAll(0)) {
    if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
    progress(++count, event.position);
  }
  out.end();
  await once(out, 'finish');
  return count;
}

/** The import stopped: the target held events, or the file is not a log this tool wrote. */
export class ImportRefused extends Error {}

/**
 * Appends an exported log to an empty store, in the file's global order, each run of one
 * stream's consecutive events as one append with the expected revision the file implies.
 * Streams, revisions, order and metadata survive; positions are the target's own. A target
 * that already holds events is refused, before anything is written and by every append's
 * expected revision.
 */
export async function importLog(target: EventStore, file: string, progress: TransferProgress = () => undefined): Promise<number> {
  const head = await target.headPosition();
  if (head !== 0) throw new ImportRefused(`the target store is not empty (its head is at position ${head})`);
  const lastRevision = new Map<string, number>();
  let run: StoredEvent[] = [];
  let count = 0;
  const flush = async () => {
    if (run.length === 0) return;
    const { stream } = run[0];
    const previous = lastRevision.get(stream) ?? -1;
    const result = await target.append(stream, run.map(newEvent), previous === -1 ? 'no_stream' : previous);
    if (isLeft(result)) throw new ImportRefused(`appending ${run.length} events to ${stream} failed: ${JSON.stringify(result.left)}`);
    lastRevision.set(stream, previous + run.length);
    count += run.length;
    progress(count, run[run.length - 1].position);
    run = [];
  };
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    const event = eventOnLine(text, line);
    const expected = (run.length > 0 && run[0].stream === event.stream ? run[0].revision + run.length : (lastRevision.get(event.stream) ?? -1) + 1);
    if (event.revision !== expected) throw new ImportRefused(`line ${line}: ${event.stream} revision ${event.revision} where ${expected} was due`);
    if (run.length > 0 && (run[0].stream !== event.stream || run.length === RUN)) await flush();
    run.push(event);
  }
  await flush();
  return count;
}

/** A line of the file decoded as a stored event of the domain's (a log this tool wrote holds nothing else). */
const eventOnLine = (text: string, line: number): StoredEvent => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImportRefused(`line ${line}: not JSON (${(error as Error).message})`);
  }
  try {
    return recordedEvent(storedEvent(json));
  } catch (error) {
    if (error instanceof UndecodableEvent) throw new ImportRefused(`line ${line}: ${error.message}`);
    throw error;
  }
};

const newEvent = (event: StoredEvent): NewEvent => ({ type: event.type, version: event.version, data: event.data, metadata: event.metadata });
