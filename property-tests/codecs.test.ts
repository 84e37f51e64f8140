import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DomainEvent, RecordedEvent, type Command, type StoredEvent } from '../domain/index.js';
import { commandsAfterPrologue, PROLOGUE } from './arbitraries/commands.js';
import { parameters } from './settings.js';
import { foldHistory } from './support/fold.js';
import { Ledger } from './support/ledger.js';

describe('property 10: events round-trip through their codecs and the stored bytes', () => {
  it('decodes every decided event to itself, and JSON loses nothing of it', () => {
    fc.assert(
      fc.property(commandsAfterPrologue(80), (generated: Command[]) => {
        foldHistory([...PROLOGUE, ...generated], ({ outcome }) => {
          if (E.isLeft(outcome)) return;
          for (const event of outcome.right) {
            const decoded = DomainEvent.decode(event);
            expect(E.isRight(decoded), `${event.type} decodes`).toBe(true);
            if (E.isRight(decoded)) expect(DomainEvent.encode(decoded.right)).toEqual(event);
            expect(JSON.parse(JSON.stringify(event))).toEqual(event);
          }
        });
      }),
      parameters(400),
    );
  });

  it('reads back from the embedded store, after a restart, exactly the events the engine appended', async () => {
    await fc.assert(
      fc.asyncProperty(commandsAfterPrologue(40), async (generated: Command[]) => {
        const ledger = await Ledger.open();
        try {
          const appended: unknown[] = [];
          for (const command of [...PROLOGUE, ...generated]) {
            const result = await ledger.execute(command);
            if (E.isRight(result)) appended.push(...result.right.events);
          }
          await ledger.reopen();
          const stored: StoredEvent[] = [];
          for await (const event of ledger.store.readAll(0)) stored.push(event);
          for (const event of stored) expect(E.isRight(RecordedEvent.decode(event)), `${event.type} at ${event.position} decodes`).toBe(true);
          expect(stored.map(({ type, version, data }) => ({ type, version, data }))).toEqual(appended);
        } finally {
          await ledger.close();
        }
      }),
      parameters(60),
    );
  });
});
