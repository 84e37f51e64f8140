import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, KINDS, type Op } from '../projections/goal-state/index.js';
import { encodeDiff, encodeLine, encodeSnapshot } from './wire.js';

const json = fc.jsonValue({ maxDepth: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('upsert' as const), kind: fc.constantFrom(...KINDS), id: fc.string(), body: fc.dictionary(fc.string(), json) }),
  fc.record({ op: fc.constant('delete' as const), kind: fc.constantFrom(...KINDS), id: fc.string() }),
);

describe('diff encoding', () => {
  it('encodeDiff writes the same bytes as the canonical encoding of the line, shared bodies included', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.nat(), fc.array(op, { maxLength: 5 }), (hostId, seq, position, ops) => {
        const known = new Map<object, string>();
        const doubled = [...ops, ...ops];
        expect(encodeDiff({ hostId, seq, position, ops: doubled }, known)).toBe(encodeLine({ type: 'diff', hostId, seq, position, ops: doubled }));
        expect(encodeDiff({ hostId, seq, position, ops }, known)).toBe(encodeLine({ type: 'diff', hostId, seq, position, ops }));
      }),
    );
  });

  it('encodeSnapshot writes the same bytes as the canonical encoding of the snapshot', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.nat(), fc.string(), fc.dictionary(fc.constantFrom(...KINDS), fc.dictionary(fc.string(), fc.dictionary(fc.string(), json))), (hostId, seq, position, checksum, goalState) => {
        const snapshot = { type: 'snapshot' as const, hostId, seq, position, checksum, goal_state: goalState };
        expect(encodeSnapshot(snapshot, canonicalJson(goalState))).toBe(encodeLine(snapshot));
      }),
    );
  });
});
