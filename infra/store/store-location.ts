import type { EventStore } from '../../domain/log/event-store.js';
import { EmbeddedEventStore, type EmbeddedEventStoreOptions } from './embedded/embedded-event-store.js';
import { EventStoreDbEventStore, eventStoreDbClient } from './eventstoredb/index.js';
import { PostgresEventStore } from './postgres/index.js';

/** Which store holds a log, and where. */
export type StoreLocation =
  | { readonly kind: 'embedded'; readonly dataDir: string }
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'eventstoredb'; readonly url: string };

export const STORE_KINDS = ['embedded', 'postgres', 'eventstoredb'] as const;

/** `embedded:DIR`, `postgres://…` (or `postgresql://…`), `esdb://…` (or `esdb+discover://…`). */
export function parseStoreLocation(text: string): StoreLocation | undefined {
  if (text.startsWith('embedded:') && text.length > 'embedded:'.length) return { kind: 'embedded', dataDir: text.slice('embedded:'.length) };
  if (/^postgres(ql)?:\/\//.test(text)) return { kind: 'postgres', url: text };
  if (/^esdb(\+discover)?:\/\//.test(text)) return { kind: 'eventstoredb', url: text };
  return undefined;
}

export function describeStoreLocation(location: StoreLocation): string {
  return location.kind === 'embedded' ? `embedded:${location.dataDir}` : location.url.replace(/\/\/[^@/]*@/, '//…@');
}

/** Opens the store (running PostgreSQL's migrations, recovering the embedded log). */
export async function openStore(location: StoreLocation, embedded: EmbeddedEventStoreOptions = {}): Promise<EventStore> {
  switch (location.kind) {
    case 'embedded':
      return EmbeddedEventStore.open(location.dataDir, embedded);
    case 'postgres':
      return PostgresEventStore.open({ url: location.url });
    case 'eventstoredb':
      return new EventStoreDbEventStore(eventStoreDbClient(location.url));
  }
}

/** `netledger serve`'s store flags: --store, --data-dir, --pg-url, --esdb-url. */
export interface StoreFlags {
  readonly store: (typeof STORE_KINDS)[number];
  readonly dataDir: string;
  readonly pgUrl?: string;
  readonly esdbUrl?: string;
}

export function storeLocationOf(flags: StoreFlags): { location: StoreLocation } | { error: string } {
  switch (flags.store) {
    case 'embedded':
      return { location: { kind: 'embedded', dataDir: flags.dataDir } };
    case 'postgres':
      return flags.pgUrl ? { location: { kind: 'postgres', url: flags.pgUrl } } : { error: '--store postgres needs --pg-url or NETLEDGER_PG_URL' };
    case 'eventstoredb':
      return flags.esdbUrl ? { location: { kind: 'eventstoredb', url: flags.esdbUrl } } : { error: '--store eventstoredb needs --esdb-url or NETLEDGER_ESDB_URL' };
  }
}
