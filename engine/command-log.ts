import type { Logger } from 'pino';
import type { CommandObserver } from './command-observer.js';
import { commandTypeOf, outcomeOf } from './command-observer.js';

/** What the node itself refused (full lanes, a full node, a store that cannot write), as opposed to the caller's mistakes. */
const NODE_REFUSALS = new Set(['LaneFull', 'Overloaded', 'StoreUnavailable']);

/**
 * One log line per command that did not succeed, with its command and correlation ids: a domain
 * refusal at info, a refusal of the node's own at warn, a crash at error. Successes are in the
 * log of events itself and in the metrics; a line each would cost more than the command.
 */
export const commandLog = (logger: Logger): CommandObserver => ({
  settled: (command, context, result, seconds) => {
    if (result._tag === 'Right') return;
    const outcome = outcomeOf(result);
    const line = {
      commandId: context.commandId,
      correlationId: context.correlationId,
      command: commandTypeOf(command),
      outcome,
      ms: Math.round(seconds * 1000),
      ...('_tag' in result.left && result.left._tag === 'StoreUnavailable' ? { reason: result.left.reason } : {}),
    };
    if (NODE_REFUSALS.has(outcome)) logger.warn(line, 'command refused by the node');
    else logger.info({ ...line, message: 'message' in result.left ? result.left.message : undefined }, 'command refused');
  },
  crashed: (command, context, error, seconds) =>
    logger.error({ commandId: context.commandId, correlationId: context.correlationId, command: commandTypeOf(command), err: error, ms: Math.round(seconds * 1000) }, 'command failed'),
});
