import * as t from 'io-ts';
import { byIdCommand, nullable, Tags } from '../common/codecs.js';

export const CreateFloatingIp = t.type({
  type: t.literal('CreateFloatingIp'),
  floating_ip: t.intersection([
    t.type({ id: t.string, project_id: t.string, floating_network_id: t.string, description: t.string, tags: Tags }),
    /** Absent address: the next free one of the network's (or the given subnet's) pools. */
    t.partial({ floating_ip_address: t.string, subnet_id: t.string, port_id: t.string, fixed_ip_address: t.string }),
  ]),
  /** Id of the external network's port that will hold the address, and random bits for its MAC (domain/ draws no randomness). */
  floating_port_id: t.string,
  mac_entropy: t.string,
});
export const UpdateFloatingIp = t.intersection([
  t.type({
    type: t.literal('UpdateFloatingIp'),
    id: t.string,
    /** port_id null releases the floating IP from its port; a port id (and maybe one of its fixed ips) maps it there. */
    changes: t.partial({ port_id: nullable(t.string), fixed_ip_address: nullable(t.string), description: t.string, tags: Tags }),
  }),
  t.partial({ if_revision: t.number }),
]);
export const DeleteFloatingIp = byIdCommand('DeleteFloatingIp', {});
export type CreateFloatingIp = t.TypeOf<typeof CreateFloatingIp>;
export type UpdateFloatingIp = t.TypeOf<typeof UpdateFloatingIp>;
export type DeleteFloatingIp = t.TypeOf<typeof DeleteFloatingIp>;
