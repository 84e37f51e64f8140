import type { StoreUnavailable } from '../../../domain/log/event-store.js';

/**
 * SQLSTATE classes that mean "the database cannot serve us right now", not "our SQL is wrong":
 * connection exceptions (08), insufficient resources (53), operator intervention such as a
 * shutdown or restart (57), system errors (58). Errors without a SQLSTATE come from the socket
 * (ECONNREFUSED, "Connection terminated unexpectedly", connect timeouts); anything else is a bug.
 */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58']);

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // errno codes first: EPIPE also has five characters
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE_CLASSES.has(code.slice(0, 2));
  return /connect|terminated|timeout/i.test(error.message);
}

export function unavailable(error: unknown): StoreUnavailable {
  const message = error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);
  return { _tag: 'StoreUnavailable', reason: `PostgreSQL: ${message}` };
}

/** unique_violation: someone committed the (stream, revision) we planned, past our lock. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown }).code === '23505';
