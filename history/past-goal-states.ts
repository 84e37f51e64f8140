import { goalStateFromScratch, netChange, type GoalStateDocument } from '../projections/goal-state/index.js';
import * as E from 'fp-ts/lib/Either.js';
import { encodedGoalStateOf, encodeOps, GoalStateDocumentCodec, type EncodedGoalState } from '../southbound/index.js';
import type { AnswerBytes } from '../southbound/archive/archive-codec.js';
import type { GoalStateArchive } from '../southbound/archive/goal-state-archive.js';
import type { PastWorlds } from './past-worlds.js';

/** A host's goal state as of a moment, as canonical JSON: `release` it once sent or read (see AnswerBytes). */
export type PastGoalState = EncodedGoalState & Pick<AnswerBytes, 'release'>;

/** Hosts' goal states as of any position: from the goal-state archive, or worked out from the world there when the archive is lost. */
export class PastGoalStates {
  constructor(
    private readonly archive: GoalStateArchive,
    private readonly worlds: PastWorlds,
  ) {}

  /**
   * A host's goal state after the events up to `position` as canonical JSON (what its checksum is
   * taken of): from its archived stream, or the world there if the archive is lost.
   */
  async encodedGoalStateAt(hostId: string, position: number): Promise<PastGoalState> {
    return (
      (await this.archive.encodedGoalStateAt(hostId, position)) ?? {
        ...encodedGoalStateOf(await this.goalStateInWorld(hostId, position)),
        release: () => undefined,
      }
    );
  }

  /** A host's goal state worked out from the world at `position`: what the archive's answers stand in for, when it is lost. */
  private async goalStateInWorld(hostId: string, position: number): Promise<GoalStateDocument> {
    return goalStateFromScratch(await this.worlds.pastWorld(position), hostId);
  }

  /** A host's goal state after the events up to `position`, as plain data: decoded from the archive's bytes, or the world's when they do not decode. */
  async goalStateAt(hostId: string, position: number): Promise<GoalStateDocument> {
    const past = await this.encodedGoalStateAt(hostId, position);
    let text: string;
    try {
      text = past.utf8.toString();
    } finally {
      past.release();
    }
    const decoded = E.chain(GoalStateDocumentCodec.decode)(E.parseJSON(text, () => []));
    return E.isRight(decoded) ? decoded.right : this.goalStateInWorld(hostId, position);
  }

  /** Ports bound to a host after the events up to `position`: its goal state's port table, counted as the archive folds it. */
  async boundPortsAt(hostId: string, position: number): Promise<number> {
    const archived = await this.archive.encodedGoalStateAt(hostId, position);
    archived?.release();
    return archived ? (archived.entriesPerKind.port ?? 0) : Object.keys((await this.goalStateInWorld(hostId, position)).port ?? {}).length;
  }

  /** The net change of a host's goal state between two positions, as the JSON of its diff ops: from its archived stream, or the world at each if the archive is lost. */
  async encodedGoalStateChange(hostId: string, from: number, to: number): Promise<AnswerBytes> {
    const archived = await this.archive.encodedGoalStateChange(hostId, from, to);
    if (archived) return archived;
    // One after the other: the world kept for reads is one moment's.
    const before = await this.goalStateInWorld(hostId, from);
    return { utf8: Buffer.from(encodeOps(netChange(before, await this.goalStateInWorld(hostId, to)))), release: () => undefined };
  }
}
