import { isGatewayHost, zoneOf, type World } from '../../domain/index.js';
import { byText } from '../goal-state/ops.js';

/**
 * Neutron's availability zones, from the hosts' zones: every zone with a host serves networks, and
 * a zone with a gateway host serves routers too (Neutron reads them from its DHCP and L3 agents).
 */
export const availabilityZones = (world: World): { name: string; resource: 'network' | 'router'; state: 'available' }[] => {
  const zones = new Map<string, boolean>();
  for (const host of world.hosts.values()) zones.set(zoneOf(host), (zones.get(zoneOf(host)) ?? false) || isGatewayHost(host));
  return [...zones]
    .sort(([a], [b]) => byText(a, b))
    .flatMap(([name, routes]) => [
      { name, resource: 'network' as const, state: 'available' as const },
      ...(routes ? [{ name, resource: 'router' as const, state: 'available' as const }] : []),
    ]);
};
