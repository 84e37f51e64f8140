import * as E from 'fp-ts/lib/Either.js';
import type { Bulk, OneCommand } from '../commands.js';
import { decidedTogether, type Decider, type DecisionStreams, type StreamAppend } from '../common/decision.js';
import { applySpeculatively, asRecorded, speculativeWorld } from '../speculative-world.js';
import type { World } from '../world.js';

/** The streams of a bulk: every member's, a stream one member writes and another reads counted as written. */
const streamsOfAll = (command: Bulk, world: World, deciderOf: (command: OneCommand) => Decider<OneCommand>): DecisionStreams => {
  const writes = new Set<string>();
  const reads = new Set<string>();
  for (const member of command.commands) {
    const streams = deciderOf(member).streams(member, world);
    for (const stream of streams.writes) writes.add(stream);
    for (const stream of streams.reads) reads.add(stream);
  }
  return { writes: [...writes], reads: [...reads].filter((stream) => !writes.has(stream)) };
};

/**
 * The decider of a bulk, over the deciders of its members. Each member is decided against the
 * world plus the events of the members before it (a speculative world, so two floating IPs of one
 * bulk never get the same address and quotas count the whole bulk); the first member refused
 * refuses the bulk with its error. The members' parts make one append: a stream's expected
 * revision is that of the first part naming it, which is where the world was before the bulk (a
 * later member's check of a stream an earlier one wrote adds nothing), and its events are the
 * members' in turn.
 */
export const bulkOf = (deciderOf: (command: OneCommand) => Decider<OneCommand>): Decider<Bulk> => ({
  streams: (command, world) => streamsOfAll(command, world, deciderOf),
  decide: (command, world, metadata) => {
    const { commands } = command;
    const inTurn = commands.length > 1 ? speculativeWorld(world) : world;
    const parts: StreamAppend[] = [];
    for (const [i, member] of commands.entries()) {
      const decision = deciderOf(member).decide(member, inTurn, metadata);
      if (E.isLeft(decision)) return decision;
      parts.push(...decision.right);
      if (i < commands.length - 1) applySpeculatively(inTurn, asRecorded(decision.right.map((part) => ({ ...part, events: part.events.map((event) => ({ ...event, metadata })) })), inTurn.position));
    }
    return decidedTogether(parts);
  },
});
