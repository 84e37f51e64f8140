/**
 * The one encoding of goal states and diffs: JSON with object keys sorted at every depth, no
 * whitespace, undefined members dropped. Equal values give equal bytes, so digests are stable.
 *
 * `known` holds encodings already made in one pass over unchanging values: an object met again
 * (one neighbor body in the diffs of a thousand hosts) is encoded once, not once per host.
 */
export const canonicalJson = (value: unknown, known?: Map<object, string>): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const seen = known?.get(value);
  if (seen !== undefined) return seen;
  // The bodies are built in key order (bodies.ts): the native encoder then writes the same bytes, three times as fast.
  const text = inCanonicalOrder(value) ? JSON.stringify(value) : sortedJson(value, known);
  known?.set(value, text);
  return text;
};

const sortedJson = (value: object, known?: Map<object, string>): string => {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item, known))).join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(member, known)}`);
  }
  return `{${members.join(',')}}`;
};

/**
 * Whether JSON.stringify writes `value`'s canonical JSON: plain objects and arrays whose keys are
 * in sorted order at every depth (it drops undefined members and writes undefined items as null,
 * as canonicalJson does). A key order broken anywhere gives false, and the sorting encoder.
 */
export const inCanonicalOrder = (value: unknown): boolean => {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!inCanonicalOrder(value[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (!inCanonicalOrder((value as Record<string, unknown>)[key])) return false;
  }
  return true;
};
