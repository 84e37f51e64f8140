// Loaded by the archive's thread too: it imports nothing.

/**
 * A goal state's checksum is the sum, modulo 2^256, of one digest per entry (sha256 of the entry's
 * text, read as a big-endian number), so an op changes it by subtracting the old entry's digest and
 * adding the new one's: O(1) per op, whatever the size of the goal state, and a snapshot is never
 * hashed again. The digest itself comes from the southbound (this folder does no I/O and no crypto).
 */

/** An entry as its digest is taken of: `kind TAB id-as-JSON TAB body-as-canonical-JSON`, as the archive's entry lines hold it. */
export const entryText = (kind: string, id: string, encodedBody: string): string => `${kind}\t${JSON.stringify(id)}\t${encodedBody}`;

/** sha256 of an entry's text (see entryText) as 32 one-byte characters (latin1): compact to keep beside each entry. */
export type EntryDigest = (entryText: string) => string;

const BYTES = 32;

/** A checksum in the making: 32 bytes, big-endian, added to and subtracted from modulo 2^256. */
export class Checksum {
  private readonly bytes = new Uint8Array(BYTES);

  /** Adds a digest given as 32 bytes or 32 one-byte characters. */
  add(digest: string | Uint8Array): void {
    this.combine(digest, 1);
  }

  subtract(digest: string | Uint8Array): void {
    this.combine(digest, -1);
  }

  // One loop per form of digest, not a reader closure for both: a start from a checkpoint sums
  // every entry of every host here, and the closure's call per byte was 4 % of that start.
  private combine(digest: string | Uint8Array, sign: 1 | -1): void {
    const bytes = this.bytes;
    let carry = 0;
    // value is in [-256, 511]: the byte is its residue, the carry or borrow what is left.
    if (typeof digest === 'string')
      for (let i = BYTES - 1; i >= 0; i--) {
        const value = bytes[i] + sign * digest.charCodeAt(i) + carry;
        bytes[i] = value & 0xff;
        carry = value >> 8;
      }
    else
      for (let i = BYTES - 1; i >= 0; i--) {
        const value = bytes[i] + sign * digest[i] + carry;
        bytes[i] = value & 0xff;
        carry = value >> 8;
      }
  }

  /** 64 lowercase hex digits; the empty goal state's is 64 zeros. */
  hex(): string {
    let text = '';
    for (const byte of this.bytes) text += byte.toString(16).padStart(2, '0');
    return text;
  }
}
