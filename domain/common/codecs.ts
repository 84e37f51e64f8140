import * as t from 'io-ts';

/** Shared io-ts building blocks for resource, command and event codecs. */
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
  t.partial({ causationId: t.string }),
]);

/** What an update may change: a resource's fields, each optional, but for those fixed at creation. */
export const changesOf = <P extends t.Props, K extends keyof P>(fields: t.TypeC<P>, fixed: readonly K[]): t.PartialC<Omit<P, K>> => {
  const props: Partial<P> = { ...fields.props };
  for (const key of fixed) delete props[key];
  return t.partial(props as Omit<P, K>);
};
