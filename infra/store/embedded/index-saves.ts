import type { FileSystem } from './file-system.js';
import { encodeIndex, removeIndex, writeIndex, type SavedIndex } from './saved-index.js';

/**
 * Saves the store's indexes beside the segments every `everyBytes` of durable records and at
 * close, so an open scans only what came after the last save (recovery.ts), however long the log.
 * The index is taken synchronously from what is durable, then written in the background, one
 * write at a time; appends never wait for it. A failed save is only a slower next open (it
 * scans from the save before, or rebuilds), so it is not an append's failure.
 */
export class IndexSaves {
  private sinceSave = 0;
  private writing: Promise<void> | undefined;
  private forgone = false;

  constructor(
    private readonly dir: string,
    private readonly fileSystem: FileSystem,
    private readonly everyBytes: number,
    private readonly current: () => SavedIndex,
    /** The head the index file on disk covers (-1: there is none the store took up). */
    private savedHead: number,
  ) {}

  /** Hears `bytes` more of durable records. */
  recorded(bytes: number): void {
    this.sinceSave += bytes;
    if (this.sinceSave >= this.everyBytes && this.writing === undefined) this.save();
  }

  /** Saves now, in the background, unless a save is under way or the file on disk is already of this head. */
  save(): void {
    if (this.forgone || this.writing !== undefined) return;
    const index = this.current();
    if (index.head === this.savedHead || index.head === 0) return;
    this.sinceSave = 0;
    this.writing = writeIndex(this.dir, this.fileSystem, encodeIndex(index))
      .then(() => {
        this.savedHead = index.head;
      })
      .catch(() => undefined)
      .finally(() => {
        this.writing = undefined;
      });
  }

  /** Removes the index file and saves no more: the segments under it are not what it says. */
  async forgo(): Promise<void> {
    this.forgone = true;
    await this.writing;
    await removeIndex(this.dir, this.fileSystem);
  }

  /** Waits for a save under way, then saves what is durable now (after the last append). */
  async close(): Promise<void> {
    await this.writing;
    this.save();
    await this.writing;
  }
}
