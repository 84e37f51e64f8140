import { touched } from '../common/standard-attributes.js';
import type { RecordedEvent } from '../events.js';
import type { World } from '../world.js';
import type { PortStatusChanged } from './events.js';

type At = Pick<RecordedEvent, 'metadata'>;

/** A status change is a change of the port, as in Neutron: it bumps the revision. */
export const portStatusChanged = (world: World, event: PortStatusChanged & At): void => {
  const ports = world.networks.get(event.data.network_id)!.ports;
  const port = ports.get(event.data.id)!;
  ports.set(port.id, touched({ ...port, status: event.data.status }, event.metadata.decidedAt));
};
