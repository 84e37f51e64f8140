/**
 * `text` as one flat string. A string made by `+` or a template is a rope: a 32-byte node per
 * join, holding its pieces. Kept for long (a resource's timestamps, a goal state's encodings),
 * the rope costs more than its characters. Reading a character makes V8 flatten it in place, and
 * the next collection drops the rope's nodes.
 */
export const flatText = (text: string): string => {
  text.charCodeAt(0);
  return text;
};
