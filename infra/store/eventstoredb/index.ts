export { EventStoreDbEventStore } from './eventstoredb-event-store.js';
export { eventStoreDbClient } from './eventstore-db-client.js';
export type { LogClient } from './log-client.js';
