import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Command, DomainEvent } from '../domain/index.js';
import { createNetwork, createPort, createSubnet, portRequest } from '../test-kit/commands.js';
import { observe } from './model/observe.js';
import { parameters } from './settings.js';
import { Ledger, outcomeOf } from './support/ledger.js';
import { serialOrderMatching } from './support/serial-order.js';
import { expectUniqueAddresses } from './support/unique-addresses.js';

/** A network with a small pool, two ports on it, and a second, empty subnet that a delete can race for. */
const SETUP: Command[] = [
  createNetwork('n1'),
  createSubnet('s1', 'n1', '10.0.0.0/29'),
  createSubnet('s3', 'n1', '10.0.1.0/30'),
  createPort('old1', 'n1', { mac_entropy: '100' }),
  createPort('old2', 'n1', { mac_entropy: '101' }),
];

const portId = fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5');
const entropy = fc.constantFrom('1', '2');
const racing: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(portId, entropy).map(([id, mac_entropy]) => createPort(id, 'n1', { mac_entropy })) },
  { weight: 2, arbitrary: fc.tuple(portId, entropy).map(([id, mac_entropy]) => createPort(id, 'n1', { mac_entropy, fixed_ips: [{ subnet_id: 's3' }] })) },
  fc.tuple(portId, fc.constantFrom('10.0.0.2', '10.0.0.6', '10.0.1.1')).map(([id, ip]) => createPort(id, 'n1', { fixed_ips: [{ ip_address: ip }] })),
  fc.tuple(portId, portId).map(([a, b]): Command => ({ type: 'CreatePorts', ports: [portRequest(a, 'n1', { mac_entropy: '7' }), portRequest(`${b}-bulk`, 'n1', { mac_entropy: '7' })] })),
  fc.constantFrom<Command>({ type: 'DeletePort', id: 'old1' }, { type: 'DeleteSubnet', id: 's3' }, { type: 'DeleteSubnet', id: 's1' }),
  fc.constantFrom(createSubnet('s4', 'n1', '10.0.1.0/30'), createNetwork('n2'), createNetwork('n3', { segmentation_id: 2 })),
);

describe('property 8: concurrent commands', () => {
  it('end as some serial order of them would, lose no acknowledged change and give no address twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(racing, { minLength: 2, maxLength: 6 }), async (batch) => {
        const ledger = await Ledger.open();
        try {
          for (const command of SETUP) expect(outcomeOf(await ledger.execute(command))).toBe('ok');
          const results = await Promise.all(batch.map((command) => ledger.execute(command)));
          const outcomes = results.map(outcomeOf);
          const seen = observe(ledger.engine.world);
          expect(serialOrderMatching(SETUP, batch, outcomes, seen), `no serial order of ${JSON.stringify(batch)} answers ${outcomes}`).toBeDefined();
          expectUniqueAddresses(ledger.engine.world);

          const acknowledged = results.flatMap((r): DomainEvent[] => (E.isRight(r) ? [...r.right.events] : []));
          await ledger.reopen();
          expect(observe(ledger.engine.world)).toEqual(seen);
          for (const event of acknowledged)
            if (event.type === 'PortCreated') {
              const port = ledger.engine.world.networks.get('n1')?.ports.get(event.data.port.id);
              // No racing command deletes a port the batch creates: every acknowledged one must be there.
              expect(port && { ips: port.fixed_ips, mac: port.mac_address }, `acknowledged port ${event.data.port.id}`).toEqual({ ips: event.data.port.fixed_ips, mac: event.data.port.mac_address });
            }
        } finally {
          await ledger.close();
        }
      }),
      parameters(150),
    );
  });
});
