type Typed = Float64Array | Int32Array | Uint8Array;

/** A growable typed array: a few bytes per value instead of a JS array's boxed slots. */
export class Column<T extends Typed> {
  private data: T;
  length = 0;

  constructor(private readonly make: (capacity: number) => T) {
    this.data = make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index];
  }
}

/** How many of the ascending `values` come first with `before` holding for each: a binary search. */
export const countWhile = (values: { readonly length: number; at(index: number): number }, before: (value: number) => boolean): number => {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(values.at(mid))) low = mid + 1;
    else high = mid;
  }
  return low;
};
