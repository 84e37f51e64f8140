// The contract suite every store must pass lives in ./contract.ts; it is left out of here
// because it imports vitest, which has no place in the running server.
export { EmbeddedEventStore, type EmbeddedEventStoreOptions } from './embedded/embedded-event-store.js';
export { CorruptLogError } from './embedded/corrupt-log-error.js';
export { DataDirLock } from './embedded/data-dir-lock.js';
export { nodeFileSystem, type FileSystem, type StoreFile } from './embedded/file-system.js';
