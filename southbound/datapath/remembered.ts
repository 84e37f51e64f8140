/**
 * A function of a string remembered: a large diff asks the same thing thousands of times (the
 * VXLAN device of a network, the flood entry of a remote host). Bounded, since the ids it is asked
 * for come and go for the life of the agent: full, it starts over.
 */
export const remembered = <A>(make: (key: string) => A, max = 100_000): ((key: string) => A) => {
  const known = new Map<string, A>();
  return (key) => {
    const found = known.get(key);
    if (found !== undefined) return found;
    const made = make(key);
    if (known.size >= max) known.clear();
    known.set(key, made);
    return made;
  };
};
