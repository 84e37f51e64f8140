import { describe, expect, it } from 'vitest';
import { recordedEvent, storedEvent, UndecodableEvent } from './recorded-event.js';

const metadata = { commandId: 'c', correlationId: 'r', actor: { projectId: 'p', userId: 'u' }, decidedAt: '2026-12-03T00:00:00Z' };
const network = { id: 'n1', name: 'a', project_id: 'p', tenant_id: 'p', admin_state_up: true, shared: false, status: 'ACTIVE', mtu: 1450, 'router:external': false, cidr: null, segmentation_id: 100, description: '', tags: [], created_at: 't', updated_at: 't', revision_number: 1 };
const stored = { position: 7, stream: 'network-n1', revision: 0, type: 'NetworkDeleted', version: 1, data: { id: 'n1' }, metadata };

describe('events read back from a store', () => {
  it('decode as the store port and the domain hold them', () => {
    expect(recordedEvent(storedEvent(stored))).toEqual(stored);
  });

  it('refuse a record that is not a stored event, naming its stream and position', () => {
    for (const record of [{ ...stored, metadata: { ...metadata, actor: undefined } }, { ...stored, revision: '0' }, { ...stored, type: undefined }]) {
      expect(() => storedEvent(record)).toThrow(UndecodableEvent);
      expect(() => storedEvent(record)).toThrow(/position 7 of stream "network-n1"/);
    }
    expect(() => storedEvent(null)).toThrow(UndecodableEvent);
  });

  it('refuse an event of no known type, of another version, or whose data is not its type’s', () => {
    expect(() => recordedEvent({ ...stored, type: 'NetworkRenamed' })).toThrow(/position 7 of stream "network-n1" does not decode: no event type "NetworkRenamed"/);
    expect(() => recordedEvent({ ...stored, version: 2 })).toThrow(UndecodableEvent);
    expect(() => recordedEvent({ ...stored, data: { id: 1 } })).toThrow(/position 7 .*id/);
    expect(recordedEvent({ ...stored, type: 'NetworkCreated', data: { network } }).data).toEqual({ network });
    expect(() => recordedEvent({ ...stored, type: 'NetworkCreated', data: { network: { ...network, mtu: 'big' } } })).toThrow(/mtu/);
  });
});
