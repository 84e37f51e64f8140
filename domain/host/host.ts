import * as t from 'io-ts';
import { changesOf, StandardAttributes } from '../common/codecs.js';

/** A compute node whose agent programs the ports bound to it. */
export const HostFields = t.type({
  id: t.string,
  name: t.string,
  description: t.string,
  /** Underlay address that other hosts tunnel to. */
  tunnel_ip: t.string,
  mac: t.string,
});
export type HostFields = t.TypeOf<typeof HostFields>;

export const Host = t.intersection([HostFields, StandardAttributes]);
export type Host = t.TypeOf<typeof Host>;

export const HostChanges = changesOf(HostFields, ['id']);
export type HostChanges = t.TypeOf<typeof HostChanges>;

export const streamOfHost = (hostId: string): string => `host-${hostId}`;
