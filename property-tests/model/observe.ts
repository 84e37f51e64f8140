import type { World } from '../../domain/index.js';
import { topology } from '../../projections/index.js';

const byId = <T extends { id: string }>(items: Iterable<T>) => [...items].sort((a, b) => a.id.localeCompare(b.id));

/** What a client sees through the topology views, reduced to what the reference model keeps. */
export const observe = (world: World) => ({
  networks: byId(topology.networks.list(world)).map((n) => ({ id: n.id, segmentation_id: n['provider:segmentation_id'], subnets: n.subnets })),
  subnets: byId(topology.subnets.list(world)).map((s) => ({ id: s.id, network_id: s.network_id, cidr: s.cidr, gateway_ip: s.gateway_ip, allocation_pools: s.allocation_pools })),
  ports: byId(topology.ports.list(world)).map((p) => ({
    id: p.id, network_id: p.network_id, fixed_ips: p.fixed_ips, mac_address: p.mac_address, security_groups: p.security_groups,
    host: p['binding:host_id'], device_id: p.device_id, device_owner: p.device_owner,
  })),
  security_groups: byId(topology.security_groups.list(world)).map((g) => ({
    id: g.id,
    name: g.name,
    rules: byId(g.security_group_rules).map((r) => ({
      id: r.id, direction: r.direction, ethertype: r.ethertype, protocol: r.protocol, min: r.port_range_min, max: r.port_range_max,
      prefix: r.remote_ip_prefix, remote: r.remote_group_id,
    })),
  })),
  routers: byId(topology.routers.list(world)).map((r) => ({ id: r.id, routes: r.routes })),
  hosts: [...topology.hosts.list(world)].map((h) => h.id).sort(),
});
