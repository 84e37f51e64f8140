/** Small integer codes for repeated strings (projects, actors, event types), so a column holds them. */
export class Codes {
  private readonly codes: Map<string, number>;

  /** Empty, or the codes a checkpoint saved. */
  constructor(saved: ReadonlyMap<string, number> = new Map()) {
    this.codes = new Map(saved);
  }

  /** A copy, which later codes leave as it is. */
  saved(): ReadonlyMap<string, number> {
    return new Map(this.codes);
  }

  codeOf(text: string): number {
    let code = this.codes.get(text);
    if (code === undefined) this.codes.set(text, (code = this.codes.size));
    return code;
  }

  /** The code of a string seen before, or undefined: then no event carries it. */
  find(text: string): number | undefined {
    return this.codes.get(text);
  }
}
