import { describe, expect, it } from 'vitest';
import { RebuildQueue, WorldRebuildsBusy } from './rebuild-queue.js';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

describe('the rebuild queue', () => {
  it('runs as many as allowed, lines up the next ones, and refuses beyond', async () => {
    const queue = new RebuildQueue({ running: 1, waiting: 1, retryAfterSeconds: 7 });
    const first = gate();
    const started: string[] = [];
    const a = queue.admit(async () => {
      started.push('a');
      await first.opened;
      return 'a';
    });
    const b = queue.admit(async () => {
      started.push('b');
      return 'b';
    });
    let refused: unknown;
    try {
      void queue.admit(async () => 'c');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(WorldRebuildsBusy);
    expect((refused as WorldRebuildsBusy).retryAfterSeconds).toBe(7);
    await Promise.resolve();
    expect(started).toEqual(['a']);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    // Slots are free again, also after a rebuild that failed.
    await expect(queue.admit(async () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(await queue.admit(async () => 'd')).toBe('d');
    expect(await queue.admit(async () => 'e')).toBe('e');
  });
});
