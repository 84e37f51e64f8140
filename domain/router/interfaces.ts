import type { Port } from '../port/port.js';
import { portOf, subnetState, type SubnetState, type World } from '../world.js';

/** A router's interface ports, each with the subnets its addresses are on. */
export const routerInterfaces = (world: World, routerId: string): { port: Port; subnets: SubnetState[] }[] =>
  [...(world.routerPorts.get(routerId) ?? [])].flatMap((portId) => {
    const port = portOf(world, portId);
    if (!port) return [];
    const subnets = port.fixed_ips.map((f) => subnetState(world, f.subnet_id)).filter((s): s is SubnetState => s !== undefined);
    return [{ port, subnets }];
  });
