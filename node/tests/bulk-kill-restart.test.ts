// Bulk creates under Idempotency-Keys in flight when the server is killed with SIGKILL: after
// the restart each bulk is wholly in the log or not at all, and its retry answers the first
// answer, or creates it all when it was never written.
import { describe, expect, it } from 'vitest';
import { call } from '../../test-kit/in-process-node.js';
import { serverWithDataDir } from '../../test-kit/server-with-data-dir.js';

const ROUNDS = 4;
const BULKS = 6;
const ITEMS = 3;

type Answer = { status: number; body: any } | undefined;

describe('bulk creates across kill -9', () => {
  const node = serverWithDataDir('netledger-bulk-kill-');

  it('leaves every bulk wholly present or wholly absent, and its retry answers the first answer', async () => {
    let server = await node.start();
    const groups: string[] = [];
    for (const name of ['g', 'h']) groups.push((await call(server.url, 'POST', '/v2.0/security-groups', { security_group: { name } })).body.security_group.id);

    // Bulk i of a round: routers named `r<round>-<i>-<j>`, or rules on both groups with ports that name them.
    const routers = (round: number, i: number) => ({ routers: Array.from({ length: ITEMS }, (_, j) => ({ name: `r${round}-${i}-${j}` })) });
    const rules = (round: number, i: number) => ({
      security_group_rules: Array.from({ length: ITEMS }, (_, j) => {
        const port = 1000 + round * 100 + i * ITEMS + j;
        return { security_group_id: groups[j % 2], direction: 'ingress', protocol: 'tcp', port_range_min: port, port_range_max: port };
      }),
    });
    const bulkOf = (round: number, i: number) => (i % 2 === 0 ? { path: '/v2.0/routers', body: routers(round, i) } : { path: '/v2.0/security-group-rules', body: rules(round, i) });
    /** The ids the world holds of bulk i's items, in its bodies' order (undefined: not there). */
    const presentIds = async (round: number, i: number): Promise<(string | undefined)[]> => {
      if (i % 2 === 0) {
        const listed: any[] = (await call(server.url, 'GET', '/v2.0/routers')).body.routers;
        return routers(round, i).routers.map(({ name }) => listed.find((r) => r.name === name)?.id);
      }
      const listed: any[] = (await call(server.url, 'GET', '/v2.0/security-group-rules')).body.security_group_rules;
      return rules(round, i).security_group_rules.map(({ port_range_min }) => listed.find((r) => r.port_range_min === port_range_min)?.id);
    };
    const idsOf = (answer: { body: any }, path: string): string[] => answer.body[path.endsWith('routers') ? 'routers' : 'security_group_rules'].map((item: { id: string }) => item.id);

    let wholesPresent = 0;
    let wholesAbsent = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const key = (i: number) => ({ 'idempotency-key': `round-${round}-bulk-${i}` });
      const first: Answer[] = Array.from({ length: BULKS });
      const inFlight = Array.from({ length: BULKS }, (_, i) => {
        const { path, body } = bulkOf(round, i);
        return call(server.url, 'POST', path, body, key(i)).then(
          (answer) => void (first[i] = answer),
          () => undefined, // the connection died with the server
        );
      });
      // Killed at a different moment of the bulks' way each round: before, while and after they are written.
      await new Promise((resolve) => setTimeout(resolve, [5, 40, 120, 300][round]));
      await node.kill();
      await Promise.all(inFlight);
      server = await node.restart();

      for (let i = 0; i < BULKS; i++) {
        const { path, body } = bulkOf(round, i);
        const present = await presentIds(round, i);
        const whole = present.every((id) => id !== undefined);
        expect(whole || present.every((id) => id === undefined), `bulk ${i} of round ${round} is half there: ${JSON.stringify(present)}`).toBe(true);
        if (first[i]?.status === 201) expect(present).toEqual(idsOf(first[i]!, path));
        const retry = await call(server.url, 'POST', path, body, key(i));
        expect(retry.status).toBe(201);
        expect(retry.headers.get('idempotent-replayed')).toBe(whole ? 'true' : null);
        if (whole) {
          wholesPresent++;
          expect(idsOf(retry, path)).toEqual(present);
          if (first[i]?.status === 201) expect(retry.body).toEqual(first[i]!.body);
        } else {
          wholesAbsent++;
          expect(await presentIds(round, i)).toEqual(idsOf(retry, path));
        }
      }
    }
    // Both outcomes were seen, or the kills missed the writes altogether.
    expect([wholesPresent > 0, wholesAbsent > 0]).toEqual([true, true]);
  }, 120_000);
});
