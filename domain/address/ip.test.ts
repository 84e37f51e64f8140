import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { formatIp, ipFromValue, parseIp } from './ip.js';

const roundTrip = (text: string) => E.map(formatIp)(parseIp(text));

describe('parseIp', () => {
  it('reads IPv4 dotted quads', () => {
    expect(parseIp('10.0.0.1')).toEqual(E.right({ version: 4, value: 0x0a000001n }));
    expect(parseIp('0.0.0.0')).toEqual(E.right({ version: 4, value: 0n }));
    expect(parseIp('255.255.255.255')).toEqual(E.right({ version: 4, value: 0xffffffffn }));
  });

  it('reads IPv6 in every spelling', () => {
    expect(parseIp('::')).toEqual(E.right({ version: 6, value: 0n }));
    expect(parseIp('::1')).toEqual(E.right({ version: 6, value: 1n }));
    expect(parseIp('fe80::')).toEqual(E.right({ version: 6, value: 0xfe80n << 112n }));
    expect(parseIp('FE80:0:0:0:0:0:0:0')).toEqual(parseIp('fe80::'));
    expect(parseIp('fe80:0000::0001')).toEqual(E.right({ version: 6, value: (0xfe80n << 112n) | 1n }));
  });

  it('keeps IPv4-mapped and IPv4-compatible addresses as IPv6, with their true value', () => {
    expect(parseIp('::ffff:192.0.2.1')).toEqual(E.right({ version: 6, value: 0xffffc0000201n }));
    expect(parseIp('::1.2.3.4')).toEqual(E.right({ version: 6, value: 0x01020304n }));
  });

  it.each([
    ['', 'empty'],
    [' 10.0.0.1', 'surrounding spaces'],
    ['10.0.0.1\n', 'surrounding spaces'],
    ['010.0.0.1', "'010' has a leading zero"],
    ['10.0.0.256', "'256' is greater than 255"],
    ['1.2.3', 'four decimal numbers'],
    ['1.2.3.4.5', 'four decimal numbers'],
    ['0x0a.0.0.1', 'four decimal numbers'],
    ['abc', 'four decimal numbers'],
    ['fe80::1%eth0', "zone indexes ('%eth0')"],
    ['1::2::3', 'at most four digits'],
    ['12345::', 'at most four digits'],
    ['1:2:3:4:5:6:7:8:9', 'at most four digits'],
    ['g::1', 'hexadecimal groups'],
    ['[::1]', 'hexadecimal groups'],
    ['::ffff:010.0.0.1', "'010' has a leading zero"],
    ['::ffff:1.2.3', 'four decimal numbers'],
  ])('rejects %j (%s)', (text, reason) => {
    const result = parseIp(text);
    expect(result).toEqual(E.left(expect.stringContaining(reason)));
    expect(result).toEqual(E.left(expect.stringMatching(/^'.*' is not a valid IP address: /s)));
  });
});

describe('formatIp', () => {
  it('writes RFC 5952 text', () => {
    expect(roundTrip('2001:0DB8:0:0:0:0:0:1')).toEqual(E.right('2001:db8::1'));
    // the first of two equally long zero runs is the one compressed
    expect(roundTrip('2001:db8:0:0:1:0:0:1')).toEqual(E.right('2001:db8::1:0:0:1'));
    // a single zero group is not compressed
    expect(roundTrip('2001:db8:0:1:1:1:1:1')).toEqual(E.right('2001:db8:0:1:1:1:1:1'));
    expect(roundTrip('fe80:0:0:0:0:0:0:0')).toEqual(E.right('fe80::'));
    expect(roundTrip('::ffff:c000:201')).toEqual(E.right('::ffff:192.0.2.1'));
  });

  it('round-trips every value of both families', () => {
    const ips = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }).map((v) => ipFromValue(4, v)),
      fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map((v) => ipFromValue(6, v)),
    );
    fc.assert(
      fc.property(ips, (ip) => {
        expect(parseIp(formatIp(ip))).toEqual(E.right(ip));
      }),
    );
  });
});

describe('ipFromValue', () => {
  it('refuses values outside the family, which only a bug can produce', () => {
    expect(() => ipFromValue(4, 1n << 32n)).toThrow(RangeError);
    expect(() => ipFromValue(6, -1n)).toThrow(RangeError);
  });
});
