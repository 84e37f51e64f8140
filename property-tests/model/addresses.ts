import ipaddr from 'ipaddr.js';

/** Address arithmetic for the reference model, on ipaddr.js rather than domain/address, so the two can disagree. */
export interface Block {
  readonly version: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
  readonly prefix: number;
}

const valueOf = (address: ipaddr.IPv4 | ipaddr.IPv6): bigint => address.toByteArray().reduce((sum, byte) => (sum << 8n) | BigInt(byte), 0n);

export const address = (text: string): { version: 4 | 6; value: bigint } => {
  const parsed = ipaddr.parse(text);
  return { version: parsed.kind() === 'ipv4' ? 4 : 6, value: valueOf(parsed) };
};

/** The block holding `text`'s address at its prefix length (host bits cleared). */
export const block = (text: string): Block => {
  const [base, prefix] = ipaddr.parseCIDR(text);
  const version = base.kind() === 'ipv4' ? 4 : 6;
  const hostBits = BigInt((version === 4 ? 32 : 128) - prefix);
  const size = 1n << hostBits;
  const first = valueOf(base) & ~(size - 1n);
  return { version, first, last: first + size - 1n, prefix };
};

export const text = (version: 4 | 6, value: bigint): string => {
  const bytes: number[] = [];
  for (let i = version === 4 ? 3 : 15; i >= 0; i--) bytes.push(Number((value >> BigInt(8 * i)) & 0xffn));
  const parsed = ipaddr.fromByteArray(bytes);
  return parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
};

export const within = (b: Block, a: { version: number; value: bigint }): boolean => a.version === b.version && b.first <= a.value && a.value <= b.last;

/** No network address (nor IPv4 broadcast) in a block big enough to have them: /31, /127 and smaller are all hosts. */
export const reserved = (b: Block, value: bigint): boolean =>
  b.prefix < (b.version === 4 ? 31 : 127) && (value === b.first || (b.version === 4 && value === b.last));
