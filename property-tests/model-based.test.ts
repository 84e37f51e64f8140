import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/index.js';
import { anyCommand, PROLOGUE } from './arbitraries/commands.js';
import { NeutronModel } from './model/neutron.js';
import { observe } from './model/observe.js';
import { parameters } from './settings.js';
import { Ledger, outcomeOf } from './support/ledger.js';
import { addInterface, createPort, ensureDefaultSecurityGroup } from '../test-kit/commands.js';

/** One command, sent to the engine and to the model: same answer, then same visible state. */
class Step implements fc.AsyncCommand<NeutronModel, Ledger> {
  constructor(readonly command: Command) {}

  check = (): boolean => true;

  async run(model: NeutronModel, ledger: Ledger): Promise<void> {
    const expected = model.apply(this.command);
    const answered = outcomeOf(await ledger.execute(this.command));
    expect(answered, `answer to ${this.toString()}`).toBe(expected);
    expect(observe(ledger.engine.world), `state after ${this.toString()}`).toEqual(model.view());
  }

  toString = (): string => JSON.stringify(this.command);
}

const steps = fc.commands([anyCommand.map((command) => new Step(command))], { maxCommands: 60, size: '+1' });

/** Counterexamples found once, replayed before every random run. */
const regressions: [Iterable<fc.AsyncCommand<NeutronModel, Ledger>>][] = [
  // The default group took the id of an existing group and overwrote it.
  [[new Step(ensureDefaultSecurityGroup('p', 'g1'))]],
  // A router interface port took the id of an existing port and overwrote it.
  [[new Step(createPort('p1', 'n1')), new Step(addInterface('rt1', { subnet_id: 's1' }, 'p1'))]],
];

describe('property 1: the engine behaves as the reference model of Neutron', () => {
  it('answers every command as the model does and shows the same topology after it', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (commands) => {
        const ledger = await Ledger.open();
        try {
          await fc.asyncModelRun(() => ({ model: new NeutronModel(), real: ledger }), [...PROLOGUE.map((command) => new Step(command)), ...commands]);
        } finally {
          await ledger.close();
        }
      }),
      parameters(150, regressions),
    );
  });
});
