import { isGatewayHost, zoneOf, type Host } from '../../domain/index.js';

export const hostView = (host: Host, boundPorts: number) => ({
  id: host.id,
  name: host.name,
  description: host.description,
  tunnel_ip: host.tunnel_ip,
  mac: host.mac,
  gateway: isGatewayHost(host),
  availability_zone: zoneOf(host),
  bound_ports: boundPorts,
  created_at: host.created_at,
  updated_at: host.updated_at,
  revision_number: host.revision_number,
});
export type HostView = ReturnType<typeof hostView>;
