// Idempotency-Key on PostgreSQL: a retry on the other node gets the first answer (the key is in
// the log both read), and a COMMIT whose connection broke is answered from the log, not with an
// unknown outcome. Needs NETLEDGER_PG_URL; fails without it under CI=true.
import { afterAll, describe, expect, it } from 'vitest';
import { POSITION_HEADER } from '../../api/plugins/log-position.js';
import { call } from '../../test-kit/in-process-node.js';
import { PostgresLink } from '../../test-kit/postgres-link.js';
import { until } from '../../test-kit/until.js';
import { databaseOfItsOwn, skipWithoutPostgres } from '../../test-kit/postgres-database.js';
import { serverWithDataDir, type ServerWithDataDir } from '../../test-kit/server-with-data-dir.js';

describe.skipIf(skipWithoutPostgres)('Idempotency-Key on PostgreSQL', () => {
  // A database of its own, so this file runs beside the other PostgreSQL tests.
  const database = databaseOfItsOwn('idempotency');
  let link: PostgresLink | undefined;

  const serve = async (node: ServerWithDataDir, pgUrlOfNode: string) => (await node.start('--store', 'postgres', '--pg-url', pgUrlOfNode)).url;
  const named = async (node: string, name: string) => (await call(node, 'GET', `/v2.0/networks?name=${name}`)).body.networks;

  afterAll(async () => {
    await link?.close();
  });
  // Declared after the database and the link, so the nodes stop first and the database is dropped last (hooks run as a stack).
  const pairNodes = [serverWithDataDir('netledger-node-'), serverWithDataDir('netledger-node-')];
  const linkedNode = serverWithDataDir('netledger-node-');

  // Two nodes on the database, started once for the tests that need a pair.
  let pair: Promise<string[]> | undefined;
  const twoNodes = () => (pair ??= Promise.all(pairNodes.map((node) => serve(node, database.url))));

  it('answers a retry on the other node with the first answer, creating once', async () => {
    const [a, b] = await twoNodes();
    const first = await call(a, 'POST', '/v2.0/networks', { network: { name: 'once' } }, { 'idempotency-key': 'k-two-nodes' });
    expect(first.status).toBe(201);
    // At once, with no min_position: the retry's node reads the log up to its head before it looks the key up.
    const retry = await call(b, 'POST', '/v2.0/networks', { network: { name: 'once' } }, { 'idempotency-key': 'k-two-nodes' });
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(retry.body).toEqual(first.body);
    expect(await named(b, 'once')).toHaveLength(1);
    expect(await named(a, 'once')).toHaveLength(1);
  });

  it('creates once when both nodes get the same key at the same moment, and both answer with it', async () => {
    const [a, b] = await twoNodes();
    for (let round = 0; round < 25; round++) {
      const name = `raced-${round}`;
      // Both first attempts miss the key's index; the key's own stream lets only one of them write.
      const answers = await Promise.all([a, b].map((node) => call(node, 'POST', '/v2.0/networks', { network: { name } }, { 'idempotency-key': `k-raced-${round}` })));
      expect(answers.map((answer) => answer.status), JSON.stringify(answers.map((answer) => answer.body))).toEqual([201, 201]);
      expect(answers[1].body.network.id).toBe(answers[0].body.network.id);
      expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true'), `round ${round}`).toHaveLength(1);
      const after = Math.max(...answers.map((answer) => Number(answer.headers.get(POSITION_HEADER))));
      for (const node of [a, b]) expect(await named(node, `${name}&min_position=${after}`), `round ${round}`).toHaveLength(1);
    }
    // The key of a round goes on answering the same, wherever it is retried.
    const retried = await call(b, 'POST', '/v2.0/networks', { network: { name: 'raced-0' } }, { 'idempotency-key': 'k-raced-0' });
    expect([retried.status, retried.headers.get('idempotent-replayed'), retried.body.network.name]).toEqual([201, 'true', 'raced-0']);
  });

  it('answers a create whose COMMIT lost its connection from the log: 201 when it was made, an honest 503 when not', async () => {
    link = await PostgresLink.open(database.url);
    const node = await serve(linkedNode, link.url);

    // Committed, the answer lost: with a key, the log says it was made.
    const cut = link.cutNextCommit('after-commit');
    const made = await call(node, 'POST', '/v2.0/networks', { network: { name: 'in-doubt' } }, { 'idempotency-key': 'k-doubt' });
    await cut;
    expect([made.status, made.body.network?.name]).toEqual([201, 'in-doubt']);
    expect(await named(node, 'in-doubt')).toEqual([made.body.network]);
    const retried = await call(node, 'POST', '/v2.0/networks', { network: { name: 'in-doubt' } }, { 'idempotency-key': 'k-doubt' });
    expect([retried.status, retried.body.network.id]).toEqual([201, made.body.network.id]);

    // Not committed: with a key, the log says it was not made, and the retry makes it.
    const lost = link.cutNextCommit('before-commit');
    const notMade = await call(node, 'POST', '/v2.0/networks', { network: { name: 'lost' } }, { 'idempotency-key': 'k-lost' });
    await lost;
    expect(notMade.status).toBe(503);
    expect(notMade.body.NeutronError.message).toMatch(/was not made/);
    expect(await named(node, 'lost')).toEqual([]);
    const again = await call(node, 'POST', '/v2.0/networks', { network: { name: 'lost' } }, { 'idempotency-key': 'k-lost' });
    expect(again.status).toBe(201);
    expect(await named(node, 'lost')).toHaveLength(1);

    // Without a key the node cannot tell: 503, saying the outcome is unknown (here it was made).
    const blind = link.cutNextCommit('after-commit');
    const unknown = await call(node, 'POST', '/v2.0/networks', { network: { name: 'blind' } });
    await blind;
    expect(unknown.status).toBe(503);
    expect(unknown.body.NeutronError.message).toMatch(/outcome of this write is unknown/);
    await until(async () => (await named(node, 'blind')).length === 1);
  });
});
