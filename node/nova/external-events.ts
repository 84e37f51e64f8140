import type { RecordedEvent } from '../../domain/index.js';

/** One event of Nova's os-server-external-events, as Neutron's notifier writes it. */
export interface ExternalEvent {
  readonly name: 'network-vif-plugged' | 'network-vif-unplugged' | 'network-vif-deleted' | 'network-changed';
  readonly server_uuid: string;
  readonly tag: string;
  readonly status?: 'completed' | 'failed';
}

/** What tells whether a port is a server's: Nova hears only of ports with device_owner compute:* and a device_id. */
export interface PortDevice {
  readonly device_id: string;
  readonly device_owner: string;
}

const serverOf = (port: PortDevice | undefined): string | undefined =>
  port !== undefined && port.device_owner.startsWith('compute:') && port.device_id !== '' ? port.device_id : undefined;

/** The port an event is about, if it is about one. */
export const portIdOf = (event: RecordedEvent): string | undefined => {
  switch (event.type) {
    case 'PortCreated': return event.data.port.id;
    case 'PortUpdated':
    case 'PortDeleted':
    case 'PortStatusChanged': return event.data.id;
    default: return undefined;
  }
};

/** The port's device after the event (undefined once deleted). */
export const deviceAfter = (event: RecordedEvent, before: PortDevice | undefined): PortDevice | undefined => {
  switch (event.type) {
    case 'PortCreated': return { device_id: event.data.port.device_id, device_owner: event.data.port.device_owner };
    case 'PortUpdated': {
      const { device_id, device_owner } = event.data.changes;
      return before && { device_id: device_id ?? before.device_id, device_owner: device_owner ?? before.device_owner };
    }
    case 'PortDeleted': return undefined;
    default: return before;
  }
};

/**
 * What Nova is told about one event, given the port's device before and after it: vif-plugged
 * when the port goes ACTIVE, vif-unplugged when DOWN, vif-deleted when it is deleted,
 * network-changed when its fixed IPs change (Neutron's nova notifier, event for event).
 */
export const externalEventsOf = (event: RecordedEvent, before: PortDevice | undefined, after: PortDevice | undefined): ExternalEvent[] => {
  const tag = portIdOf(event);
  if (tag === undefined) return [];
  const server = serverOf(event.type === 'PortDeleted' ? before : after);
  if (server === undefined) return [];
  switch (event.type) {
    case 'PortStatusChanged':
      return [{ name: event.data.status === 'ACTIVE' ? 'network-vif-plugged' : 'network-vif-unplugged', server_uuid: server, status: 'completed', tag }];
    case 'PortDeleted':
      return [{ name: 'network-vif-deleted', server_uuid: server, tag }];
    case 'PortUpdated':
      return event.data.changes.fixed_ips !== undefined ? [{ name: 'network-changed', server_uuid: server, tag }] : [];
    default:
      return [];
  }
};

/** The floating IP an event is about, if it is about one. */
export const floatingIpIdOf = (event: RecordedEvent): string | undefined => {
  switch (event.type) {
    case 'FloatingIpCreated': return event.data.floating_ip.id;
    case 'FloatingIpUpdated':
    case 'FloatingIpDeleted': return event.data.id;
    default: return undefined;
  }
};

/** The port a floating IP is mapped onto after the event (null for none), given the one before. */
export const floatingPortAfter = (event: RecordedEvent, before: string | null): string | null | undefined => {
  switch (event.type) {
    case 'FloatingIpCreated': return event.data.floating_ip.port_id;
    case 'FloatingIpUpdated': return event.data.changes.port_id === undefined ? before : event.data.changes.port_id;
    case 'FloatingIpDeleted': return null;
    default: return undefined;
  }
};

/**
 * A floating IP mapped onto a server's port, moved or unmapped: network-changed for each server
 * port it left or reached, as Neutron's notifier says it.
 */
export const floatingIpEventsOf = (before: string | null, after: string | null, deviceOf: (portId: string) => PortDevice | undefined): ExternalEvent[] =>
  before === after
    ? []
    : [before, after].flatMap((portId) => {
        const server = portId === null ? undefined : serverOf(deviceOf(portId));
        return server === undefined || portId === null ? [] : [{ name: 'network-changed' as const, server_uuid: server, tag: portId }];
      });
