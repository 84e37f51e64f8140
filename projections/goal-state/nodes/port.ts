import { portOf } from '../../../domain/index.js';
import { portBody } from '../bodies.js';
import type { Handler } from '../inputs.js';
import { hostsOfChange, localPorts } from '../local.js';
import type { Table } from '../node.js';

/** The ports bound to the host. */
export const portTable: Table = {
  kind: 'port',
  body: (world, id) => {
    const port = portOf(world, id);
    return port && portBody(port);
  },
  holds: ({ world }, host, id) => portOf(world, id)?.['binding:host_id'] === host,
  compute: (world, host) => new Map(localPorts(world, host).map((port) => [port.id, portBody(port)])),
};

export const onPort: Handler<'port'> = ({ before, after }, _context, touch) => {
  for (const host of hostsOfChange(before, after)) touch(host, (after ?? before)!.id);
};
