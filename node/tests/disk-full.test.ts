import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../../test-kit/in-process-node.js';
import { startServer, stopGracefully, type ServerProcess } from '../../test-kit/server-process.js';
import { until } from '../../test-kit/until.js';

/**
 * The log's directory fills up under a running server: writes get 503 with Retry-After and a
 * log line naming the cause, reads go on, and once space is back writes resume with everything
 * acknowledged still there after a restart. A small tmpfs makes the disk full for real; mounting
 * one needs root, so elsewhere the test is skipped, except in CI where it must run.
 */
const root = process.getuid?.() === 0;
if (!root && process.env.CI) throw new Error('the disk-full test needs root (to mount a tmpfs) in CI');
if (!root) console.warn('disk-full test skipped: mounting a tmpfs needs root');

const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });

describe.skipIf(!root)('a full disk under the log (issue 11)', () => {
  let mountPoint = '';
  let mounted = false;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server) await stopGracefully(server);
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
    if (mountPoint) await rm(mountPoint, { recursive: true, force: true });
  });

  it('refuses writes with 503 while full, keeps reads, resumes when space is back, and loses nothing acknowledged', async () => {
    mountPoint = await mkdtemp(join(tmpdir(), 'netledger-full-'));
    mount('-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint);
    mounted = true;
    const dataDir = join(mountPoint, 'data');
    await mkdir(dataDir);
    server = await startServer(['--data-dir', dataDir, '--log-level', 'info', '--pagination-max-limit', '0']);
    const url = server.url;

    const network = await call(url, 'POST', '/v2.0/networks', { network: { name: 'full' } });
    expect(network.status).toBe(201);
    const networkId = network.body.network.id;
    expect((await call(url, 'POST', '/v2.0/subnets', { subnet: { network_id: networkId, ip_version: 4, cidr: '10.64.0.0/16' } })).status).toBe(201);

    // Bulk creates of ports with long descriptions until the disk refuses one.
    const acknowledged = new Map<string, any>();
    let refusal: Awaited<ReturnType<typeof call>> | undefined;
    for (let batch = 0; batch < 500 && !refusal; batch++) {
      const ports = Array.from({ length: 20 }, (_, i) => ({ network_id: networkId, name: `fill-${batch}-${i}`, description: 'x'.repeat(255) }));
      const answer = await call(url, 'POST', '/v2.0/ports', { ports });
      if (answer.status === 201) for (const port of answer.body.ports) acknowledged.set(port.id, port);
      else refusal = answer;
    }
    expect(refusal, 'the 2 MiB disk never filled').toBeDefined();
    expect(refusal!.status).toBe(503);
    expect(refusal!.headers.get('retry-after')).toBe('1');
    expect(refusal!.body.NeutronError.type).toBe('ServiceUnavailable');
    expect(refusal!.body.NeutronError.message).toMatch(/ENOSPC/);
    // The warning is written by the server's logger, which may flush it after the answer left.
    const warned = /"level":40.*ENOSPC|ENOSPC.*"level":40/;
    await until(() => warned.test(server!.output()), 5_000).catch(() => undefined);
    expect(server.output()).toMatch(warned);

    // The refused batch may have left room for a few small ports (how much depends on how the
    // files of the data dir fell into pages): fill it until a single port is refused as well.
    const single = (n: number) => call(url, 'POST', '/v2.0/ports', { port: { network_id: networkId, name: `fill-single-${n}` } });
    let last = await single(0);
    for (let n = 1; last.status === 201 && n < 100; n++) {
      acknowledged.set(last.body.port.id, last.body.port);
      last = await single(n);
    }
    expect(last.status).toBe(503);

    // Still full: a small write is refused again, and reads go on.
    const whileFull = await call(url, 'POST', '/v2.0/ports', { port: { network_id: networkId, name: 'while-full' } });
    expect(whileFull.status).toBe(503);
    const listed = await call(url, 'GET', `/v2.0/ports?network_id=${networkId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.ports).toHaveLength(acknowledged.size);
    expect((await call(url, 'GET', '/readyz')).status).toBe(200);

    // Space comes back: writes resume without a restart.
    mount('-o', 'remount,size=16m', mountPoint);
    const after = await call(url, 'POST', '/v2.0/ports', { port: { network_id: networkId, name: 'after' } });
    expect(after.status).toBe(201);
    acknowledged.set(after.body.port.id, after.body.port);

    // Reopened, the log holds every acknowledged port and nothing refused, with no corrupt record.
    await stopGracefully(server);
    server = await startServer(['--data-dir', dataDir, '--log-level', 'info', '--pagination-max-limit', '0']);
    const reread = await call(server.url, 'GET', `/v2.0/ports?network_id=${networkId}`);
    expect(reread.status).toBe(200);
    expect(reread.body.ports.map((p: any) => p.id).sort()).toEqual([...acknowledged.keys()].sort());
    for (const port of reread.body.ports) expect(port.fixed_ips).toEqual(acknowledged.get(port.id).fixed_ips);
    expect(reread.body.ports.some((p: any) => p.name === 'while-full')).toBe(false);
    console.log(`disk full: ${acknowledged.size} ports acknowledged (the last one after the remount) and all found again after a restart`);
  });
});
