import { describe, expect, it } from 'vitest';
import { createAddressGroup, createRule, createSecurityGroup } from '../../test-kit/commands.js';
import { deciderSpec, worldAfter } from '../../test-kit/decider-spec.js';

const add = (id: string, addresses: string[]) => ({ type: 'AddAddressGroupAddresses' as const, id, addresses });
const remove = (id: string, addresses: string[]) => ({ type: 'RemoveAddressGroupAddresses' as const, id, addresses });

describe('address group decider', () => {
  it('stores its blocks canonical, once each, in text order, in the project’s security-group stream', () => {
    const spec = deciderSpec().when(createAddressGroup('ag', ['10.0.1.7/24', '2001:db8::1/64', '10.0.0.1/32', '10.0.0.1/32']));
    spec.thenEvents([
      { type: 'AddressGroupCreated', version: 1, data: { group: { id: 'ag', project_id: 'p', name: 'ag', description: '', addresses: ['10.0.0.1/32', '10.0.1.0/24', '2001:db8::/64'] } } },
    ]);
    if (spec.decision._tag === 'Right') expect(spec.decision.right[0].stream).toBe('security-groups-p');
    deciderSpec().when(createAddressGroup('ag', ['10.0.0.5'])).thenError('HTTPBadRequest', /'10\.0\.0\.5\/32' is recommended/);
  });

  it('adds only new addresses and removes only present ones', () => {
    const given = createAddressGroup('ag', ['10.1.0.0/16']);
    deciderSpec(given).when(add('ag', ['10.2.0.0/16', '10.2.0.0/16'])).thenEvents([{ type: 'AddressGroupAddressesAdded', version: 1, data: { id: 'ag', addresses: ['10.2.0.0/16'] } }]);
    deciderSpec(given).when(add('ag', ['10.1.0.0/16'])).thenError('AddressesAlreadyExist', /^Addresses \['10\.1\.0\.0\/16'\] already exist in the address group ag\.$/);
    deciderSpec(given).when(remove('ag', ['10.9.0.0/16'])).thenError('AddressesNotFound', /Addresses \['10\.9\.0\.0\/16'\] not found/);
    deciderSpec(given).when(remove('ag', ['10.1.0.0/16'])).thenEvents([{ type: 'AddressGroupAddressesRemoved', version: 1, data: { id: 'ag', addresses: ['10.1.0.0/16'] } }]);
    expect(worldAfter(given, add('ag', ['10.0.0.0/16'])).addressGroups.get('ag')).toMatchObject({ addresses: ['10.0.0.0/16', '10.1.0.0/16'], revision_number: 1 });
    deciderSpec().when(add('nope', ['10.0.0.0/8'])).thenError('AddressGroupNotFound');
  });

  it('is named by rules as their remote end, alone, and cannot be deleted while a rule names it', () => {
    const given = [createAddressGroup('ag', ['10.1.0.0/16']), createSecurityGroup('g')];
    deciderSpec(...given).when(createRule('r', 'g', { remote_address_group_id: 'ag' })).then(([created]) =>
      expect(created.data).toMatchObject({ rule: { remote_address_group_id: 'ag', remote_group_id: null, remote_ip_prefix: null } }));
    deciderSpec(...given).when(createRule('r', 'g', { remote_address_group_id: 'ag', remote_ip_prefix: '10.0.0.0/8' })).thenError('SecurityGroupMultipleRemoteEntites');
    deciderSpec(...given).when(createRule('r', 'g', { remote_address_group_id: 'nope' })).thenError('AddressGroupNotFound');
    deciderSpec(...given, createRule('r', 'g', { remote_address_group_id: 'ag' })).when({ type: 'DeleteAddressGroup', id: 'ag' }).thenError('AddressGroupInUse');
    deciderSpec(...given, createRule('r', 'g', { remote_address_group_id: 'ag' }), { type: 'DeleteSecurityGroupRule', id: 'r' })
      .when({ type: 'DeleteAddressGroup', id: 'ag' })
      .thenEvents([{ type: 'AddressGroupDeleted', version: 1, data: { id: 'ag' } }]);
    // A rule without one keeps the shape rules had before address groups.
    deciderSpec(...given).when(createRule('r', 'g')).then(([created]) => expect('remote_address_group_id' in (created.data as { rule: object }).rule).toBe(false));
  });
});
