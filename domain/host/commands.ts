import * as t from 'io-ts';
import { byIdCommand } from '../common/codecs.js';
import { HostChanges, HostFields } from './host.js';

export const RegisterHost = t.type({ type: t.literal('RegisterHost'), host: HostFields });
export const UpdateHost = byIdCommand('UpdateHost', { changes: HostChanges });
export const RemoveHost = byIdCommand('RemoveHost', {});
export type RegisterHost = t.TypeOf<typeof RegisterHost>;
export type UpdateHost = t.TypeOf<typeof UpdateHost>;
export type RemoveHost = t.TypeOf<typeof RemoveHost>;
