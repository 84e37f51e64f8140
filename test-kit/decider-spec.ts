import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import type { Command } from '../domain/commands.js';
import type { DomainErrorType } from '../domain/common/errors.js';
import type { StreamAppend } from '../domain/common/decision.js';
import { decide, streamsOf } from '../domain/decide.js';
import type { DomainEvent, RecordedEvent } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import { emptyWorld, type World } from '../domain/world.js';

export const TEST_METADATA = {
  commandId: 'command-1',
  correlationId: 'correlation-1',
  actor: { projectId: 'project-a', userId: 'user-a' },
  decidedAt: '2026-11-22T05:00:00.000Z',
};

/** Folds decided appends into a world as the log would record them. */
export const record = (world: World, appends: readonly StreamAppend[]): World => {
  for (const append of appends) {
    let revision = world.streamRevisions.get(append.stream) ?? -1;
    for (const event of append.events) {
      const recorded = { ...event, metadata: TEST_METADATA, stream: append.stream, revision: ++revision, position: world.position + 1 } as RecordedEvent;
      evolve(world, recorded);
    }
  }
  return world;
};

/** Runs commands one after another, failing the test on the first refusal: the "given" of a spec. */
export const worldAfter = (...commands: Command[]): World => {
  const world = emptyWorld();
  for (const command of commands) {
    const decision = decide(command, world, TEST_METADATA);
    if (E.isLeft(decision)) throw new Error(`given command ${command.type} was refused: ${decision.left.message}`);
    record(world, decision.right);
  }
  return world;
};

const eventsOf = (appends: readonly StreamAppend[]): DomainEvent[] => appends.flatMap((a) => [...a.events]);

/** Given commands already accepted, when a command, then these events or this error. */
export const deciderSpec = (...given: Command[]) => ({
  when: (command: Command) => {
    const world = worldAfter(...given);
    const before = structuredClone(world);
    const streams = streamsOf(command, world);
    const decision = decide(command, world, TEST_METADATA);
    // The engine queues the command by the streams its decider declares: the decision must keep to them.
    if (E.isRight(decision))
      for (const part of decision.right)
        expect(part.events.length > 0 ? streams.writes : [...streams.writes, ...streams.reads], `${command.type} declares ${part.stream}`).toContain(part.stream);
    return {
      world,
      decision,
      then: (expected: (events: DomainEvent[]) => void): void => {
        if (E.isLeft(decision)) throw new Error(`expected events, got ${decision.left.type}: ${decision.left.message}`);
        expected(eventsOf(decision.right));
      },
      thenEvents: (events: DomainEvent[]): void => {
        if (E.isLeft(decision)) throw new Error(`expected events, got ${decision.left.type}: ${decision.left.message}`);
        expect(eventsOf(decision.right)).toEqual(events);
      },
      /** The append's parts: each stream with the types of its events, or 'checked' for a part that only reads it. */
      thenParts: (parts: Record<string, readonly string[] | 'checked'>): void => {
        if (E.isLeft(decision)) throw new Error(`expected events, got ${decision.left.type}: ${decision.left.message}`);
        expect(Object.fromEntries(decision.right.map((part) => [part.stream, part.events.length === 0 ? 'checked' : part.events.map((e) => e.type)]))).toEqual(parts);
      },
      thenError: (type: DomainErrorType, message?: RegExp): void => {
        if (E.isRight(decision)) throw new Error(`expected ${type}, got events ${JSON.stringify(eventsOf(decision.right))}`);
        expect(decision.left.type).toBe(type);
        if (message) expect(decision.left.message).toMatch(message);
        // A refusal changes nothing: deciding never touches the world.
        expect(world).toEqual(before);
      },
    };
  },
});
