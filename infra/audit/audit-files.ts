import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AuditIndex, type AuditIndexState, type AuditRow, type AuditRows } from '../../projections/index.js';
import { Postings, type PostingsHead, type PostingsOptions } from './postings.js';
import { RowFile, type RowFileHead } from './row-file.js';

/** The audit files between two events, for a checkpoint: what is in memory, and which immutable run files it names. */
export interface AuditFilesHead {
  readonly rows: RowFileHead;
  readonly postings: PostingsHead;
}

const ROWS = 'rows.bin';
const LOG_ID = 'LOG-ID';

export interface AuditFileOptions extends PostingsOptions {
  /** Rows per block of the row file: one block in memory, one position and time per block. */
  readonly blockRows?: number;
  /**
   * The id of the log the index is folded from, written beside its files: a node taking the files
   * up from a checkpoint checks it (otherwise the index is written anew at start).
   */
  readonly logId?: string;
}

/**
 * The audit index's rows and postings in files under `dir`, so the server's memory does not grow
 * with the length of history. They are derived data: opening empties the folder and the fold at
 * start writes it anew, unless the node starts from a checkpoint, which names the blocks and run
 * files to take up (see node/checkpoint/). A failed write
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
    resumed?: ResumedAudit,
  ) {
    this.rows = new RowFile(join(dir, ROWS), options.blockRows);
    this.postings = new Postings(dir, options);
    if (resumed) this.resume(resumed, options.logId);
    else
      this.attempt(() => {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        if (options.logId !== undefined) writeFileSync(join(dir, LOG_ID), `${options.logId}\n`);
      });
  }

  /**
   * The files as a checkpoint left them: its runs linked back, every other run removed, the rows
   * cut back. Throws if they cannot be, or if the rows are another log's.
   */
  private resume({ head, runsIn }: ResumedAudit, logId: string | undefined): void {
    if (logId !== undefined && readFileSync(join(this.dir, LOG_ID), 'utf8').trim() !== logId) throw new Error(`${this.dir} is not of log ${logId}`);
    for (const name of readdirSync(this.dir)) if (name !== ROWS && name !== LOG_ID) rmSync(join(this.dir, name), { force: true });
    for (const run of head.postings.runs) linkSync(join(runsIn, run.name), join(this.dir, run.name));
    this.rows.resume(head.rows);
    this.postings.resume(head.postings);
  }

  /**
   * The head as of now, its run files linked into `runsIn` at once (a later merge removes them
   * here); returns it with the files to sync before a checkpoint counts on them.
   */
  head(runsIn: string): { head: AuditFilesHead; files: string[] } {
    const runs = this.postings.runPaths();
    for (const path of runs) linkSync(path, join(runsIn, basename(path)));
    const rows = this.rows.head();
    // The rows file is there once a block is written.
    const files = [...runs.map((path) => join(runsIn, basename(path))), ...(rows.blocks > 0 ? [join(this.dir, ROWS)] : [])];
    return { head: { rows, postings: this.postings.head() }, files };
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

/** What a checkpoint keeps of the audit index: the index's own state and the files' head. */
export interface SavedAudit {
  readonly index: AuditIndexState;
  readonly head: AuditFilesHead;
}

/** Where a node started from a checkpoint takes up its audit index: what was saved, and the folder holding the runs it names. */
export interface ResumedAudit extends SavedAudit {
  readonly runsIn: string;
}

/** An audit index whose rows and postings live in files under `dir`. */
class AuditIndexOnDisk extends AuditIndex {
  constructor(
    private readonly files: AuditFiles,
    saved?: AuditIndexState,
  ) {
    super(files, saved);
  }

  /** For a checkpoint: what to save, its runs linked into `runsIn`, and the files to sync before the checkpoint counts on them. */
  savedIn(runsIn: string): { saved: SavedAudit; files: string[] } {
    const { head, files } = this.files.head(runsIn);
    return { saved: { index: this.saved(), head }, files };
  }
}

export type { AuditIndexOnDisk };

/** An audit index on files under `dir`, new or taken up from a checkpoint (then it throws if the files do not match it). */
export const auditIndexIn = (dir: string, options: AuditFileOptions = {}, resumed?: ResumedAudit): AuditIndexOnDisk =>
  new AuditIndexOnDisk(new AuditFiles(dir, options, resumed), resumed?.index);
