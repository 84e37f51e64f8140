import type { AppendError } from '../../../domain/log/event-store.js';
import type { FileSystem } from './file-system.js';

/** Hears what the embedded store does on disk, for an operator's metrics; never changes it. */
export interface StoreObserver {
  /** An append settled `seconds` after it was asked for: durable (`ok`) or refused. */
  appended(seconds: number, outcome: 'ok' | AppendError['_tag']): void;
  /** One fdatasync of a segment file took `seconds`. */
  synced(seconds: number): void;
  /** One write and fdatasync made `appends` appends (`events` events in all) durable together. */
  committed(appends: number, events: number): void;
}

/** The file system with every fdatasync timed. */
export const timedSyncs = (fileSystem: FileSystem, observer: StoreObserver): FileSystem => ({
  ...fileSystem,
  open: async (path, flags) => {
    const file = await fileSystem.open(path, flags);
    return {
      read: (buffer, offset, length, position) => file.read(buffer, offset, length, position),
      write: (buffer, offset, length, position) => file.write(buffer, offset, length, position),
      datasync: async () => {
        const started = performance.now();
        await file.datasync();
        observer.synced((performance.now() - started) / 1000);
      },
      truncate: (length) => file.truncate(length),
      stat: () => file.stat(),
      close: () => file.close(),
    };
  },
});
