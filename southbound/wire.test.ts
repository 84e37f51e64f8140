import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, KINDS, type Op } from '../projections/goal-state/index.js';
import { checksumOf, encodeDiff, encodeLine, encodeSnapshot } from './wire.js';

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
        expect(Buffer.concat(encodeSnapshot(snapshot, Buffer.from(canonicalJson(goalState)))).toString()).toBe(encodeLine(snapshot));
      }),
    );
  });
});

describe('checksum', () => {
  // The README's example, the values computed apart from this code (Python's hashlib and integers).
  it('is the sum modulo 2^256 of sha256 of each entry\'s kind, id as JSON and canonical body, tab-separated', () => {
    expect(checksumOf({})).toBe('0'.repeat(64));
    expect(checksumOf({ neighbor: { p7: { host_id: 'h2' } } })).toBe('91ba9529aa9491dac4a5456b868ebe644d8ab1dee951b387b2004c1a5a8017b7');
    expect(checksumOf({ port: { p1: { mac_address: 'fa:16:3e:00:00:01' } }, neighbor: { p7: { host_id: 'h2' } } })).toBe(
      '4f73e2a12578dbcd281dc4d7d3caa545370c5d05e63a1452ab111bc7b0a6a3b7',
    );
  });
});
