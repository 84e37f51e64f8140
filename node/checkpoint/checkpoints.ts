import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { RecordedEvent, World } from '../../domain/index.js';
import type { LogIdentity, LogStamp } from '../../domain/log/log-stamp.js';
import type { IdempotencyKeys, Projection } from '../../projections/index.js';
import type { GoalStates } from '../../projections/goal-state/index.js';
import type { HostStreams } from '../../southbound/index.js';
import type { AuditIndexOnDisk } from '../../infra/audit/audit-files.js';
import { decodeSavedNode, storedNode, type SavedNode } from './checkpoint-codec.js';
import { checkpointWriter, readCheckpoint, syncPath } from './checkpoint-file.js';
import { deserializeSlices, serializeInSlices } from '../../history/sliced-serialization.js';
import { copyOfWorld } from '../../domain/world-copy.js';

const FOLDER = /^checkpoint-(\d+)$/;
const STATE = 'state.bin';
/** The audit index's run files the checkpoint names, linked here (they are immutable; a merge removes them from the index's folder). */
const RUNS = 'audit-runs';
/** Checkpoints kept: the newest, and one before it in case the newest cannot be used. */
const KEPT = 2;

export interface CheckpointOptions {
  /** False: neither read nor write checkpoints, so every start folds the whole log (the replay bench measures that). */
  readonly enabled?: boolean;
  /** Events between two checkpoints at most (default 100,000). */
  readonly everyEvents?: number;
  /** Time between two checkpoints at most while events come (default 60 s). */
  readonly everyMs?: number;
  /**
   * Share of the time a node may spend capturing and serializing its state (default 0.05): both
   * run on the event loop, so checkpoints come no closer than their last cost divided by this.
   */
  readonly maxDuty?: number;
  /** How long the serialization holds the event loop at a time, in ms (default 4): between two slices the node folds and answers. */
  readonly sliceMs?: number;
  /** Where a checkpoint not used, or not written, is told (the server's logger). */
  readonly log?: (message: string) => void;
}

/** What a checkpoint is taken from: the node's folds besides the world, which comes with each event. */
export interface CheckpointSources {
  readonly goalStates: GoalStates;
  readonly streams: HostStreams;
  readonly audit: AuditIndexOnDisk;
  readonly idempotencyKeys: IdempotencyKeys;
  /** The stamp of the log at a position, which the checkpoint carries. */
  readonly stampAt: (position: number) => Promise<LogStamp>;
  /** False once the fold stopped on an event that failed to apply: the folds may hold part of it, and are never saved. */
  readonly following: () => boolean;
  /** Resolves once every diff of the events up to `position` (all folded) is in the archive's files, its mark saying so. */
  readonly archiveSettled: (position: number) => Promise<void>;
}

/** A checkpoint read back and decoded, with where its audit runs are. */
export interface LoadedCheckpoint {
  readonly position: number;
  readonly saved: SavedNode;
  readonly runsIn: string;
}

/**
 * Checkpoints of everything a node folds, in `dir` (`checkpoint-<position>/`: `state.bin` and the
 * audit runs it names), so that a restart takes up the newest and folds only the log after it.
 * A projection, last of the node's: between two events every fold is at the same position. The
 * state is copied at once (it changes with the next event: the copies are of what the folds
 * change in place, sharing what they replace); its serialization in slices of a few ms, checksum,
 * write, fsync and the rename that makes it count run in the background, the last after the
 * goal-state archive has written every diff up to that position.
 */
export class Checkpoints implements Projection {
  private world?: World;
  private position: number;
  private written: number;
  private sinceLast = 0;
  private lastAt = performance.now();
  /** The last checkpoint's time on the event loop, in all (for the duty) and at most at once. */
  private lastBusyMs = 0;
  private lastCaptureMs = 0;
  private lastCopyMs = 0;
  private lastSliceMs = 0;
  private writing?: Promise<void>;
  private readonly timer: NodeJS.Timeout;
  private readonly everyEvents: number;
  private readonly everyMs: number;
  private readonly maxDuty: number;
  private readonly sliceMs: number;

  constructor(
    private readonly dir: string,
    private readonly sources: CheckpointSources,
    private readonly options: CheckpointOptions = {},
    /** Position of the checkpoint this node started from, if it did. */
    from = 0,
  ) {
    this.everyEvents = options.everyEvents ?? 100_000;
    this.everyMs = options.everyMs ?? 60_000;
    this.maxDuty = options.maxDuty ?? 0.05;
    this.sliceMs = options.sliceMs ?? 4;
    this.position = this.written = from;
    this.timer = setInterval(() => {
      if (performance.now() - this.lastAt >= this.everyMs) this.take();
    }, Math.min(1000, this.everyMs)).unref();
  }

  apply(event: RecordedEvent, world: World): void {
    this.world = world;
    this.position = event.position;
    if (++this.sinceLast >= this.everyEvents) this.take();
  }

