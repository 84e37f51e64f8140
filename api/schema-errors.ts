import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { NeutronErrorBody } from './errors.js';
import { neutronError } from './errors.js';

/** The attribute a failure is about: `network.admin_state_up` says `admin_state_up`, as Neutron does. */
const attributeOf = (path: string): string => path.split('/').filter((part) => part !== '' && !/^\d+$/.test(part)).slice(1).join('.') || path.replace(/^\//, '');

/**
 * A body that fails its schema, in Neutron's words: a value of the wrong kind where Neutron
 * converts (a boolean, an integer) is InvalidInput; a missing resource key, an unknown attribute
 * or a value out of its set is HTTPBadRequest.
 */
export const schemaFailure = (failure: FastifySchemaValidationError | undefined, context: string | undefined, singular: string | undefined): NeutronErrorBody => {
  if (!failure) return neutronError('HTTPBadRequest', 'Invalid input.');
  const where = failure.instancePath;
  if (where === '' && context === 'body' && singular !== undefined && failure.keyword !== 'additionalProperties')
    return neutronError('HTTPBadRequest', `Unable to find '${singular}' in request body`);
  if (failure.keyword === 'additionalProperties')
    return neutronError('HTTPBadRequest', `Unrecognized attribute(s) '${String(failure.params.additionalProperty)}'`);
  const attribute = where === '' ? (context ?? 'body') : attributeOf(where);
  const expected = failure.keyword === 'type' ? [failure.params.type].flat().map(String) : [];
  if (expected.includes('boolean')) return neutronError('InvalidInput', `Invalid input for operation: the value of ${attribute} cannot be converted to boolean.`);
  if (expected.includes('integer')) return neutronError('InvalidInput', `Invalid input for operation: the value of ${attribute} is not an integer.`);
  return neutronError('HTTPBadRequest', `Invalid input for ${attribute}. Reason: ${failure.message ?? 'invalid'}.`);
};
