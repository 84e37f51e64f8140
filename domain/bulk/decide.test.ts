import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { bulk, createFloatingIp, createNetwork, createPort, createRouter, createSubnet, ensureDefaultSecurityGroup } from '../../test-kit/commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';
import { streamOfNetwork } from '../network/network.js';
import { streamOfProjectGroups } from '../security-group/security-group.js';

const external = [createNetwork('ext', { 'router:external': true }), createSubnet('ext-sub', 'ext', '203.0.113.0/24', { enable_dhcp: false })];

describe('bulk decider', () => {
  it('decides each member after the ones before it: two floating IPs of one bulk get two addresses, in one part per stream', () => {
    const spec = deciderSpec(...external).when(bulk(createFloatingIp('a', 'ext'), createFloatingIp('b', 'ext')));
    spec.then((events) =>
      expect(events.filter((event) => event.type === 'FloatingIpCreated').map((event) => (event.data as { floating_ip: { floating_ip_address: string } }).floating_ip.floating_ip_address)).toEqual([
        '203.0.113.2',
        '203.0.113.3',
      ]),
    );
    spec.thenParts({ [streamOfNetwork('ext')]: ['PortCreated', 'FloatingIpCreated', 'PortCreated', 'FloatingIpCreated'] });
    // The stream's expected revision is where the world was before the bulk, not after its first member.
    expect(E.isRight(spec.decision) && spec.decision.right[0].expected).toBe(spec.world.streamRevisions.get(streamOfNetwork('ext')));
  });

  it('is refused whole, with the error of the first member refused', () => {
    deciderSpec(...external)
      .when(bulk(createFloatingIp('a', 'ext', { floating_ip_address: '203.0.113.9' }), createFloatingIp('b', 'ext', { floating_ip_address: '203.0.113.9' })))
      .thenError('IpAddressAlreadyAllocated');
    deciderSpec(...external).when(bulk(createFloatingIp('a', 'ghost'), createFloatingIp('b', 'ext', { floating_ip_address: '198.51.100.1' }))).thenError('NetworkNotFound');
  });

  it('counts every member against the quota', () =>
    deciderSpec({ type: 'UpdateQuota', project_id: 'p', limits: { router: 1 } })
      .when(bulk(createRouter('r1'), createRouter('r2')))
      .thenError('OverQuota', /'router'/));

  it('adds no expectation for a stream an earlier member wrote and a later one only read', () => {
    const spec = deciderSpec(createNetwork('n'), createSubnet('s', 'n', '10.0.0.0/24')).when(
      bulk(ensureDefaultSecurityGroup('p', 'default-p'), createPort('vm', 'n', { security_groups: ['default-p'] })),
    );
    spec.thenParts({ [streamOfProjectGroups('p')]: ['SecurityGroupCreated'], [streamOfNetwork('n')]: ['PortCreated'] });
    expect(E.isRight(spec.decision) && spec.decision.right.map((part) => part.expected)).toEqual(['no_stream', spec.world.streamRevisions.get(streamOfNetwork('n'))]);
  });

  it('decides nothing for no member', () => deciderSpec().when(bulk()).thenParts({}));
});
