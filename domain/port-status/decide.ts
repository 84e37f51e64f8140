import * as E from 'fp-ts/lib/Either.js';
import { appendTo, decided, writing, type Decider, type Decision } from '../common/decision.js';
import type { DomainEvent } from '../events.js';
import { streamOfNetwork, streamsOfNetworks } from '../network/network.js';
import type { Port, PortChanges } from '../port/port.js';
import { portOf, type World } from '../world.js';
import type { RecordPortStatus } from './commands.js';
import { statusOf, type StatusReason } from './port-status.js';

/**
 * A host's report about a port, checked against the port as it is now: a report about a port
 * that moved, went down or is gone, or that changes nothing, records nothing (reports race with
 * writes, and every one of them is a fact only about the binding it was made for).
 */
export const decideRecordPortStatus = (command: RecordPortStatus, world: World): Decision => {
  const port = portOf(world, command.port_id);
  if (!port || port['binding:host_id'] !== command.host_id || statusOf(port) === command.status) return E.right([]);
  if (command.status === 'ACTIVE' && !port.admin_state_up) return E.right([]);
  return decided(
    appendTo(world, streamOfNetwork(port.network_id), [
      {
        type: 'PortStatusChanged',
        version: 1,
        data: { id: port.id, network_id: port.network_id, host_id: command.host_id, status: command.status, reason: command.reason },
      },
    ]),
  );
};

export const recordPortStatus: Decider<RecordPortStatus> = {
  streams: (command, world) => writing(...streamsOfNetworks([world.portNetwork.get(command.port_id)])),
  decide: decideRecordPortStatus,
};

/** Why an update takes an ACTIVE port DOWN (its host no longer runs it as it was), if it does. */
const downReason = (port: Port, changes: PortChanges): StatusReason | undefined => {
  const host = changes['binding:host_id'] ?? port['binding:host_id'];
  if (host === '') return 'unbound';
  if (host !== port['binding:host_id']) return 'rebound';
  if (changes.admin_state_up === false) return 'admin_down';
  return undefined;
};

/** The status event an update of an ACTIVE port brings along, appended with it. */
export const statusAfterUpdate = (port: Port, changes: PortChanges): DomainEvent[] => {
  const reason = statusOf(port) === 'ACTIVE' ? downReason(port, changes) : undefined;
  return reason === undefined
    ? []
    : [{ type: 'PortStatusChanged', version: 1, data: { id: port.id, network_id: port.network_id, host_id: port['binding:host_id'], status: 'DOWN', reason } }];
};
