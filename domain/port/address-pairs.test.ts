import { describe, expect, it } from 'vitest';
import { createNetwork, createPort, createSecurityGroup, createSubnet } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';

const lan = [createNetwork('net'), createSubnet('sub', 'net', '10.0.0.0/24')];
const unsafe = [createNetwork('net', { port_security_enabled: false }), createSubnet('sub', 'net', '10.0.0.0/24')];

describe('port security, address pairs and DHCP options', () => {
  it('takes the network port security as the default of its ports', () => {
    deciderSpec(...unsafe).when(createPort('p', 'net', { port_security_enabled: undefined })).then(([created]) =>
      expect(created).toMatchObject({ data: { port: { port_security_enabled: false, security_groups: [] } } }),
    );
    deciderSpec(...unsafe).when(createPort('p', 'net', { port_security_enabled: true })).then(([created]) =>
      expect(created).toMatchObject({ data: { port: { port_security_enabled: true } } }),
    );
  });

  it('refuses groups on a port without port security', () =>
    deciderSpec(...unsafe, createSecurityGroup('g'))
      .when(createPort('p', 'net', { port_security_enabled: undefined, security_groups: ['g'] }))
      .thenError('PortSecurityAndIPRequiredForSecurityGroups'));

  it('records pairs in canonical form, an address or a cidr, with the port MAC when none is given', () =>
    deciderSpec(...lan)
      .when(createPort('p', 'net', { mac_address: 'fa:16:3e:00:00:09', allowed_address_pairs: [{ ip_address: '10.0.0.200' }, { ip_address: '2001:DB8::/64', mac_address: 'FA:16:3E:00:00:01' }] }))
      .then(([created]) =>
        expect(created).toMatchObject({
          data: { port: { allowed_address_pairs: [{ ip_address: '10.0.0.200', mac_address: 'fa:16:3e:00:00:09' }, { ip_address: '2001:db8::/64', mac_address: 'fa:16:3e:00:00:01' }] } },
        }),
      ));

  it('refuses a bad address, a pair twice, and pairs without port security (also by turning it off later)', () => {
    deciderSpec(...lan).when(createPort('p', 'net', { allowed_address_pairs: [{ ip_address: 'nope' }] })).thenError('HTTPBadRequest');
    deciderSpec(...lan).when(createPort('p', 'net', { allowed_address_pairs: [{ ip_address: '10.1.1.1' }, { ip_address: '10.1.1.1' }] })).thenError('DuplicateAddressPairInRequest');
    deciderSpec(...unsafe).when(createPort('p', 'net', { port_security_enabled: undefined, allowed_address_pairs: [{ ip_address: '10.1.1.1' }] })).thenError('AddressPairAndPortSecurityRequired');
    deciderSpec(...lan, createPort('p', 'net', { security_groups: [], allowed_address_pairs: [{ ip_address: '10.1.1.1' }] }))
      .when({ type: 'UpdatePort', id: 'p', changes: { port_security_enabled: false } })
      .thenError('AddressPairAndPortSecurityRequired');
  });

  it('replaces pairs on update, and merges DHCP options by name (null removes one)', () => {
    deciderSpec(...lan, createPort('p', 'net', { mac_address: 'fa:16:3e:00:00:09', extra_dhcp_opts: [{ opt_name: 'bootfile-name', opt_value: 'a' }, { opt_name: 'tftp-server', opt_value: '10.0.0.9' }] }))
      .when({ type: 'UpdatePort', id: 'p', changes: { allowed_address_pairs: [{ ip_address: '10.0.0.0/28' }], extra_dhcp_opts: [{ opt_name: 'bootfile-name', opt_value: 'b' }, { opt_name: 'tftp-server', opt_value: null }] } })
      .thenEvents([
        {
          type: 'PortUpdated',
          version: 1,
          data: {
            id: 'p',
            network_id: 'net',
            changes: { allowed_address_pairs: [{ ip_address: '10.0.0.0/28', mac_address: 'fa:16:3e:00:00:09' }], extra_dhcp_opts: [{ opt_name: 'bootfile-name', opt_value: 'b', ip_version: 4 }] },
          },
        },
      ]);
  });
});
