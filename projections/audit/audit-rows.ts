/** What the audit index keeps of one event: a fixed-width row of numbers. */
export interface AuditRow {
  readonly position: number;
  /** The decision time in ms, kept monotonic (the running maximum). */
  readonly time: number;
  /** Codes of the acting project, the actor and the event type. */
  readonly project: number;
  readonly actor: number;
  readonly type: number;
  /** A bit per resource kind the event touched. */
  readonly kinds: number;
}

/**
 * Where the audit index keeps its rows, and per resource the rows that touched it. They grow with
 * the length of history, so the server keeps them on disk (infra/audit); the index itself keeps
 * only what grows with distinct values or with the live set.
 */
export interface AuditRows {
  /** Adds the next row (its ordinal is the count before) and the `kind:id` of each resource it touched, once each. */
  append(row: AuditRow, resources: readonly string[]): void;
  readonly count: number;
  row(ordinal: number): AuditRow;
  /** How many rows come first with `before` holding for their position or time (both ascending). */
  countWhile(field: 'position' | 'time', before: (value: number) => boolean): number;
  /**
   * Ordinals of the rows that touched a resource, ascending. It may hold rows that did not (a
   * compact key can collide): whoever reads the events back checks them.
   */
  touching(resource: string): readonly number[];
  /** Set once the rows stopped following the log (a write failed): answers would be incomplete. */
  readonly failure: string | undefined;
}
