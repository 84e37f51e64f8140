// The child process of crash.test.ts: appends from many concurrent writers until it is killed,
// printing a line for every acknowledged append: `ack <stream> <revision> <firstPosition> <lastPosition>`.
// A second argument saves the store's index every that many bytes (so kills land during saves too).
import { isLeft } from 'fp-ts/lib/Either.js';
import { writeSync } from 'node:fs';
import { EmbeddedEventStore } from '../infra/store/embedded/embedded-event-store.js';
import { portCreated } from './embedded-fixtures.js';

const WRITERS = 16;
const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: crash-appender.ts <data dir>');

const indexEveryBytes = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const store = await EmbeddedEventStore.open(dir, { segmentBytes: 16 * 1024, indexEveryBytes });

/** The pipe is non-blocking: a full one (a slow parent at a high load) answers EAGAIN, and the line is written again until it is in. */
function ackLine(line: string): void {
  const bytes = Buffer.from(line);
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

async function writer(stream: string): Promise<void> {
  let revision = -1;
  for await (const event of store.readStream(stream)) revision = event.revision;
  for (let i = 0; ; i++) {
    const count = 1 + (i % 3);
    const events = Array.from({ length: count }, (_, j) => portCreated({ stream, i, j }));
    const outcome = await store.append(stream, events, revision === -1 ? 'no_stream' : revision);
    if (isLeft(outcome)) throw new Error(`append refused: ${JSON.stringify(outcome.left)}`);
    const { revision: last, firstPosition, lastPosition } = outcome.right;
    revision = last;
    // Synchronous, so a line is in the pipe before the next append can be acknowledged.
    ackLine(`ack ${stream} ${last} ${firstPosition} ${lastPosition}\n`);
  }
}

await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(`vpc-${w}`)));
