import type { StandardAttributes } from './codecs.js';
import { flatText } from './flat-text.js';

/** The last timestamp made: the resources of one command, or of one second, share its string. */
let lastTime = '';

/** Neutron shows timestamps to the second, without fraction: "2026-11-22T05:01:08Z". */
const neutronTime = (iso: string): string => {
  const time = `${iso.slice(0, 19)}Z`;
  if (time !== lastTime) lastTime = flatText(time);
  return lastTime;
};

export const created = (decidedAt: string): StandardAttributes => {
  // One string for both: every resource keeps them until its first update.
  const at = neutronTime(decidedAt);
  return { created_at: at, updated_at: at, revision_number: 0 };
};

/** Every accepted change to a resource bumps its revision, as Neutron's standard-attr-revisions does. */
export const touched = <R extends StandardAttributes>(resource: R, decidedAt: string): R => ({ ...resource, ...touchedAttributes(resource, decidedAt) });

/** The standard attributes `touched` gives the resource. */
export const touchedAttributes = (resource: StandardAttributes, decidedAt: string): StandardAttributes => ({
  created_at: resource.created_at,
  updated_at: neutronTime(decidedAt),
  revision_number: resource.revision_number + 1,
});
