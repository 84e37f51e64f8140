import { canonicalJson } from './canonical-json.js';
import { byKindAndId, KINDS, type GoalStateDocument, type Op } from './ops.js';

/**
 * The ops that turn one goal state into another: what changed for a host between two moments,
 * in the diff format, whatever happened in between.
 */
export const netChange = (from: GoalStateDocument, to: GoalStateDocument): Op[] => {
  const ops: Op[] = [];
  for (const kind of KINDS) {
    const before = from[kind] ?? {};
    const after = to[kind] ?? {};
    for (const [id, body] of Object.entries(after))
      if (!(id in before) || canonicalJson(before[id]) !== canonicalJson(body)) ops.push({ op: 'upsert', kind, id, body });
    for (const id of Object.keys(before)) if (!(id in after)) ops.push({ op: 'delete', kind, id });
  }
  return ops.sort(byKindAndId);
};
