/**
 * Memory the archive's thread writes goal states into, owned by the server's thread and used again
 * read after read. A big host's goal state is megabytes: in fresh memory for every read it was new
 * external memory of the server's heap each time, which V8 answers with a scavenge every few reads
 * (10–15 ms each with a million ports in the heap).
 */
export class AnswerMemory {
  private free: SharedArrayBuffer[] = [];
  /** The longest answer seen: memory is taken at least this long, so it fits from then on. */
  private longest = 0;

  constructor(private readonly kept = 4) {}

  /** Memory for one answer, the caller's until given back. */
  take(): SharedArrayBuffer {
    const fitting = this.free.findIndex((memory) => memory.byteLength >= this.longest);
    if (fitting >= 0) return this.free.splice(fitting, 1)[0];
    return new SharedArrayBuffer(Math.max(64 * 1024, Math.ceil(this.longest * 1.25)));
  }

  /** Memory taken, back once nothing reads it any more; `answered` is how long the answer was (it may not have fitted). */
  give(memory: SharedArrayBuffer, answered: number): void {
    if (answered > this.longest) {
      this.longest = answered;
      this.free = this.free.filter((kept) => kept.byteLength >= answered);
    }
    if (memory.byteLength >= this.longest && this.free.length < this.kept) this.free.push(memory);
  }
}
