/**
 * Promises waiting for the world to reach a log position, released in position order. Each wait
 * has a bound: it answers false when its time runs out or the fold stopped for good, true once
 * the position was reached.
 */
export class PositionWaiters {
  private readonly waiting: { position: number; settle: (reached: boolean) => void }[] = [];
  private stopped = false;

  waitFor(position: number, current: number, timeoutMs: number): Promise<boolean> {
    if (position <= current) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(false);
      }, timeoutMs);
      const entry = {
        position,
        settle: (reached: boolean) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      // Appends usually complete in position order, so the new waiter nearly always goes last.
      let index = this.waiting.length;
      while (index > 0 && this.waiting[index - 1].position > position) index--;
      this.waiting.splice(index, 0, entry);
    });
  }

  reached(position: number): void {
    let count = 0;
    while (count < this.waiting.length && this.waiting[count].position <= position) count++;
    if (count === 0) return;
    for (const entry of this.waiting.splice(0, count)) entry.settle(true);
  }

  /** The fold stopped (or the engine did): every wait, now and later, answers false. */
  stopAll(): void {
    this.stopped = true;
    for (const entry of this.waiting.splice(0)) entry.settle(false);
  }
}
