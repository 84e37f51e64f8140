import fc from 'fast-check';
import { KINDS, type Body, type Op } from '../projections/goal-state/index.js';

/** Ids that JSON escapes, that sort differently once quoted ("ab" before "ab!"), and that JS objects reorder ("10", "9"). */
export const id = fc.oneof(fc.constantFrom('ab', 'ab!', 'a"b', 'a\\b', '\t', 'x\ny', '10', '9', 'é', '𝄞'), fc.string({ unit: 'grapheme', maxLength: 4 }));

export const body: fc.Arbitrary<Body> = fc.dictionary(fc.constantFrom('mac', 'ip', '9', '10', 'tags'), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<unknown>, {
  maxKeys: 3,
});

/** Any op on a goal state: an upsert of any kind, id and body, or a delete. */
export const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('upsert' as const), kind: fc.constantFrom(...KINDS), id, body }),
  fc.record({ op: fc.constant('delete' as const), kind: fc.constantFrom(...KINDS), id }),
);
