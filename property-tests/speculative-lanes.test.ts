import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/index.js';
import type { CommandError, Executed } from '../engine/index.js';
import { bulk, createNetwork, createPort, createSubnet, portRequest } from '../test-kit/commands.js';
import { refusingStore, type AppendFate } from '../test-kit/refusing-store.js';
import { observe } from './model/observe.js';
import { parameters } from './settings.js';
import { Ledger, outcomeOf } from './support/ledger.js';

const NETWORKS = ['n1', 'n2', 'n3'] as const;

/** Three networks with small pools (5 addresses each, and a second /30 in n1) and one port each to update or delete. */
const SETUP: Command[] = [
  ...NETWORKS.flatMap((n, i) => [createNetwork(n), createSubnet(`${n}-s`, n, `10.0.${i}.0/29`), createPort(`${n}-old`, n, { mac_entropy: '100' })]),
  createSubnet('n1-s2', 'n1', '10.0.9.0/30'),
];

const network = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, fc.constantFrom(1, 2));
const address = (n: number) => fc.integer({ min: 1, max: 6 }).map((last) => `10.0.${n}.${last}`);
// Port ids name their network: commands of different networks commute, so any interleaving of
// their lanes is the serial order.
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(network, fc.integer({ min: 1, max: 6 }), fc.constantFrom('1', '2')).map(([n, k, mac_entropy]) => createPort(`${NETWORKS[n]}-p${k}`, NETWORKS[n], { mac_entropy })) },
  { weight: 2, arbitrary: network.chain((n) => fc.tuple(fc.integer({ min: 1, max: 6 }), address(n)).map(([k, ip]) => createPort(`${NETWORKS[n]}-p${k}`, NETWORKS[n], { fixed_ips: [{ ip_address: ip }] }))) },
  fc.integer({ min: 1, max: 3 }).map((k) => createPort(`n1-p${k}`, 'n1', { fixed_ips: [{ subnet_id: 'n1-s2' }] })),
  fc.integer({ min: 1, max: 3 }).map((k): Command => ({ type: 'CreatePorts', ports: [portRequest(`n1-bulk${k}`, 'n1', { mac_entropy: '7' }), portRequest(`n2-bulk${k}`, 'n2', { mac_entropy: '7' })] })),
  // A bulk of port creates over two networks, two in n1: decided in turn, one append.
  fc.integer({ min: 1, max: 3 }).map((k) => bulk(createPort(`n1-turn${k}`, 'n1', { mac_entropy: '8' }), createPort(`n2-turn${k}`, 'n2', { mac_entropy: '8' }), createPort(`n1-turn${k}b`, 'n1', { mac_entropy: '9' }))),
  network.chain((n) => address(n).map((ip): Command => ({ type: 'UpdatePort', id: `${NETWORKS[n]}-old`, changes: { fixed_ips: [{ ip_address: ip }] } }))),
  network.map((n): Command => ({ type: 'DeletePort', id: `${NETWORKS[n]}-old` })),
  fc.constant<Command>({ type: 'DeleteSubnet', id: 'n1-s2' }),
);

const fate = fc.constantFrom<AppendFate>('ok', 'ok', 'ok', 'conflict', 'unavailable');

/** What a client learns of a command: its outcome, and for a change the events it made (the addresses and MACs chosen). */
const answer = (result: E.Either<CommandError, Executed>) => (E.isRight(result) ? { ok: result.right.events } : outcomeOf(result));

/** Each stream's events as the log holds them (their types and data). */
const streams = async (ledger: Ledger): Promise<Record<string, unknown[]>> => {
  const byStream: Record<string, unknown[]> = {};
  for await (const event of ledger.store.readAll(0)) (byStream[event.stream] ??= []).push({ type: event.type, data: event.data });
  return byStream;
};

const serially = async (commands: readonly Command[]) => {
  const ledger = await Ledger.open();
  try {
    const answers = [];
    for (const c of [...SETUP, ...commands]) answers.push(answer(await ledger.execute(c)));
    return { answers: answers.slice(SETUP.length), streams: await streams(ledger), seen: observe(ledger.engine.world) };
  } finally {
    await ledger.close();
  }
};

describe('speculative lanes', () => {
  it('decide commands sent together as a serial run does, and after refused appends as a serial run of the commands that went through', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(command, fc.integer({ min: 0, max: 2 })), { minLength: 2, maxLength: 12 }),
        fc.oneof(fc.constant<AppendFate[]>([]), fc.array(fate, { maxLength: 10 })),
        async (sent, fates) => {
          const commands = sent.map(([c]) => c);
          let refusals = { refused: () => 0 };
          let accepting = true;
          const ledger = await Ledger.open((store) => {
            const refusing = refusingStore(store, fates);
            refusals = refusing;
            // The setup goes through untouched: refusals start with the commands sent together.
            return Object.assign(Object.create(refusing.store) as typeof store, { appendToStreams: (parts: Parameters<typeof store.appendToStreams>[0]) => (accepting ? store : refusing.store).appendToStreams(parts) });
          });
          try {
            for (const c of SETUP) expect(outcomeOf(await ledger.execute(c))).toBe('ok');
            accepting = false;
            // Sent without waiting for one another, a few ticks apart: some are decided while
            // the appends before them are on their way to disk, some join an append in flight.
            const pending = [];
            for (const [c, gap] of sent) {
              pending.push(ledger.execute(c));
              for (let i = 0; i < gap; i++) await new Promise((resolve) => setImmediate(resolve));
            }
            const answers = (await Promise.all(pending)).map(answer);
            if (refusals.refused() === 0) expect(answers).not.toContain('StoreUnavailable');
            const through = commands.filter((_, i) => answers[i] !== 'StoreUnavailable');
            const serial = await serially(through);
            expect(answers.filter((a) => a !== 'StoreUnavailable')).toEqual(serial.answers);
            expect(await streams(ledger)).toEqual(serial.streams);
            const seen = observe(ledger.engine.world);
            expect(seen).toEqual(serial.seen);
            await ledger.reopen();
            expect(observe(ledger.engine.world)).toEqual(seen);
          } finally {
            await ledger.close();
          }
        },
      ),
      parameters(60),
    );
  });
});
