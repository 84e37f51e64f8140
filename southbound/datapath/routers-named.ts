import type { Body, GoalStateDocument, Op } from '../../projections/goal-state/ops.js';
import { FloatingIpEntry, RouterEntry, entryOf } from './entries.js';

const field = (body: Body | undefined, name: string): string | undefined => {
  const value = body?.[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The routers a diff changes on this host, so that only their namespaces are synced: a router or
 * gateway entry names itself; a floating IP, its router (before and after); a network or a
 * neighbor, every router with an interface on its network (before and after). A delete carries no
 * body, so the network or router each entry last named is kept.
 */
export class RoutersNamed {
  private readonly last = new Map<string, string>();

  /** What a whole goal state names, as after a snapshot. */
  reset(goalState: GoalStateDocument): void {
    this.last.clear();
    for (const kind of ['network', 'neighbor', 'floating_ip'] as const)
      for (const [id, body] of Object.entries(goalState[kind] ?? {})) this.note(kind, id, body);
  }

  named(ops: readonly Op[], goalState: GoalStateDocument): Set<string> {
    const routers = new Set<string>();
    const networks = new Set<string>();
    for (const op of ops) {
      const body = op.op === 'upsert' ? op.body : undefined;
      if (op.kind === 'router' || op.kind === 'gateway') routers.add(op.id);
      if (op.kind !== 'network' && op.kind !== 'neighbor' && op.kind !== 'floating_ip') continue;
      const into = op.kind === 'floating_ip' ? routers : networks;
      const before = this.last.get(`${op.kind}/${op.id}`);
      if (before !== undefined) into.add(before);
      const after = this.note(op.kind, op.id, body);
      if (after !== undefined) into.add(after);
    }
    if (networks.size > 0)
      for (const body of Object.values(goalState.router ?? {})) {
        const router = entryOf(RouterEntry, body);
        if (router?.interfaces.some((face) => networks.has(face.network_id))) routers.add(router.id);
      }
    return routers;
  }

  private note(kind: 'network' | 'neighbor' | 'floating_ip', id: string, body: Body | undefined): string | undefined {
    const key = `${kind}/${id}`;
    const named = kind === 'network' ? (body === undefined ? undefined : id) : kind === 'neighbor' ? field(body, 'network_id') : entryOf(FloatingIpEntry, body)?.router_id;
    if (named === undefined) this.last.delete(key);
    else this.last.set(key, named);
    return named;
  }
}
