import * as E from 'fp-ts/lib/Either.js';
import type { FastifyRequest } from 'fastify';
import type { Command, OneCommand, World } from '../domain/index.js';
import type { CommandError, Engine } from '../engine/index.js';
import type { SelfContainedKind } from '../projections/index.js';
import { newId, type Caller } from './context.js';
import type { Refusal } from './read-modify-write.js';

export type Item = Record<string, unknown>;
export type Body = Record<string, any>;

/**
 * One Neutron resource collection: its JSON schemas, how a body becomes a command, and how the
 * topology shows it. Create, show, list, update and delete routes all come from this description,
 * so every resource answers the same way (paths, bulk form, status codes, If-Match, visibility).
 */
export interface ResourceDescription {
  readonly collection: string;
  readonly singular: string;
  /** The Neutron error type for an unknown id, e.g. NetworkNotFound. */
  readonly notFoundType: string;
  readonly notFoundMessage: (id: string) => string;
  readonly prefix?: string;
  /** The collection's path segment when it is not its name with dashes (Neutron's service_profiles keeps the underscore). */
  readonly path?: string;
  readonly createSchema?: object;
  readonly updateSchema?: object;
  readonly itemSchema: object;
  /** Attributes a list may filter and sort on. */
  readonly attributes: ReadonlySet<string>;
  readonly get: (world: World, id: string) => Item | undefined;
  /** Set when the view follows from the resource's own history: an `as_of` show then folds only that. */
  readonly selfContainedKind?: SelfContainedKind;
  readonly list: (world: World) => Iterable<Item>;
  /**
   * Set where Neutron's policy hook answers `get_<singular>` refusing an item its query found for
   * the caller (its project's, or one of no project: flavors, service profiles) with its own 404
   * (HTTPNotFound), not as an unknown id. Another project's item the query never finds: unknown id.
   */
  readonly hookAnswersHidden?: boolean;
  /** Runs before a list is read (Neutron creates a project's default security group here). */
  readonly beforeList?: (engine: Engine, request: FastifyRequest) => Promise<E.Either<CommandError, unknown>>;
  /**
   * Builds the one command of a create (a bulk's is one too: one append, all or nothing) and the
   * ids of its items in the bodies' order, which is their sorted order (`freshIds`).
   */
  readonly create?: (bodies: Body[], caller: Caller, world: World) => E.Either<Refusal, { command: Command; ids: string[] }>;
  /** The update command, or why the caller may not make it (e.g. a reference it cannot see). */
  readonly update?: (id: string, body: Body, caller: Caller, ifRevision: number | undefined, world: World) => E.Either<Refusal, Command>;
  readonly remove?: (id: string, caller: Caller, ifRevision: number | undefined) => Command;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The collection a generic resource route serves. */
    resource?: ResourceDescription;
  }
}

/** The description of the collection a resource route serves (set in its route config). */
export const resourceOf = (request: FastifyRequest): ResourceDescription => {
  const { resource } = request.routeOptions.config;
  if (!resource) throw new Error(`${request.routeOptions.url} is not a resource route`);
  return resource;
};

/**
 * Fresh ids for the items of a create, sorted: given to the bodies in turn, the answer's order
 * (the bodies') is the ids' order, which a retry under the same Idempotency-Key finds again in
 * the log whatever order the streams of one append put the items in.
 */
export const freshIds = (count: number): string[] => Array.from({ length: count }, newId).sort();

/** The commands of a create as one: alone, or decided in turn as one bulk. */
export const together = (commands: OneCommand[]): Command => (commands.length === 1 ? commands[0] : { type: 'Bulk', commands });

/** What each body asks for, each under its fresh id; the first body refused refuses them all. */
const eachBody = <B, R>(bodies: readonly B[], request: (body: B, id: string) => E.Either<Refusal, R>): E.Either<Refusal, { requests: R[]; ids: string[] }> => {
  const ids = freshIds(bodies.length);
  const requests: R[] = [];
  for (const [i, body] of bodies.entries()) {
    const asked = request(body, ids[i]);
    if (E.isLeft(asked)) return asked;
    requests.push(asked.right);
  }
  return E.right({ requests, ids });
};

/** One create command per body, decided in turn as one bulk: one append, all or nothing. */
export const createEach = <B>(
  bodies: readonly B[],
  command: (body: B, id: string) => E.Either<Refusal, OneCommand>,
): E.Either<Refusal, { command: Command; ids: string[] }> => E.map(({ requests, ids }: { requests: OneCommand[]; ids: string[] }) => ({ command: together(requests), ids }))(eachBody(bodies, command));

/** One command made of all the bodies' requests, whatever their networks (it decides them in turn itself). */
export const createTogether = <B, R>(
  bodies: readonly B[],
  request: (body: B, id: string) => E.Either<Refusal, R>,
  all: (requests: R[]) => Command,
): E.Either<Refusal, { command: Command; ids: string[] }> => E.map(({ requests, ids }: { requests: R[]; ids: string[] }) => ({ command: all(requests), ids }))(eachBody(bodies, request));
