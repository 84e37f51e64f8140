import * as E from 'fp-ts/lib/Either.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { World } from '../world.js';

/** Groups must exist; a port without port security can have none (Neutron's rule). */
export const checkSecurityGroups = (
  world: World,
  groups: readonly string[],
  portSecurity: boolean,
): E.Either<DomainError, readonly string[]> => {
  for (const id of groups)
    if (!world.securityGroups.has(id)) return E.left(domainError('SecurityGroupNotFound', `Security group ${id} does not exist`));
  if (!portSecurity && groups.length > 0)
    return E.left(
      domainError(
        'PortSecurityAndIPRequiredForSecurityGroups',
        'Port security must be enabled and port must have an IP address in order to use security groups.',
      ),
    );
  return E.right([...new Set(groups)]);
};
