import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from './embedded/embedded-event-store.js';
import { ImportRefused, importLog } from './log-transfer.js';
import { readAllOf, withDataDir } from '../../test-kit/embedded-fixtures.js';

const metadata = { commandId: 'c', correlationId: 'r', actor: { projectId: 'p', userId: 'u' }, decidedAt: '2026-12-03T00:00:00Z' };
const line = (event: object) => JSON.stringify({ position: 1, stream: 'network-n1', revision: 0, type: 'NetworkDeleted', version: 1, data: { id: 'n1' }, metadata, ...event });

describe('netledger log import', () => {
  it('refuses a file with a line that is not a stored event of ours, naming the line, stream and position, and writes nothing', () =>
    withDataDir(async (dir) => {
      const file = join(dir, 'log.ndjson');
      const cases: [string, RegExp][] = [
        [`${line({})}\n{"position":2,`, /line 2: not JSON/],
        [`${line({})}\n${line({ position: 2, revision: 1, metadata: { ...metadata, decidedAt: 5 } })}`, /line 2: the event at position 2 of stream "network-n1" does not decode: metadata.*decidedAt/],
        [`${line({})}\n${line({ position: 2, revision: 1, type: 'PortMoved' })}`, /line 2: .*position 2 .*no event type "PortMoved"/],
      ];
      for (const [text, refusal] of cases) {
        await writeFile(file, `${text}\n`);
        const target = await EmbeddedEventStore.open(join(dir, 'target'));
        try {
          const importing = importLog(target, file);
          await expect(importing).rejects.toBeInstanceOf(ImportRefused);
          await expect(importing).rejects.toThrow(refusal);
          expect(await readAllOf(target)).toEqual([]);
        } finally {
          await target.close();
        }
      }
    }));
});
