import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byText, canonicalJson, netChange, type EncodedTables, type GoalStateDocument, type Kind } from '../../projections/goal-state/index.js';
import { op } from '../../test-kit/random-ops.js';
import { applyDiff, checksumOf, emptyHostState, encodeOps } from '../index.js';
import { netChangeOfRecords } from './archive-net-change.js';
import { diffRecord, foldRecords, snapshotOfRecords } from './archive-records.js';

const HOST = 'host-a';

/** The fold of records given as frames, one text each, as text (its checksum and counts checked against it). */
const fold = (frames: string[], position: number): string => {
  const { utf8, checksum, entriesPerKind } = foldRecords(HOST, frames.map((frame) => Buffer.from(frame)), position);
  const document = JSON.parse(utf8.toString()) as GoalStateDocument;
  expect(checksum).toBe(checksumOf(document));
  expect(entriesPerKind).toEqual(Object.fromEntries(Object.entries(document).map(([kind, entries]) => [kind, Object.keys(entries!).length])));
  return utf8.toString();
};

/** A goal state as the records' snapshot takes it: kinds and ids in canonical order, bodies encoded. */
const tablesOf = (document: GoalStateDocument): EncodedTables =>
  (Object.keys(document) as Kind[])
    .sort(byText)
    .map((kind) => [kind, Object.keys(document[kind]!).sort(byText).map((id) => [id, canonicalJson(document[kind]![id])] as const)] as const);

/** A snapshot record as the format defines it: the header, then every entry of the tables in their order. */
const snapshotRecord = (position: number, seq: number, tables: EncodedTables): string =>
  [`@snapshot ${position} ${seq}\n`, ...tables.flatMap(([kind, entries]) => entries.map(([id, encoded]) => `+${kind}\t${JSON.stringify(id)}\t${encoded}\n`))].join('');

/** A diff's ops, or a snapshot of the state so far. */
const step = fc.oneof({ arbitrary: fc.array(op, { maxLength: 5 }), weight: 4 }, { arbitrary: fc.constant('snapshot' as const), weight: 1 });

describe('goal-state archive records', () => {
  it("fold to the canonical JSON of the host's goal state at every position, read from the start or from a snapshot", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const state = emptyHostState(HOST);
        const held: string[] = [canonicalJson({})];
        const records: { text: string; snapshot: boolean; position: number }[] = [];
        for (const s of steps) {
          const position = held.length - 1;
          if (s === 'snapshot') {
            const text = snapshotRecord(position, state.seq, tablesOf(state.goalState));
            // The archive's thread makes it from the records since the last snapshot (or all of them): the same bytes.
            const last = records.findLastIndex((r) => r.snapshot);
            for (const from of new Set([Math.max(0, last), 0]))
              expect(snapshotOfRecords(HOST, records.slice(from).map((r) => Buffer.from(r.text)), position, state.seq).toString()).toBe(text);
            records.push({ text, snapshot: true, position });
            continue;
          }
          // Ops of one diff name each entry once, as the goal states make them.
          const ops = [...new Map(s.map((o) => [`${o.kind}\u0000${o.id}`, o])).values()];
          const applied = applyDiff(state, { type: 'diff', hostId: HOST, seq: state.seq + 1, position: position + 1, ops });
          if (E.isLeft(applied)) throw new Error('the model skipped a seq');
          records.push({ text: diffRecord(position + 1, state.seq, ops, canonicalJson), snapshot: false, position: position + 1 });
          held.push(canonicalJson(state.goalState));
        }
        // In one frame, or a record per frame (frames fall between records, wherever flushes fell).
        const texts = records.map((r) => r.text);
        held.forEach((expected, p) => {
          expect(fold([texts.join('')], p)).toBe(expected);
          expect(fold(texts, p)).toBe(expected);
        });
        // The net change between two positions, each read from the start, is netChange's, byte for byte.
        const frames = texts.map((text) => Buffer.from(text));
        held.forEach((_, p1) => {
          for (const p2 of [held.length - 1, (p1 * 7) % held.length]) {
            const expected = encodeOps(netChange(JSON.parse(held[p1]) as GoalStateDocument, JSON.parse(held[p2]) as GoalStateDocument));
            expect(netChangeOfRecords(HOST, frames, p1, frames, p2).toString()).toBe(expected);
          }
        });
        records.forEach((r, i) => {
          if (!r.snapshot) return;
          for (let p = r.position; p < held.length; p++) expect(fold([texts.slice(i).join('')], p)).toBe(held[p]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('refuse records that skip a diff', () => {
    const text = diffRecord(1, 1, [], canonicalJson) + diffRecord(3, 3, [], canonicalJson);
    expect(fold([text], 2)).toBe('{}');
    expect(() => fold([text], 3)).toThrow(/skips from seq 1 to 3/);
  });
});
