import * as E from 'fp-ts/lib/Either.js';
import { formatCidr, parseCidr } from '../address/cidr.js';
import { formatIp, parseIp } from '../address/ip.js';
import { parseMac } from '../address/mac.js';
import { domainError, type DomainError } from '../common/errors.js';
import type { AddressPairRequest, DhcpOptionRequest } from './commands.js';
import type { AddressPair, DhcpOption } from './port.js';

/** An address pair's address in canonical form: one address, or a cidr (host bits refused, as Neutron does). */
const pairAddress = (text: string): E.Either<DomainError, string> => {
  if (!text.includes('/')) {
    const ip = parseIp(text);
    return E.isRight(ip) ? E.right(formatIp(ip.right)) : E.left(domainError('HTTPBadRequest', `'${text}' is not a valid IP address`));
  }
  const cidr = parseCidr(text);
  return E.isRight(cidr) ? E.right(formatCidr(cidr.right)) : E.left(domainError('HTTPBadRequest', `'${text}' is not a valid IP address`));
};

/** Requested pairs with canonical addresses, each with its MAC (the port's own when none is given); a pair twice is refused. */
export const addressPairs = (requests: readonly AddressPairRequest[], portMac: string): E.Either<DomainError, AddressPair[]> => {
  const pairs: AddressPair[] = [];
  for (const request of requests) {
    const address = pairAddress(request.ip_address);
    if (E.isLeft(address)) return address;
    let mac = portMac;
    if (request.mac_address !== undefined) {
      const parsed = parseMac(request.mac_address);
      if (E.isLeft(parsed)) return E.left(domainError('InvalidInput', `Invalid input for mac_address. Reason: ${parsed.left}.`));
      mac = parsed.right;
    }
    if (pairs.some((p) => p.ip_address === address.right && p.mac_address === mac))
      return E.left(
        domainError(
          'DuplicateAddressPairInRequest',
          `Request contains duplicate address pair: mac_address ${request.mac_address ?? 'None'} ip_address ${request.ip_address}.`,
        ),
      );
    pairs.push({ ip_address: address.right, mac_address: mac });
  }
  return E.right(pairs);
};

/** Pairs widen what anti-spoofing lets through, so a port without it has none (Neutron's rule). */
export const checkPairsNeedPortSecurity = (pairs: readonly AddressPair[], portSecurity: boolean): E.Either<DomainError, void> =>
  pairs.length > 0 && !portSecurity
    ? E.left(domainError('AddressPairAndPortSecurityRequired', 'Port Security must be enabled in order to have allowed address pairs on a port.'))
    : E.right(undefined);

/**
 * A port's DHCP options after a request: on create the list as asked; on update, as Neutron does,
 * an option named again replaces the one of that name and version, and one with a null value goes.
 */
export const dhcpOptions = (current: readonly DhcpOption[], requests: readonly DhcpOptionRequest[]): DhcpOption[] => {
  const options = [...current];
  for (const request of requests) {
    const version = request.ip_version ?? 4;
    const at = options.findIndex((o) => o.opt_name === request.opt_name && o.ip_version === version);
    if (at !== -1) options.splice(at, 1);
    if (request.opt_value !== null) options.splice(at === -1 ? options.length : at, 0, { opt_name: request.opt_name, opt_value: request.opt_value, ip_version: version });
  }
  return options;
};
