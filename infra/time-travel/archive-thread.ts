import { parentPort } from 'node:worker_threads';
import { encodedGoalStateOf } from '../../southbound/wire.js';
import { foldRecords } from './archive-records.js';
import { deflatedFrame, textOfFrames } from './frames.js';
import type { CodecAnswer, CodecRequest } from './archive-codec.js';

/**
 * The archive codec's thread: zlib's one-shot calls are the fast ones for small frames (the
 * streaming ones cost a context per call), and they block, so they block this thread, not the
 * server's; a goal state as of a moment is folded (and checksummed) here too, in a heap of its own,
 * so a read of a big host costs the server one copy of the answer.
 */
const answer = (request: CodecRequest): Omit<CodecAnswer, 'id'> => {
  if ('texts' in request) return { frames: request.texts.map(deflatedFrame) };
  const text = textOfFrames(Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength));
  if (!request.fold) return { text };
  const folded = foldRecords(request.fold.hostId, text, request.fold.position);
  // Never from Buffer's shared pool: its memory is handed over.
  const utf8 = Buffer.allocUnsafeSlow(Buffer.byteLength(folded));
  utf8.write(folded);
  return { goalState: encodedGoalStateOf(utf8) };
};

parentPort!.on('message', (request: CodecRequest) => {
  try {
    const reply: CodecAnswer = { id: request.id, ...answer(request) };
    const handedOver = reply.frames ?? (reply.goalState ? [reply.goalState.utf8] : []);
    parentPort!.postMessage(reply, handedOver.map((bytes) => bytes.buffer as ArrayBuffer));
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: String(error) } satisfies CodecAnswer);
  }
});
