/** Promises waiting for the world to reach a log position, released in position order. */
export class PositionWaiters {
  private readonly waiting: { position: number; resolve: () => void }[] = [];

  waitFor(position: number, current: number): Promise<void> {
    if (position <= current) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = { position, resolve };
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
    for (const entry of this.waiting.splice(0, count)) entry.resolve();
  }

  closeAll(): void {
    for (const entry of this.waiting.splice(0)) entry.resolve();
  }
}
