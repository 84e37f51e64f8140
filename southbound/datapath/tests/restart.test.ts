import { describe, expect, it } from 'vitest';
import { inNetns, sh } from '../../../test-kit/lab.js';
import { eventually, kernelTestsRun, pings } from '../../../test-kit/lab-cloud.js';
import { labCloudFor } from '../../../test-kit/lab-cloud-fixture.js';
import { NFT_TABLE, OWNED_PREFIX, portChain, vxlanOf } from '../names.js';

/** The handles of a table, its chains and their rules, and its sets and maps, by name: what a rebuild would change. */
const handles = async (netns: string): Promise<Map<string, number>> => {
  const found = new Map<string, number>();
  for (const family of ['bridge', 'inet']) {
    const listing = JSON.parse(await inNetns(netns, 'nft', '-j', 'list', 'table', family, NFT_TABLE)) as { nftables: Record<string, { name?: string; chain?: string; handle?: number }>[] };
    for (const item of listing.nftables)
      for (const [kind, body] of Object.entries(item))
        if (body.handle !== undefined) found.set(`${family} ${kind} ${body.chain ?? ''} ${body.name ?? ''} ${kind === 'rule' ? body.handle : ''}`, body.handle);
  }
  return found;
};

const runs = await kernelTestsRun();

describe.skipIf(!runs)('the Linux datapath across an agent restart (issue 21, case 7)', () => {
  const cloud = labCloudFor({ hosts: 2, cidr: '10.2.0.0/24' });

  it('kill -9 during a ping, change the goal state, restart: no packet lost, the change in the kernel, the stale gone, checksums equal', { timeout: 120_000 }, async () => {
    const { client, hosts, network } = cloud;
    const a = await cloud.port(1);
    const b = await cloud.port(2);
    const leaving = await cloud.port(2);
    await eventually('a pings b and the port that will leave', async () => (await pings(a.vm, b.ip)) && (await pings(a.vm, leaving.ip)));

    // One ping every 20 ms, from before the kill until the restarted agent has caught up.
    const ping = cloud.lab.spawnIn(a.vm.netns, 'ping', ['-i', '0.02', '-W', '1', b.ip]);
    let pingOutput = '';
    ping.stdout!.on('data', (chunk: Buffer) => (pingOutput += chunk.toString()));
    const pingDone = new Promise((resolve) => ping.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // a's chains on h1 (and the tables and their maps) are not written again by the restarted agent: same handles.
    const before = [...(await handles(hosts[0].netns))].filter(([key]) => !key.includes(' set ') && (!/ rule | chain /.test(key) || key.includes(portChain(a.id))));
    expect(before.filter(([key]) => key.includes(portChain(a.id))).length).toBeGreaterThanOrEqual(8);
    cloud.agents[0].kill();
    const arriving = await cloud.port(2);
    expect((await client.del(`/v2.0/ports/${leaving.id}`)).status).toBe(204);
    // Something of the agent's own that no goal state wants (a device under its prefix).
    const stale = `${OWNED_PREFIX}bstale00000`;
    await sh('ip', '-n', hosts[0].netns, 'link', 'add', stale, 'type', 'bridge');
    const restarted = cloud.agent(0);

    const neighbors = () => inNetns(hosts[0].netns, 'ip', 'neigh', 'show', 'dev', vxlanOf(network));
    await eventually('the new port is a neighbor on h1', async () => (await neighbors()).includes(`${arriving.ip} `));
    await eventually('the deleted port is gone from h1', async () => !(await neighbors()).includes(`${leaving.ip} `));
    await eventually('the stale device is removed', async () => !(await sh('ip', '-n', hosts[0].netns, 'link', 'show')).includes(stale));
    await eventually('a pings the new port', () => pings(a.vm, arriving.ip));
    const expected = (await client.get('/southbound/v1/hosts/h1/goal-state')).body as { seq: number; checksum: string };
    await eventually('h1 reports the server\'s checksum', () => restarted.status()?.seq === expected.seq && restarted.status()?.checksum === expected.checksum);
    const after = await handles(hosts[0].netns);
    expect(before.filter(([key, handle]) => after.get(key) !== handle)).toEqual([]);

    // On a machine with little load the restart can take less than the 2 s of pings the count below asks for.
    await eventually('over 100 pings sent', () => (pingOutput.match(/icmp_seq=/g) ?? []).length > 100);
    ping.kill('SIGINT');
    await pingDone;
    const [, sent, received] = /(\d+) packets transmitted, (\d+) received/.exec(pingOutput)!;
    expect(Number(sent)).toBeGreaterThan(100);
    expect(Number(received)).toBe(Number(sent));
  });
});
