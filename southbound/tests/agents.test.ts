import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../domain/index.js';
import { Agent } from '../agent/index.js';
import { command, HOSTS, setting } from '../../test-kit/random-commands.js';
import { serverOn } from '../../test-kit/server-fixture.js';

type Action =
  | { readonly kind: 'command'; readonly command: Command }
  | { readonly kind: 'disconnect'; readonly agent: number }
  | { readonly kind: 'replace-agent'; readonly agent: number }
  | { readonly kind: 'restart-server' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: command.map((c): Action => ({ kind: 'command', command: c })), weight: 8 },
  { arbitrary: fc.nat(HOSTS.length - 1).map((agent): Action => ({ kind: 'disconnect', agent })), weight: 2 },
  { arbitrary: fc.nat(HOSTS.length - 1).map((agent): Action => ({ kind: 'replace-agent', agent })), weight: 1 },
  { arbitrary: fc.constant<Action>({ kind: 'restart-server' }), weight: 1 },
);

const until = async (condition: () => boolean, what: () => string): Promise<void> => {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never converged: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('reference agents against a real server', () => {
  it('end with the server checksum after random disconnects, agent restarts and server restarts while commands run', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 30, maxLength: 60 }), async (actions) => {
        // A window of 3 diffs: agents that fall behind it must take the snapshot path.
        let server = await serverOn(undefined, { window: 3, heartbeatMs: 50 });
        const { dataDir, port } = server;
        const agentFor = (hostId: string) => new Agent({ hostId, server: server.url, backoff: { initialMs: 10, maxMs: 100 } });
        const agents = HOSTS.map(agentFor);
        try {
          for (const c of setting.slice(0, HOSTS.length)) await server.run(c);
          for (const agent of agents) agent.start();
          for (const c of setting.slice(HOSTS.length)) await server.run(c);
          for (const step of actions) {
            if (step.kind === 'command') await server.attempt(step.command);
            else if (step.kind === 'disconnect') agents[step.agent].disconnect();
            else if (step.kind === 'replace-agent') {
              await agents[step.agent].stop();
              agents[step.agent] = agentFor(HOSTS[step.agent]);
              agents[step.agent].start();
            } else {
              await server.stop();
              server = await serverOn(dataDir, { port, window: 3, heartbeatMs: 50 });
            }
          }
          const current = server;
          await until(
            () => HOSTS.every((h, i) => agents[i].status().seq === current.streams.seqOf(h) && agents[i].status().checksum === current.streams.checksumOf(h)),
            () => JSON.stringify(HOSTS.map((h, i) => ({ h, agent: agents[i].status(), server: current.streams.seqOf(h) }))),
          );
          for (const [i, h] of HOSTS.entries()) expect(agents[i].goalState()).toEqual(current.streams.goalStates.goalState(h));
          // Converged by applying diffs, not by starting over: no agent ever disagreed with the server at equal seq.
          expect(agents.map((agent) => agent.status().resyncs)).toEqual(HOSTS.map(() => 0));
          expect(HOSTS.some((h) => current.streams.seqOf(h) > 3)).toBe(true);
        } finally {
          await Promise.all(agents.map((agent) => agent.stop()));
          await server.stop();
          await server.remove();
        }
      }),
      { numRuns: 3, endOnFailure: true },
    );
  });
});
