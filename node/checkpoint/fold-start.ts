import type { LogIdentity } from '../../domain/log/log-stamp.js';
import type { FoldStart } from '../../southbound/kafka/index.js';
import { newestCheckpointRead } from './checkpoints.js';

/**
 * The node's newest usable checkpoint in `dir` as a fold start of the publisher's own: read from
 * its file at each call, so the node's folds (taken up from the same file) are never shared.
 * None when the folder cannot be read: the publisher then folds the log from its start.
 */
export const checkpointFoldStart =
  (dir: string, identity: LogIdentity, log: (message: string) => void) =>
  async (): Promise<FoldStart | undefined> => {
    try {
      const checkpoint = await newestCheckpointRead(dir, identity, log);
      if (!checkpoint) return undefined;
      const { world, goalStates, streams } = checkpoint.saved;
      // Of each host's kept diffs only the last is looked at: the others would be memory held through the catch-up.
      const lastOnly = new Map([...streams.streams].map(([hostId, stream]) => [hostId, { ...stream, recent: stream.recent.slice(-1) }]));
      return { position: checkpoint.position, world, goalStates, streams: { ...streams, streams: lastOnly } };
    } catch (error) {
      log(`checkpoints in ${dir} not read (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  };
