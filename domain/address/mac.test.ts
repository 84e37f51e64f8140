import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_MAC_PREFIX, macFromEntropy, nextMacCandidate, parseMac, parseUnicastMac } from './mac.js';

describe('parseMac', () => {
  it('accepts colon and dash forms, returning lower-case colon form', () => {
    expect(parseMac('fa:16:3e:12:34:56')).toEqual(E.right('fa:16:3e:12:34:56'));
    expect(parseMac('FA-16-3E-AB-CD-EF')).toEqual(E.right('fa:16:3e:ab:cd:ef'));
    expect(parseMac('02:00:00:00:00:00')).toEqual(E.right('02:00:00:00:00:00'));
  });

  it.each([
    ['', 'expected six hexadecimal octets'],
    ['fa:16:3e:12:34', 'expected six hexadecimal octets'],
    ['fa:16:3e:12:34:56:78', 'expected six hexadecimal octets'],
    ['fa:16-3e:12:34:56', 'expected six hexadecimal octets'],
    ['fa163e123456', 'expected six hexadecimal octets'],
    ['fa:16:3e:12:34:5g', 'expected six hexadecimal octets'],
    [' fa:16:3e:12:34:56', 'expected six hexadecimal octets'],
    ['00:00:00:00:00:00', 'all zeros'],
  ])('rejects %j (%s)', (text, reason) => {
    expect(parseMac(text)).toEqual(E.left(expect.stringContaining(reason)));
    expect(parseMac(text)).toEqual(E.left(expect.stringContaining(`'${text}' is not a valid MAC address`)));
  });

  it.each(['01:00:5e:00:00:01', 'ff:ff:ff:ff:ff:ff', '33-33-00-00-00-01'])('takes the multicast %j for a port, as Neutron does, but not for a host', (text) => {
    expect(E.isRight(parseMac(text))).toBe(true);
    expect(parseUnicastMac(text)).toEqual(E.left(expect.stringContaining('multicast')));
  });
});

describe('generated MACs', () => {
  it('put the low 24 bits of the entropy after the prefix', () => {
    expect(macFromEntropy(DEFAULT_MAC_PREFIX, 0x123456n)).toBe('fa:16:3e:12:34:56');
    expect(macFromEntropy(DEFAULT_MAC_PREFIX, 0xabc000001n)).toBe('fa:16:3e:00:00:01');
    expect(() => macFromEntropy('fa:16', 1n)).toThrow();
  });

  it('step to the next suffix, wrapping inside the prefix', () => {
    expect(nextMacCandidate('fa:16:3e:00:00:ff')).toBe('fa:16:3e:00:01:00');
    expect(nextMacCandidate('fa:16:3e:ff:ff:ff')).toBe('fa:16:3e:00:00:00');
  });

  it('are valid port MACs for any entropy', () => {
    fc.assert(
      fc.property(fc.bigInt(), (entropy) => {
        const mac = macFromEntropy(DEFAULT_MAC_PREFIX, entropy);
        expect(parseMac(mac)).toEqual(E.right(mac));
        expect(parseMac(nextMacCandidate(mac))).toEqual(E.right(nextMacCandidate(mac)));
      }),
    );
  });
});
