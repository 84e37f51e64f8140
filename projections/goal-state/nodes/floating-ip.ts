import { portOf, type FloatingIp } from '../../../domain/index.js';
import { floatingIpBody } from '../bodies.js';
import type { Context, Handler, Touch } from '../inputs.js';
import { localPorts } from '../local.js';
import type { Table } from '../node.js';

/** The host of the port a floating IP is mapped onto, as the placement last saw that port. */
const hostOf = ({ placement }: Context, floatingIp: FloatingIp | undefined): string | undefined => {
  const host = floatingIp?.port_id ? placement.ports.get(floatingIp.port_id)?.['binding:host_id'] : undefined;
  return host === '' ? undefined : host;
};

/**
 * The floating IPs mapped onto the host's ports: each is a NAT entry on that host only, so mapping,
 * moving or releasing one is one op for the host (or two, on the old and the new host), and no
 * other host hears of it.
 */
export const floatingIpTable: Table = {
  kind: 'floating_ip',
  body: floatingIpBody,
  holds: ({ world }, host, id) => {
    const portId = world.floatingIps.get(id)?.port_id;
    return portId !== null && portId !== undefined && portOf(world, portId)?.['binding:host_id'] === host;
  },
  compute: (world, host) =>
    new Map(
      localPorts(world, host).flatMap((port) => [...(world.portFloatingIps.get(port.id) ?? [])].map((id) => [id, floatingIpBody(world, id)!] as const)),
    ),
};

const touchOn = (host: string | undefined, id: string, touch: Touch): void => {
  if (host !== undefined) touch(host, id);
};

export const onFloatingIp: Handler<'floatingIp'> = ({ before, after }, context, touch) => {
  const id = (after ?? before)!.id;
  touchOn(hostOf(context, before), id, touch);
  touchOn(hostOf(context, after), id, touch);
};

/** A port bound elsewhere (or readdressed) takes its floating IPs' entries along: a delete on the old host, an upsert on the new. */
export const onPort: Handler<'port'> = ({ before, after }, { world }, touch) => {
  const port = (after ?? before)!;
  for (const id of world.portFloatingIps.get(port.id) ?? []) {
    touchOn(before?.['binding:host_id'] || undefined, id, touch);
    touchOn(after?.['binding:host_id'] || undefined, id, touch);
  }
};
