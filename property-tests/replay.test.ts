import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/index.js';
import { commandsAfterPrologue, PROLOGUE } from './arbitraries/commands.js';
import { parameters } from './settings.js';
import { Ledger } from './support/ledger.js';
import { snapshot } from './support/snapshot.js';

describe('property 2: replaying the log gives the live world back', () => {
  it('folds a fresh engine on the same store into a world deep-equal to the live one', async () => {
    await fc.assert(
      fc.asyncProperty(commandsAfterPrologue(60), async (generated: Command[]) => {
        const ledger = await Ledger.open();
        try {
          for (const command of [...PROLOGUE, ...generated]) await ledger.execute(command);
          const live = snapshot(ledger.engine.world);
          await ledger.reopen();
          expect(snapshot(ledger.engine.world)).toEqual(live);
        } finally {
          await ledger.close();
        }
      }),
      parameters(100),
    );
  });
});
