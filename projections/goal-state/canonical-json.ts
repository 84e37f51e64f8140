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
  let text: string;
  if (Array.isArray(value)) text = `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item, known))).join(',')}]`;
  else {
    const members: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(member, known)}`);
    }
    text = `{${members.join(',')}}`;
  }
  known?.set(value, text);
  return text;
};
