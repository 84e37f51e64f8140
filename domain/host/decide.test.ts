import { describe, it } from 'vitest';
import { createNetwork, createPort, registerHost } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';

describe('host decider', () => {
  it('records the tunnel ip and mac in canonical form', () =>
    deciderSpec()
      .when(registerHost('compute-1', { tunnel_ip: '2001:DB8:0:0::0001', mac: '52-54-00-AB-CD-EF' }))
      .thenEvents([
        {
          type: 'HostRegistered',
          version: 1,
          data: { host: { id: 'compute-1', name: 'compute-1', description: '', tunnel_ip: '2001:db8::1', mac: '52:54:00:ab:cd:ef' } },
        },
      ]));

  it('canonicalises an updated tunnel ip too', () =>
    deciderSpec(registerHost('compute-1'))
      .when({ type: 'UpdateHost', id: 'compute-1', changes: { tunnel_ip: 'FD00::A' } })
      .thenEvents([{ type: 'HostUpdated', version: 1, data: { id: 'compute-1', changes: { tunnel_ip: 'fd00::a' } } }]));

  it('refuses a bad tunnel ip or mac', () => {
    deciderSpec().when(registerHost('compute-1', { tunnel_ip: '192.0.2' })).thenError('InvalidInput', /tunnel_ip/);
    deciderSpec().when(registerHost('compute-1', { mac: '01:00:5e:00:00:01' })).thenError('InvalidInput', /multicast/);
    deciderSpec(registerHost('compute-1')).when({ type: 'UpdateHost', id: 'compute-1', changes: { mac: 'nope' } }).thenError('InvalidInput');
  });

  it('removes a host in its own stream, checking every network and the segmentation ids (where networks are born)', () =>
    deciderSpec(createNetwork('net-1'), createNetwork('net-2'), registerHost('compute-1'))
      .when({ type: 'RemoveHost', id: 'compute-1' })
      .thenParts({ 'host-compute-1': ['HostRemoved'], 'segmentation-ids': 'checked', 'network-net-1': 'checked', 'network-net-2': 'checked' }));

  it('refuses a host registered twice', () =>
    deciderSpec(registerHost('compute-1')).when(registerHost('compute-1')).thenError('HostAlreadyRegistered'));

  it('refuses to remove a host with bound ports, and changes nothing', () =>
    deciderSpec(registerHost('compute-1'), createNetwork('net-1'), createPort('port-1', 'net-1', { 'binding:host_id': 'compute-1' }))
      .when({ type: 'RemoveHost', id: 'compute-1' })
      .thenError('HostInUse', /1 bound port/));

  it('removes a host once its ports are unbound', () =>
    deciderSpec(
      registerHost('compute-1'),
      createNetwork('net-1'),
      createPort('port-1', 'net-1', { 'binding:host_id': 'compute-1' }),
      { type: 'UpdatePort', id: 'port-1', changes: { 'binding:host_id': '' } },
    )
      .when({ type: 'RemoveHost', id: 'compute-1' })
      .thenEvents([{ type: 'HostRemoved', version: 1, data: { id: 'compute-1' } }]));

  it('refuses an unknown host and a stale revision', () => {
    deciderSpec().when({ type: 'RemoveHost', id: 'ghost' }).thenError('HostNotFound');
    deciderSpec(registerHost('compute-1')).when({ type: 'UpdateHost', id: 'compute-1', changes: { name: 'x' }, if_revision: 1 }).thenError('RevisionNumberConstraintFailed');
    deciderSpec(registerHost('compute-1')).when({ type: 'RemoveHost', id: 'compute-1', if_revision: 1 }).thenError('RevisionNumberConstraintFailed');
  });
});
