import * as E from 'fp-ts/lib/Either.js';

/** OpenStack's default prefix: a locally administered, unicast OUI. */
export const DEFAULT_MAC_PREFIX = 'fa:16:3e';

const MAC = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i;
const MAC_PREFIX = /^[0-9a-f]{2}(:[0-9a-f]{2}){2}$/;

/**
 * Parses a port's MAC ('aa:bb:cc:dd:ee:ff' or 'AA-BB-CC-DD-EE-FF') into lower-case
 * colon form. A multicast address is taken, as Neutron takes it; all zeros names no interface.
 */
export const parseMac = (text: string): E.Either<string, string> => {
  if (!MAC.test(text)) {
    return E.left(`'${text}' is not a valid MAC address: expected six hexadecimal octets like fa:16:3e:12:34:56`);
  }
  const mac = text.toLowerCase().replaceAll('-', ':');
  if (mac === '00:00:00:00:00:00') {
    return E.left(`'${text}' is not a valid MAC address for a port: it is all zeros`);
  }
  return E.right(mac);
};

/** A host's underlay MAC: one interface's own, so never a multicast address. */
export const parseUnicastMac = (text: string): E.Either<string, string> =>
  E.chain((mac: string) => (parseInt(mac.slice(0, 2), 16) & 1 ? E.left(`'${text}' is not a valid MAC address for a host: it is a multicast address`) : E.right(mac)))(parseMac(text));

const suffixOf = (bits: bigint): string => {
  const hex = (bits & 0xffffffn).toString(16).padStart(6, '0');
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4)}`;
};

/** The prefix's three octets followed by the low 24 bits of `entropy`. */
export const macFromEntropy = (prefix: string, entropy: bigint): string => {
  if (!MAC_PREFIX.test(prefix)) throw new Error(`'${prefix}' is not a lower-case three-octet MAC prefix`);
  return `${prefix}:${suffixOf(entropy)}`;
};

/**
 * The address after `mac` within its prefix, wrapping the 24-bit suffix, so a
 * colliding random proposal is resolved the same way on every replay.
 */
export const nextMacCandidate = (mac: string): string => {
  const suffix = BigInt(`0x${mac.slice(9).replaceAll(':', '')}`);
  return macFromEntropy(mac.slice(0, 8), suffix + 1n);
};
