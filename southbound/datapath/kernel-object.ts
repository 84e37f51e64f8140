/** A line of an `ip -batch` or `bridge -batch` script. */
export interface Line {
  readonly tool: 'ip' | 'bridge';
  readonly text: string;
}

/**
 * One thing the agent owns in the kernel, as the goal state wants it. `key` names it in the
 * kernel; `spec` is what it should look like there, so that an object read back from the kernel
 * with the same key and spec is already right and is left alone.
 */
export interface KernelObject {
  readonly key: string;
  readonly spec: string;
  /** Creation order: a device before what lives on it; removal runs the other way. */
  readonly rank: number;
  /** The device it lives on (removing that device removes it too). */
  readonly device: string;
  readonly add: readonly Line[];
  readonly remove: readonly Line[];
}

/** What the kernel holds now, by key → spec (read on start, updated by every batch). */
export type KernelView = Map<string, string>;
