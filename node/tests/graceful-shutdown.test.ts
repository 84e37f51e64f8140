import { describe, expect, it } from 'vitest';
import { call, type Answer } from '../../test-kit/in-process-node.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

describe('SIGTERM drains the commands in flight (issue 11)', () => {
  const node = serverWithDataDir('netledger-drain-');

  it('answers the creates it accepted, exits 0, and keeps every acknowledged port', async () => {
    let server = await node.start('--log-level', 'info');
    const { url } = server;
    const network = (await call(url, 'POST', '/v2.0/networks', { network: { name: 'drain' } })).body.network.id;
    expect((await call(url, 'POST', '/v2.0/subnets', { subnet: { network_id: network, ip_version: 4, cidr: '10.5.0.0/22' } })).status).toBe(201);

    let firstAnswer!: () => void;
    const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const creates = Array.from({ length: 60 }, () =>
      call(url, 'POST', '/v2.0/ports', { ports: Array.from({ length: 5 }, () => ({ network_id: network })) }).then(
        (answer): Answer | 'no connection' => (firstAnswer(), answer),
        () => 'no connection' as const,
      ),
    );
    await answered;
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    const answers = await Promise.all(creates);
    expect(await exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    expect(server.output()).not.toContain('grace period over');

    // Accepted requests were finished, not cut: a 201, or a 503 for one that arrived while closing.
    const replies = answers.filter((a): a is Answer => a !== 'no connection');
    for (const answer of replies) expect([201, 503]).toContain(answer.status);
    const created = replies.filter((a) => a.status === 201).flatMap((a) => a.body.ports);
    expect(created.length).toBeGreaterThan(0);

    server = await node.restart();
    const listed = await call(server.url, 'GET', `/v2.0/ports?network_id=${network}`);
    expect(listed.body.ports.map((p: any) => p.id).sort()).toEqual(created.map((p: any) => p.id).sort());
    console.log(`graceful shutdown: ${created.length} ports in ${replies.filter((a) => a.status === 201).length} acknowledged bulk creates, ${replies.filter((a) => a.status === 503).length} answered 503 while closing, ${answers.length - replies.length} never connected`);
  });
});
