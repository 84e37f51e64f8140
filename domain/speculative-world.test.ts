import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decide, emptyWorld, evolve, type Command, type RecordedEvent, type World } from './index.js';
import { createNetwork, createPort, createSubnet } from '../test-kit/commands.js';
import { speculativeWorld } from './speculative-world.js';

const metadata = { commandId: 'c', correlationId: 'c', actor: { projectId: 'p', userId: 'u' }, decidedAt: '2026-12-03T00:00:00.000Z' };

/** Maps and Sets as arrays, in their order, all the way down: what compares whatever class holds them. */
const plain = (value: unknown): unknown => {
  if (value instanceof Map) return [...value].map(([key, v]) => [key, plain(v)]);
  if (value instanceof Set) return [...value].map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, plain(v)]));
  return value;
};

describe('a speculative world', () => {
  it('keeps its writes to itself, in the order the folded world will have them', () => {
    const world = emptyWorld();
    world.hostPorts.set('h1', new Set(['a', 'b']));
    world.hostPorts.set('h2', new Set(['c']));
    const view = speculativeWorld(world);
    view.hostPorts.get('h1')!.add('z');
    view.hostPorts.get('h1')!.delete('a');
    view.hostPorts.delete('h2');
    view.hostPorts.set('h3', new Set(['d']));
    view.hostPorts.set('h2', new Set(['e']));
    view.position = 7;
    expect([...view.hostPorts].map(([host, ports]) => [host, [...ports]])).toEqual([['h1', ['b', 'z']], ['h3', ['d']], ['h2', ['e']]]);
    expect(view.hostPorts.size).toBe(3);
    expect([...world.hostPorts].map(([host, ports]) => [host, [...ports]])).toEqual([['h1', ['a', 'b']], ['h2', ['c']]]);
    expect(world.position).toBe(0);
  });

  it('folds events as the world does, and leaves the world as it was', () => {
    let position = 0;
    /** Decides each command against `decidedOn` and folds its events, as read back from the log, into every world of `into`. */
    const run = (decidedOn: World, into: World[], commands: Command[]) => {
      for (const command of commands) {
        const decision = decide(command, decidedOn, metadata);
        if (E.isLeft(decision)) throw new Error(JSON.stringify(decision.left));
        for (const part of decision.right)
          part.events.forEach((event, i) => {
            const recorded = { ...event, metadata, stream: part.stream, revision: (part.expected === 'no_stream' ? 0 : Number(part.expected) + 1) + i, position: ++position };
            for (const world of into) evolve(world, JSON.parse(JSON.stringify(recorded)) as RecordedEvent);
          });
      }
    };
    const world = emptyWorld();
    const reference = emptyWorld();
    const setup = [createNetwork('n1'), createSubnet('s1', 'n1', '10.0.0.0/24'), createPort('p1', 'n1'), createPort('p2', 'n1')];
    run(world, [world, reference], setup);
    const before = emptyWorld();
    position = 0;
    run(before, [before], setup);
    const view = speculativeWorld(world);
    run(view, [view, reference], [createPort('p3', 'n1'), { type: 'DeletePort', id: 'p1' }, createPort('p4', 'n1'), createSubnet('s2', 'n1', '10.0.1.0/24')]);
    expect(plain(view)).toEqual(plain(reference));
    expect(plain(world)).toEqual(plain(before));
  });
});
