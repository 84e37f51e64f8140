import type { Host, World } from '../../domain/index.js';

export const hostView = (host: Host, world: World) => ({
  id: host.id,
  name: host.name,
  description: host.description,
  tunnel_ip: host.tunnel_ip,
  mac: host.mac,
  bound_ports: world.hostPorts.get(host.id)?.size ?? 0,
  created_at: host.created_at,
  updated_at: host.updated_at,
  revision_number: host.revision_number,
});
export type HostView = ReturnType<typeof hostView>;
