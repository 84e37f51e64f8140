import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../projections/index.js';
import { RowFile } from './row-file.js';

/** Rows with ascending positions and non-decreasing times (repeats included, as a monotonic clock gives). */
const rows = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.nat(5), fc.nat(5), fc.nat(20), fc.nat(127)), { maxLength: 40 })
  .map((steps) => {
    let position = 0;
    let time = 1_000;
    return steps.map(([dp, dt, project, actor, type, kinds]): AuditRow => ({ position: (position += dp), time: (time += dt), project, actor, type, kinds }));
  });

describe('the audit row file', () => {
  it('gives back every row, and counts rows by position and by time exactly, across written blocks and the one filling', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 5 }), (appended, blockRows) => {
        const dir = mkdtempSync(join(tmpdir(), 'netledger-rows-'));
        try {
          const file = new RowFile(join(dir, 'rows.bin'), blockRows);
          for (const row of appended) file.append(row);
          expect(file.count).toBe(appended.length);
          expect(appended.map((_, o) => file.row(o))).toEqual(appended);
          const last = appended[appended.length - 1] ?? { position: 0, time: 1_000 };
          for (let value = 0; value <= last.position + 1; value++) {
            expect(file.countWhile('position', (p) => p <= value)).toBe(appended.filter((r) => r.position <= value).length);
            expect(file.countWhile('position', (p) => p < value)).toBe(appended.filter((r) => r.position < value).length);
          }
          for (let value = 999; value <= last.time + 1; value++) {
            expect(file.countWhile('time', (t) => t <= value)).toBe(appended.filter((r) => r.time <= value).length);
            expect(file.countWhile('time', (t) => t < value)).toBe(appended.filter((r) => r.time < value).length);
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps in memory only the block being filled: written rows are read back from the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netledger-rows-'));
    try {
      const path = join(dir, 'rows.bin');
      const file = new RowFile(path, 2);
      for (let p = 1; p <= 5; p++) file.append({ position: p, time: p, project: 0, actor: 0, type: 0, kinds: 1 });
      rmSync(path);
      expect(() => file.row(0)).toThrow(/ENOENT/);
      expect(file.row(4).position).toBe(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
