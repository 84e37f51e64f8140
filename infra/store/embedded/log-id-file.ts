import { randomUUID } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileSystem } from './file-system.js';

/** The file beside the segments that names the log. */
export const LOG_ID_FILE = 'LOG-ID';

/** What a read-only open of a log that has no id yet answers: no derived data records it. */
export const UNNAMED_LOG = 'unnamed';

const LOG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The log's id, from `LOG-ID` in its data dir; a writer that finds none (a new log, or one from
 * before log ids) writes one first, durably, whole then renamed. Copying segments into another
 * data dir keeps that dir's id: derived data then tells the logs apart by its position and the
 * digest of the event there, not by the id alone.
 */
export async function logIdIn(dir: string, fileSystem: FileSystem, readOnly = false): Promise<string> {
  const path = join(dir, LOG_ID_FILE);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text !== undefined) {
    const id = text.trim();
    if (!LOG_ID.test(id)) throw new Error(`${path} holds no log id (${JSON.stringify(text.slice(0, 40))})`);
    return id;
  }
  if (readOnly) return UNNAMED_LOG;
  const id = randomUUID();
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(`${id}\n`);
    await file.datasync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  await fileSystem.syncDirectory(dir);
  return id;
}
