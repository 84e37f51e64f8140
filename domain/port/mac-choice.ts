import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_MAC_PREFIX, macFromEntropy, nextMacCandidate, parseMac } from '../address/mac.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { NetworkState } from '../world.js';

const taken = (network: NetworkState, mac: string, portId: string, chosen: ReadonlySet<string>): boolean => {
  const holder = network.macs.get(mac);
  return (holder !== undefined && holder !== portId) || chosen.has(mac);
};

/** A MAC unique in its network: the requested one, or one derived from the caller's entropy. */
export const chooseMac = (
  network: NetworkState,
  requested: string | undefined,
  entropy: string,
  portId: string,
  chosen: Set<string>,
): E.Either<DomainError, string> => {
  if (requested !== undefined) {
    const mac = parseMac(requested);
    if (E.isLeft(mac)) return E.left(domainError('InvalidInput', `Invalid input for mac_address. Reason: ${mac.left}.`));
    if (taken(network, mac.right, portId, chosen))
      return E.left(
        domainError('MacAddressInUse', `Unable to complete operation for network ${network.network.id}. The mac address ${mac.right} is in use.`),
      );
    chosen.add(mac.right);
    return E.right(mac.right);
  }
  if (!/^\d+$/.test(entropy)) throw new Error(`mac entropy must be a decimal integer, got ${entropy}`);
  let mac = macFromEntropy(DEFAULT_MAC_PREFIX, BigInt(entropy));
  // A collision walks deterministically to the next address, so replay and retries agree.
  for (let tries = 0; taken(network, mac, portId, chosen); tries++) {
    if (tries > 1 << 24) return E.left(domainError('MacAddressInUse', `No free mac address in network ${network.network.id}.`));
    mac = nextMacCandidate(mac);
  }
  chosen.add(mac);
  return E.right(mac);
};
