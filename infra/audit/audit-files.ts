import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditIndex, type AuditRow, type AuditRows } from '../../projections/index.js';
import { Postings, type PostingsOptions } from './postings.js';
import { RowFile } from './row-file.js';

export interface AuditFileOptions extends PostingsOptions {
  /** Rows per block of the row file: one block in memory, one position and time per block. */
  readonly blockRows?: number;
  /**
   * The id of the log the index is folded from, written beside its files. Nothing needs to check
   * it: the index is written anew from the log at every start.
   */
  readonly logId?: string;
}

/**
 * The audit index's rows and postings in files under `dir`, so the server's memory does not grow
 * with the length of history. They are derived data: the engine folds the whole log through every
 * projection at start, so opening empties the folder and that fold writes it anew. A failed write
 * (a full disk) stops the index, not the server: it keeps the reason, and audit and as-of queries
 * answer 503 with it until a restart rebuilds the files.
 */
class AuditFiles implements AuditRows {
  private readonly rows: RowFile;
  private readonly postings: Postings;
  failure: string | undefined;

  constructor(
    private readonly dir: string,
    options: AuditFileOptions = {},
  ) {
    this.rows = new RowFile(join(dir, 'rows.bin'), options.blockRows);
    this.postings = new Postings(dir, options);
    this.attempt(() => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      if (options.logId !== undefined) writeFileSync(join(dir, 'LOG-ID'), `${options.logId}\n`);
    });
  }

  append(row: AuditRow, resources: readonly string[]): void {
    if (this.failure !== undefined) return;
    this.attempt(() => {
      for (const resource of resources) this.postings.add(resource, this.rows.count);
      this.rows.append(row);
    });
  }

  private attempt(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.failure = `the audit index could not write to ${this.dir}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  get count(): number {
    return this.rows.count;
  }

  row(ordinal: number): AuditRow {
    return this.rows.row(ordinal);
  }

  countWhile(field: 'position' | 'time', before: (value: number) => boolean): number {
    return this.rows.countWhile(field, before);
  }

  touching(resource: string): readonly number[] {
    return this.postings.lookup(resource);
  }

  /** How many postings runs are on disk. */
  get runCount(): number {
    return this.postings.runCount;
  }
}

/** An audit index whose rows and postings live in files under `dir`. */
export const auditIndexIn = (dir: string, options: AuditFileOptions = {}): AuditIndex => new AuditIndex(new AuditFiles(dir, options));
