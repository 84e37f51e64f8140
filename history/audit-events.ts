import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent } from '../domain/index.js';
import type { AuditFilter, AuditIndex } from '../projections/index.js';
import { unavailable, type Refusal } from './as-of.js';
import { eventsAt } from './log-reads.js';
import type { ResourceHistory } from './resource-history.js';

/** How many audit events are fetched from the log at a time. */
const READ_BATCH = 512;

/** A filter of the audit API: the index's, narrowed by command and correlation id. */
export type AuditEventFilter = AuditFilter & { commandId?: string; correlationId?: string };

/**
 * Audit events matching a filter, a page at a time; command and correlation ids narrow what the
 * index found, and the resource is checked on each event read back (the index finds it by hash).
 */
export const auditEvents = async (
  store: EventStore,
  audit: AuditIndex,
  resources: ResourceHistory,
  filter: AuditEventFilter,
  newestFirst: boolean,
  limit: number,
): Promise<E.Either<Refusal, RecordedEvent[]>> => {
  const refusal = unavailable(audit);
  if (refusal) return E.left(refusal);
  const page: RecordedEvent[] = [];
  const matching = audit.matching(filter, newestFirst);
  for (;;) {
    const batch: number[] = [];
    while (batch.length < READ_BATCH) {
      const next = matching.next();
      if (next.done) break;
      batch.push(next.value);
    }
    if (batch.length === 0) return E.right(page);
    for (const event of await eventsAt(store, batch)) {
      if (filter.commandId !== undefined && event.metadata.commandId !== filter.commandId) continue;
      if (filter.correlationId !== undefined && event.metadata.correlationId !== filter.correlationId) continue;
      if (filter.resourceId !== undefined && !(await resources.changed(event, filter.resourceKind, filter.resourceId))) continue;
      page.push(event);
      if (page.length >= limit) return E.right(page);
    }
  }
};
