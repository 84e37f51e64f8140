import { describe, expect, it } from 'vitest';
import { createNetwork, createSubnetPool, networkRequest, subnetRequest } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';
import type { Command } from '../commands.js';

const subnets = (...requests: ReturnType<typeof subnetRequest>[]): Command => ({ type: 'CreateSubnets', subnets: requests });

describe('a bulk create of subnets (one append, whatever the networks)', () => {
  it('writes every network its subnets in one decision', () => {
    const spec = deciderSpec(createNetwork('a'), createNetwork('b')).when(subnets(subnetRequest('s1', 'a', '10.1.0.0/24'), subnetRequest('s2', 'b', '10.2.0.0/24'), subnetRequest('s3', 'a', 'fd00::/64')));
    expect(spec.decision._tag === 'Right' && spec.decision.right.map((part) => [part.stream, part.events.length])).toEqual([['network-a', 2], ['network-b', 1]]);
  });

  it('sees the subnets decided before in the same create: an overlap in one network refuses them all', () => {
    deciderSpec(createNetwork('a'), createNetwork('b'))
      .when(subnets(subnetRequest('s1', 'a', '10.1.0.0/24'), subnetRequest('s2', 'b', '10.2.0.0/24'), subnetRequest('s3', 'a', '10.1.0.128/25')))
      .thenError('InvalidInput', /overlaps with another subnet/);
  });

  it('takes each subnet of a pool from the prefixes the earlier ones left', () =>
    deciderSpec(createSubnetPool('sp', ['10.210.0.0/16'], { default_prefixlen: 24 }), createNetwork('a'), createNetwork('b'))
      .when(subnets(subnetRequest('s1', 'a', '', { cidr: undefined, subnetpool_id: 'sp' }), subnetRequest('s2', 'b', '', { cidr: undefined, subnetpool_id: 'sp' })))
      .then((events) =>
        expect(events.filter((event) => event.type === 'SubnetPoolPrefixAllocated').map((event) => event.data)).toEqual([
          { subnetpool_id: 'sp', subnet_id: 's1', cidr: '10.210.0.0/24' },
          { subnetpool_id: 'sp', subnet_id: 's2', cidr: '10.210.1.0/24' },
        ]),
      ));

  it('counts them all against the quota', () =>
    deciderSpec(createNetwork('a'), { type: 'UpdateQuota', project_id: 'p', limits: { subnet: 1 } })
      .when(subnets(subnetRequest('s1', 'a', '10.1.0.0/24'), subnetRequest('s2', 'a', '10.2.0.0/24')))
      .thenError('OverQuota'));
});

describe('a bulk create of networks', () => {
  it('gives each its own segmentation id, reserved in the same append', () => {
    const spec = deciderSpec(createNetwork('n0', { segmentation_id: 2 })).when({ type: 'CreateNetworks', networks: [networkRequest('a'), networkRequest('b'), networkRequest('c', { segmentation_id: 5 })] });
    spec.then((events) =>
      expect(events.filter((event) => event.type === 'SegmentationIdReserved').map((event) => event.data)).toEqual([
        { segmentation_id: 1, network_id: 'a' },
        { segmentation_id: 3, network_id: 'b' },
        { segmentation_id: 5, network_id: 'c' },
      ]),
    );
  });

  it('refuses them all when one is refused, or when two ask for one segmentation id', () => {
    deciderSpec().when({ type: 'CreateNetworks', networks: [networkRequest('a'), networkRequest('b', { mtu: 9999 })] }).thenError('InvalidInput', /MTU is too big/);
    deciderSpec().when({ type: 'CreateNetworks', networks: [networkRequest('a', { segmentation_id: 7 }), networkRequest('b', { segmentation_id: 7 })] }).thenError('Conflict', /VXLAN 7 is in use/);
  });
});
