/** The log holds damage that is not a torn tail; opening it would risk losing acknowledged events. */
export class CorruptLogError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`corrupt event log: ${file} at offset ${offset}: ${reason}`);
    this.name = 'CorruptLogError';
  }
}
