import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';
import { parseTokens } from '../tokens-file.js';

/** Isolation beyond the Neutron routes: past reads, the audit API, and the southbound. */
let node: InProcessNode;
const TOKENS = {
  'token-alice': { project_id: 'alice', user_id: 'alice-user', roles: ['member'] },
  'token-bob': { project_id: 'bob', user_id: 'bob-user', roles: ['member'] },
  'token-root': { project_id: 'ops', user_id: 'root', roles: ['admin'] },
  'token-agent-1': { project_id: 'ops', user_id: 'agent-compute-1', roles: [], host_id: 'compute-1' },
};
const as = (token: string) => (method: string, path: string, body?: unknown) => call(node.url, method, path, body, { 'x-auth-token': token });
const alice = as('token-alice');
const bob = as('token-bob');
const root = as('token-root');
const agent = as('token-agent-1');

let network = '';
let position = 0;
beforeAll(async () => {
  const tokens = parseTokens(JSON.stringify(TOKENS));
  if (E.isLeft(tokens)) throw new Error(tokens.left);
  node = await startNode({}, { mode: 'tokens', tokens: tokens.right });
  for (const id of ['compute-1', 'compute-2'])
    await root('POST', '/v1/hosts', { host: { id, name: id, tunnel_ip: `192.0.2.${id.at(-1)}`, mac: `02:00:00:00:00:0${id.at(-1)}` } });
  const created = await alice('POST', '/v2.0/networks', { network: { name: 'alice-net' } });
  network = created.body.network.id;
  position = Number(created.headers.get('x-netledger-position'));
  await alice('PUT', `/v2.0/networks/${network}`, { network: { name: 'renamed' } });
});
afterAll(() => node.close());

describe('tenant isolation in tokens mode', () => {
  it("hides another project's resources in the past too (as_of show and list)", async () => {
    expect((await alice('GET', `/v2.0/networks/${network}?as_of=${position}`)).body.network.name).toBe('alice-net');
    expect((await bob('GET', `/v2.0/networks/${network}?as_of=${position}`)).status).toBe(404);
    expect((await bob('GET', `/v2.0/networks?as_of=${position}`)).body.networks).toEqual([]);
  });

  it('shows a project only the audit of what was done in its name', async () => {
    const mine = await alice('GET', '/v1/audit/events?resource_type=network');
    expect(mine.body.events.map((e: { type: string }) => e.type)).toEqual(['NetworkUpdated', 'NetworkCreated', 'SegmentationIdReserved']);
    expect((await bob('GET', '/v1/audit/events?resource_type=network')).body.events).toEqual([]);
    expect((await bob('GET', '/v1/audit/events?project=alice')).body.events).toEqual([]);
    expect((await bob('GET', `/v1/audit/resources/network/${network}/history`)).status).toBe(404);
    expect((await root('GET', `/v1/audit/resources/network/${network}/history`)).body.history).toHaveLength(3);
  });

  it("lets a host's agent read its own goal state only, and no project read any", async () => {
    expect((await agent('GET', '/southbound/v1/hosts/compute-1/goal-state')).status).toBe(200);
    expect((await agent('GET', '/southbound/v1/hosts/compute-2/goal-state')).status).toBe(404);
    expect((await agent('GET', `/southbound/v1/hosts/compute-2/goal-state?as_of=${position}`)).status).toBe(404);
    expect((await alice('GET', '/southbound/v1/hosts/compute-1/goal-state')).status).toBe(404);
    expect((await alice('GET', '/southbound/v1/hosts/compute-1/goal-state/diff?from=0&to=5')).status).toBe(404);
    expect((await alice('GET', '/southbound/v1/digests')).status).toBe(403);
    expect((await agent('GET', '/v2.0/networks')).status).toBe(403);
    expect((await root('GET', '/southbound/v1/hosts/compute-2/goal-state')).status).toBe(200);
  });
});