  /** Copies the state now, if anything was folded since the last checkpoint and the duty allows, and serializes and writes it in the background. */
  private take(force = false): void {
    if (this.options.enabled === false || this.writing || !this.world || this.position === this.written || this.sources.audit.failure !== undefined || !this.sources.following()) return;
    if (!force && performance.now() - this.lastAt < this.lastBusyMs / this.maxDuty) return;
    const started = performance.now();
    const { position } = this;
    const temporary = join(this.dir, `.checkpoint-${position}.tmp`);
    let stored: unknown;
    let files: string[];
    try {
      rmSync(temporary, { recursive: true, force: true });
      mkdirSync(join(temporary, RUNS), { recursive: true });
      const audit = this.sources.audit.savedIn(join(temporary, RUNS));
      files = audit.files;
      const saved: SavedNode = {
        world: copyOfWorld(this.world),
        goalStates: this.sources.goalStates.saved(),
        streams: this.sources.streams.saved(),
        audit: audit.saved,
        idempotencyKeys: this.sources.idempotencyKeys.saved(),
      };
      stored = storedNode(saved);
    } catch (error) {
      this.failed(position, error);
      rmSync(temporary, { recursive: true, force: true });
      return;
    }
    const captureMs = performance.now() - started;
    this.lastAt = performance.now();
    this.sinceLast = 0;
    this.writing = this.write(position, temporary, stored, files, captureMs)
      .then(
        () => void (this.written = position),
        async (error: unknown) => {
          this.failed(position, error);
          await rm(temporary, { recursive: true, force: true });
        },
      )
      .finally(() => (this.writing = undefined));
  }

  private async write(position: number, temporary: string, stored: unknown, files: readonly string[], captureMs: number): Promise<void> {
    const state = await checkpointWriter(join(temporary, STATE));
    try {
      const { longestSliceMs, busyMs } = await serializeInSlices(stored, this.sliceMs, state.append);
      this.lastCaptureMs = Math.max(captureMs, longestSliceMs);
      this.lastCopyMs = captureMs;
      this.lastSliceMs = longestSliceMs;
      this.lastBusyMs = captureMs + busyMs;
      await this.sources.archiveSettled(position);
      await state.finish(await this.sources.stampAt(position));
    } catch (error) {
      await state.abandon();
      throw error;
    }
    for (const file of files) await syncPath(file);
    await syncPath(join(temporary, RUNS));
    await syncPath(temporary);
    await rename(temporary, join(this.dir, `checkpoint-${position}`));
    await syncPath(this.dir);
    for (const old of checkpointsIn(this.dir).slice(KEPT)) await rm(join(this.dir, `checkpoint-${old}`), { recursive: true, force: true });
  }

  private failed(position: number, error: unknown): void {
    this.options.log?.(`checkpoint at position ${position} not written: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** How long the last checkpoint held the event loop at once (its copy, or its longest slice), in ms. */
  get captureMs(): number {
    return this.lastCaptureMs;
  }

  /** Of the last checkpoint: how long its copy held the event loop, and its longest slice of serialization, in ms. */
  get holds(): { readonly copyMs: number; readonly longestSliceMs: number } {
    return { copyMs: this.lastCopyMs, longestSliceMs: this.lastSliceMs };
  }

  /** Position of the newest checkpoint written (or started from). */
  get newest(): number {
    return this.written;
  }

  /** Resolves once no checkpoint is being written. */
  async settled(): Promise<void> {
    await this.writing;
  }

  /** For a node that stops, once its fold has: a last checkpoint of where it got to, written before this resolves. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
    this.take(true);
    await this.writing;
  }
}

/** Positions of the checkpoints in `dir`, newest first. */
const checkpointsIn = (dir: string): number[] =>
  readdirSync(dir)
    .map((name) => FOLDER.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => b - a);

/**
 * The newest checkpoint in `dir` that this node can take up on `store`'s log, or undefined (then
 * the node folds the log from its start). One that cannot be used (unfinished, of another format
 * or Node, not matching its checksum, not of this log as it is now, of a layout that does not decode) is told
 * to `log` and passed over for the one before.
 */
export const newestCheckpoint = async (dir: string, identity: LogIdentity, log: (message: string) => void = () => undefined): Promise<LoadedCheckpoint | undefined> => {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith('.tmp')) rmSync(join(dir, name), { recursive: true, force: true });
  return newestCheckpointRead(dir, identity, log);
};

/**
 * The same read, leaving `dir` as it is: for a reader beside the running node that writes there
 * (its unfinished checkpoint is not the reader's to remove; one it removes meanwhile is passed over).
 */
export const newestCheckpointRead = async (dir: string, identity: LogIdentity, log: (message: string) => void): Promise<LoadedCheckpoint | undefined> => {
  for (const position of checkpointsIn(dir)) {
    const folder = join(dir, `checkpoint-${position}`);
    const found = await checkpointAt(folder, position, identity);
    if (E.isRight(found)) return { ...found.right, runsIn: join(folder, RUNS) };
    log(`checkpoint ${folder} ${found.left}: not used`);
  }
  return undefined;
};

const checkpointAt = async (folder: string, position: number, identity: LogIdentity): Promise<E.Either<string, Omit<LoadedCheckpoint, 'runsIn'>>> => {
  const file = readCheckpoint(join(folder, STATE));
  if (E.isLeft(file)) return file;
  const { header, payload } = file.right;
  if (header.position !== position || header.log.position !== position) return E.left(`says position ${header.position}`);
  const mismatch = await identity.mismatch(header.log);
  if (mismatch !== undefined) return E.left(`is not of this log: ${mismatch}`);
  let decoded: unknown;
  try {
    decoded = deserializeSlices(payload);
  } catch (error) {
    return E.left(`does not deserialize (${error instanceof Error ? error.message : String(error)})`);
  }
  const saved = decodeSavedNode(decoded, position);
  return E.isLeft(saved) ? saved : E.right({ position, saved: saved.right });
};
