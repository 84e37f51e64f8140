import { describe, expect, it } from 'vitest';
import { createNetwork, createPort, registerHost } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';
import type { RecordPortStatus } from './commands.js';

const report = (status: 'ACTIVE' | 'DOWN', host = 'compute-1', reason: RecordPortStatus['reason'] = status === 'ACTIVE' ? 'agent_applied' : 'agent_silent'): RecordPortStatus => ({
  type: 'RecordPortStatus',
  port_id: 'port-1',
  host_id: host,
  status,
  reason,
});

const bound = [registerHost('compute-1'), registerHost('compute-2'), createNetwork('net-1'), createPort('port-1', 'net-1', { 'binding:host_id': 'compute-1' })];
const changed = (status: 'ACTIVE' | 'DOWN', reason: string, host = 'compute-1') => ({
  type: 'PortStatusChanged',
  version: 1,
  data: { id: 'port-1', network_id: 'net-1', host_id: host, status, reason },
});

describe('port status decider', () => {
  it('records ACTIVE when the port\'s own host applied it, and DOWN when that host went silent', () => {
    deciderSpec(...bound).when(report('ACTIVE')).thenEvents([changed('ACTIVE', 'agent_applied') as never]);
    deciderSpec(...bound, report('ACTIVE')).when(report('DOWN')).thenEvents([changed('DOWN', 'agent_silent') as never]);
  });

  it('records nothing for a report that changes nothing, or that is about another host, a down port or no port', () => {
    deciderSpec(...bound).when(report('DOWN')).thenEvents([]);
    deciderSpec(...bound, report('ACTIVE')).when(report('ACTIVE')).thenEvents([]);
    deciderSpec(...bound).when(report('ACTIVE', 'compute-2')).thenEvents([]);
    deciderSpec(...bound, { type: 'UpdatePort', id: 'port-1', changes: { admin_state_up: false } }).when(report('ACTIVE')).thenEvents([]);
    deciderSpec(registerHost('compute-1')).when(report('ACTIVE')).thenEvents([]);
  });

  it('takes an ACTIVE port DOWN in the same append as the update that unbinds, moves or downs it', () => {
    const update = (changes: object) => ({ type: 'UpdatePort', id: 'port-1', changes }) as const;
    for (const [changes, reason] of [
      [{ 'binding:host_id': '' }, 'unbound'],
      [{ 'binding:host_id': 'compute-2' }, 'rebound'],
      [{ admin_state_up: false }, 'admin_down'],
    ] as const)
      deciderSpec(...bound, report('ACTIVE'))
        .when(update(changes))
        .then((events) => {
          expect(events.map((e) => e.type)).toEqual(['PortUpdated', 'PortStatusChanged']);
          expect(events[1]).toEqual(changed('DOWN', reason));
        });
    deciderSpec(...bound, report('ACTIVE')).when(update({ name: 'renamed' })).then((events) => expect(events.map((e) => e.type)).toEqual(['PortUpdated']));
    deciderSpec(...bound).when(update({ 'binding:host_id': '' })).then((events) => expect(events.map((e) => e.type)).toEqual(['PortUpdated']));
  });

  it('shows in the world: ACTIVE after the report, a revision more, DOWN again once unbound', () => {
    const { world } = deciderSpec(...bound, report('ACTIVE')).when(report('DOWN'));
    const port = world.networks.get('net-1')!.ports.get('port-1')!;
    expect(port.status).toBe('ACTIVE');
    expect(port.revision_number).toBe(1);
  });
});
