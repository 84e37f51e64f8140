import * as t from 'io-ts';

/** Shared io-ts building blocks for resource, command and event codecs. */
/** A count, a position or an offset: a non-negative safe integer. */
export const Count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'Count');

export const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

export const StandardAttributes = t.type({
  created_at: t.string,
  updated_at: t.string,
  revision_number: t.number,
});
export type StandardAttributes = t.TypeOf<typeof StandardAttributes>;

export const Tags = t.array(t.string);

export const EventMetadata = t.intersection([
  t.type({
    commandId: t.string,
    correlationId: t.string,
    actor: t.type({ projectId: t.string, userId: t.string }),
    decidedAt: t.string,
  }),
  /**
   * host: the host whose agent reported the fact an event records (a port's status).
   * idempotencyKey: the request's Idempotency-Key, scoped by its caller and route, so a retry finds its write.
   */
  t.partial({ causationId: t.string, host: t.string, idempotencyKey: t.string }),
]);

const omit = <P extends t.Props, K extends keyof P>(props: P, keys: readonly K[]): Omit<P, K> => {
  const kept: Partial<P> = { ...props };
  for (const key of keys) delete kept[key];
  return kept as Omit<P, K>;
};

const pick = <P extends t.Props, K extends keyof P>(props: P, keys: readonly K[]): Pick<P, K> =>
  Object.fromEntries(keys.map((key) => [key, props[key]])) as Pick<P, K>;

/** What an update may change: a resource's fields, each optional, but for those fixed at creation. */
export const changesOf = <P extends t.Props, K extends keyof P>(fields: t.TypeC<P>, fixed: readonly K[]): t.PartialC<Omit<P, K>> =>
  t.partial(omit(fields.props, fixed));

/**
 * Fields a resource gained after its first events were logged: optional in the codecs, so the
 * events written before them still decode (read as their default); new events always carry them.
 */
export const withAdditions = <P extends t.Props, A extends t.Props>(core: t.TypeC<P>, additions: t.PartialC<A>) =>
  t.intersection([core, additions]);

/** What an update may change of a resource with additions: its core fields but the fixed ones, and every addition. */
export const changesWithAdditions = <P extends t.Props, K extends keyof P, A extends t.Props>(
  core: t.TypeC<P>,
  fixed: readonly K[],
  additions: t.PartialC<A>,
): t.PartialC<Omit<P, K> & A> => t.partial({ ...omit(core.props, fixed), ...additions.props });

/** A resource's fields as a create command carries them: those the decider can fill in may be left out. */
export const createdWith = <P extends t.Props, K extends keyof P>(
  fields: t.TypeC<P>,
  optional: readonly K[],
): t.IntersectionC<[t.TypeC<Omit<P, K>>, t.PartialC<Pick<P, K>>]> =>
  t.intersection([t.type(omit(fields.props, optional)), t.partial(pick(fields.props, optional))]);

/** A command on one existing resource by id, with the If-Match revision it may carry. */
export const byIdCommand = <N extends string, P extends t.Props>(type: N, props: P) =>
  t.intersection([t.type({ type: t.literal(type), id: t.string, ...props }), t.partial({ if_revision: t.number })]);
