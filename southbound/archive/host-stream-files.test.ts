import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostStreamFiles, streamFileOf } from './host-stream-files.js';

const dirs: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'netledger-host-stream-files-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** This process's open files under `dir`. */
const openUnder = (dir: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(join('/proc/self/fd', fd)).startsWith(dir);
    } catch {
      return false; // closed while listed
    }
  });

describe('host stream files', () => {
  it('given more hosts than files are kept open, when each is appended to in several flushes, then each file holds its lines in order, and none stays open once closed', async () => {
    const dir = folder();
    const files = new HostStreamFiles(dir);
    const hosts = Array.from({ length: 600 }, (_, h) => `host-${h}`);
    const expected = new Map(hosts.map((host) => [host, '']));
    for (let flush = 0; flush < 4; flush++) {
      // A different order each flush: files kept open and files opened for each append, in turn.
      for (const host of flush % 2 === 0 ? hosts : [...hosts].reverse()) {
        const line = `{"host":"${host}","flush":${flush}}\n`;
        files.append(host, line);
        expected.set(host, expected.get(host)! + line);
      }
      const sizes = await files.flush();
      for (const host of hosts) expect(sizes.get(host)).toBe(Buffer.byteLength(expected.get(host)!));
    }
    expect(openUnder(dir).length).toBe(512);
    await files.close();
    expect(openUnder(dir)).toEqual([]);
    for (const host of hosts) expect(readFileSync(join(dir, streamFileOf(host)), 'utf8')).toBe(expected.get(host));
  });
});
