/** What a host's agent programs, one kind of resource each. */
export const KINDS = ['network', 'subnet', 'port', 'security_group', 'group_member', 'address_group', 'neighbor', 'router', 'floating_ip', 'gateway'] as const;
export type Kind = (typeof KINDS)[number];

export type Body = Record<string, unknown>;

/** One change to a host's goal state: a resource put in place (whole body) or removed. */
export type Op =
  | { readonly op: 'upsert'; readonly kind: Kind; readonly id: string; readonly body: Body }
  | { readonly op: 'delete'; readonly kind: Kind; readonly id: string };

/** What one event changed, per host that it changed anything for. */
export type HostChanges = Map<string, Op[]>;

/** A goal state as plain data: kind -> id -> body. The form snapshots and checksums are made of. */
export type GoalStateDocument = Partial<Record<Kind, Record<string, Body>>>;

/** Code-unit order, the same on every machine (localeCompare is not). */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const RANK = new Map<string, number>(KINDS.map((kind, i) => [kind, i]));

/** Ops of one diff in a fixed order (kind, then id), so a diff's bytes depend on nothing but its content. */
export const byKindAndId = (a: Op, b: Op): number =>
  RANK.get(a.kind)! - RANK.get(b.kind)! || byText(a.id, b.id);
