import * as t from 'io-ts';
import { HostChanges, HostFields } from './host.js';

export const RegisterHost = t.type({ type: t.literal('RegisterHost'), host: HostFields });
export const UpdateHost = t.intersection([
  t.type({ type: t.literal('UpdateHost'), id: t.string, changes: HostChanges }),
  t.partial({ if_revision: t.number }),
]);
export const RemoveHost = t.intersection([
  t.type({ type: t.literal('RemoveHost'), id: t.string }),
  t.partial({ if_revision: t.number }),
]);
export type RegisterHost = t.TypeOf<typeof RegisterHost>;
export type UpdateHost = t.TypeOf<typeof UpdateHost>;
export type RemoveHost = t.TypeOf<typeof RemoveHost>;
