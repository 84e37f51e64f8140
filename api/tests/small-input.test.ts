import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startNode, type InProcessNode } from '../../test-kit/in-process-node.js';

/** Issue 18's small input findings. */
let node: InProcessNode;
beforeAll(async () => {
  node = await startNode();
});
afterAll(() => node.close());

describe('small input findings', () => {
  it('refuses a NUL or an unpaired surrogate in any text of a body with 400, naming the attribute, and stores nothing', async () => {
    const before = node.engine.world.position;
    const cases: [string, string, string][] = [
      ['{"network":{"name":"a\\u0000b"}}', 'name', 'it contains a NUL character'],
      ['{"network":{"name":"a\\ud800b"}}', 'name', 'it contains an unpaired surrogate'],
      ['{"network":{"description":"x\\udc00"}}', 'description', 'it contains an unpaired surrogate'],
      ['{"network":{"tags":["ok","t\\u0000"]}}', 'tags', 'it contains a NUL character'],
      ['{"network":{"na\\u0000me":"x"}}', 'body', 'it contains a NUL character'],
    ];
    for (const [body, attribute, reason] of cases) {
      const answer = await call(node.url, 'POST', '/v2.0/networks', body);
      expect([answer.status, answer.body.NeutronError], body).toEqual([400, { type: 'HTTPBadRequest', message: `Invalid input for ${attribute}. Reason: ${reason}.`, detail: '' }]);
    }
    expect(node.engine.world.position).toBe(before);
    // A surrogate pair is one character, and kept.
    const emoji = await call(node.url, 'POST', '/v2.0/networks', '{"network":{"name":"net \\ud83d\\ude80"}}');
    expect([emoji.status, emoji.body.network.name]).toEqual([201, 'net 🚀']);
  });

  it("never writes on an as_of read of security groups; a present one still makes the project's default group", async () => {
    const project = { 'x-project-id': 'fresh-project' };
    const before = node.engine.world.position;
    const past = await call(node.url, 'GET', '/v2.0/security-groups?as_of=1', undefined, project);
    expect(past.status).toBe(200);
    expect(past.body.security_groups).toEqual([]);
    expect(node.engine.world.position).toBe(before);
    const now = await call(node.url, 'GET', '/v2.0/security-groups', undefined, project);
    expect(now.body.security_groups.map((group: { name: string }) => group.name)).toEqual(['default']);
    expect(node.engine.world.position).toBeGreaterThan(before);
  });

  it('answers the as-of goal state of a host the log had not named by then with 404, as the present one', async () => {
    const unknown = await call(node.url, 'GET', `/southbound/v1/hosts/nowhere/goal-state?as_of=${node.engine.world.position}`);
    expect([unknown.status, unknown.body.NeutronError.type]).toEqual([404, 'HostNotFound']);
    expect((await call(node.url, 'GET', '/southbound/v1/hosts/nowhere/goal-state')).status).toBe(404);
    expect((await call(node.url, 'GET', '/southbound/v1/hosts/nowhere/goal-state/diff?from=0&to=1')).status).toBe(404);
    const registered = await call(node.url, 'POST', '/v1/hosts', { host: { id: 'later', tunnel_ip: '192.0.2.9', mac: '02:00:00:00:00:09' } });
    const at = Number(registered.headers.get('x-netledger-position'));
    expect((await call(node.url, 'GET', `/southbound/v1/hosts/later/goal-state?as_of=${at - 1}`)).status).toBe(404);
    const then = await call(node.url, 'GET', `/southbound/v1/hosts/later/goal-state?as_of=${at}`);
    expect([then.status, then.body.hostId]).toEqual([200, 'later']);
  });
});
