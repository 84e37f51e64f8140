import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { recordOffsets } from '../../test-kit/embedded-fixtures.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Runs the CLI; resolves with its exit code and output whatever the code. */
const netledger = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'node/cli.ts', ...args], { cwd: root }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

const createNetwork = async (url: string, name: string) =>
  (await fetch(`${url}/v2.0/networks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ network: { name } }) })).status;

describe('netledger log verify and log repair --quarantine', () => {
  const node = serverWithDataDir('netledger-log-cli-');

  it('verify reports a flipped byte with its offset and exits 1; repair quarantines from there; the server opens on what came before', async () => {
    const dir = node.dataDir;
    let server = await node.start();
    for (const name of ['n1', 'n2', 'n3', 'n4', 'n5']) expect(await createNetwork(server.url, name)).toBe(201);
    await node.stop();

    const segment = join(dir, 'segment-000001.log');
    const bytes = await readFile(segment);
    const { starts } = recordOffsets(bytes);
    const n4 = bytes.indexOf('"name":"n4"');
    const damaged = starts.filter((start) => start < n4).at(-1)!; // the record of n4's create
    bytes[n4 + 9] ^= 0x01; // its name now reads n5
    await writeFile(segment, bytes);

    const verify = await netledger('log', 'verify', '--data-dir', dir);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`${segment} at offset ${damaged}: checksum mismatch`);
    expect(verify.stderr).toContain('1 damaged');

    const repair = await netledger('log', 'repair', '--quarantine', '--data-dir', dir);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toContain(`cut at ${segment} at offset ${damaged}`);
    expect(repair.stdout).toContain(`kept in ${join(dir, 'quarantine', `segment-000001.log.from-${damaged}`)}`);
    expect((await netledger('log', 'verify', '--data-dir', dir)).code).toBe(0);

    server = await node.restart();
    const listed = (await (await fetch(`${server.url}/v2.0/networks`)).json()) as { networks: { name: string }[] };
    expect(listed.networks.map((network) => network.name).sort()).toEqual(['n1', 'n2', 'n3']);
  });
});
