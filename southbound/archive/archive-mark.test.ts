import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyMark, MARK, markIn, type Mark } from './archive-mark.js';

const dirs: string[] = [];
const folderWith = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'netledger-archive-mark-'));
  dirs.push(dir);
  writeFileSync(join(dir, MARK), text);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const written: Mark = {
  ...emptyMark(),
  position: 42,
  log: { logId: 'log-1', position: 42, digest: 'abc' },
  hosts: { 'host-1': { checkpoints: [[3, 0], [40, -1]], sinceSnapshot: 120, snapshotBytes: 900, size: 4096 } },
};

describe('the goal-state archive mark', () => {
  it('given a mark as a flush writes it, when read at start, then it is taken up as written', () => {
    expect(markIn(folderWith(JSON.stringify(written)))).toEqual(written);
  });

  it('given a folder with no mark, or one torn mid-write, when read, then there is none', () => {
    expect(markIn(mkdtempSync(join(tmpdir(), 'netledger-archive-mark-')))).toBeUndefined();
    expect(markIn(folderWith(JSON.stringify(written).slice(0, 40)))).toBeUndefined();
  });

  it.each([
    ['another format', { ...written, format: 'records-0' }],
    ['a size that is not a byte count', { ...written, hosts: { 'host-1': { ...written.hosts['host-1'], size: '4096' } } }],
    ['a checkpoint that is not a position and an offset', { ...written, hosts: { 'host-1': { ...written.hosts['host-1'], checkpoints: [[3]] } } }],
    ['no hosts', { format: written.format, position: 42 }],
    ['a log stamp of the wrong shape', { ...written, log: 'log-1' }],
  ])('given a mark with %s, when read, then it is not taken up (the archive starts over)', (_, mark) => {
    expect(markIn(folderWith(JSON.stringify(mark)))).toBeUndefined();
  });
});
