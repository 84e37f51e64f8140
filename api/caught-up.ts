import type { Engine } from '../engine/index.js';

/**
 * Whether this node's world has applied everything the log held when asked (false if the store
 * cannot say, or the world does not get there in time): what the node must know before it tells
 * whether a write, perhaps another node's, is in the log.
 */
export const caughtUpWithLog = async (engine: Engine): Promise<boolean> => {
  const head = await engine.store.headPosition().catch(() => undefined);
  return head !== undefined && (await engine.waitForPosition(head));
};
