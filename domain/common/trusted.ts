import * as E from 'fp-ts/lib/Either.js';
import { parseCidr, parseCidrBlock, type Cidr } from '../address/cidr.js';
import { parseIp, type Ip } from '../address/ip.js';

/** Parses addresses that a decision already validated; a failure here is a bug, not bad input. */
const trusted = <T>(result: E.Either<string, T>, what: string): T => {
  if (E.isLeft(result)) throw new Error(`invalid ${what} in a recorded event: ${result.left}`);
  return result.right;
};

export const trustedIp = (text: string): Ip => trusted(parseIp(text), 'ip address');
export const trustedCidr = (text: string): Cidr => trusted(parseCidr(text), 'cidr');
/** A rule's remote prefix as stored (host bits as the user gave them): the block it names. */
export const trustedCidrBlock = (text: string): Cidr => trusted(parseCidrBlock(text), 'cidr');
