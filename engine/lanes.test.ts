import { describe, expect, it } from 'vitest';
import { LaneFull, Lanes } from './lanes.js';

/** Work that runs until released, recording when it started. */
const gate = (log: string[], name: string) => {
  let open!: () => void;
  const released = new Promise<void>((resolve) => (open = resolve));
  return { work: async () => (log.push(name), await released), open };
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('lanes', () => {
  it('run a stream\'s writers one at a time and its readers side by side, in arrival order', async () => {
    const lanes = new Lanes(16, 64);
    const log: string[] = [];
    const [a, b, c, d] = ['read-1', 'read-2', 'write', 'read-3'].map((name) => gate(log, name));
    const runs = [
      lanes.run({ writes: ['net-1'], reads: ['host-1'] }, a.work),
      lanes.run({ writes: ['net-2'], reads: ['host-1'] }, b.work),
      lanes.run({ writes: ['host-1'], reads: [] }, c.work),
      lanes.run({ writes: ['net-3'], reads: ['host-1'] }, d.work),
    ];
    await settle();
    expect(log).toEqual(['read-1', 'read-2']);
    a.open();
    await settle();
    expect(log).toEqual(['read-1', 'read-2']);
    b.open();
    await settle();
    expect(log).toEqual(['read-1', 'read-2', 'write']);
    c.open();
    await settle();
    expect(log).toEqual(['read-1', 'read-2', 'write', 'read-3']);
    d.open();
    await Promise.all(runs);
  });

  it('start a command only when it is free in every lane it joined, with no deadlock between overlapping claims', async () => {
    const lanes = new Lanes(64, 64);
    const log: string[] = [];
    const runs = Array.from({ length: 30 }, (_, i) => {
      const streams = { writes: [`s-${i % 3}`, `s-${(i + 1) % 3}`], reads: [`s-${(i + 2) % 3}`] };
      return lanes.run(streams, async () => {
        log.push(`start-${i}`);
        await settle();
        log.push(`end-${i}`);
      });
    });
    await Promise.all(runs);
    // Every pair of claims shares a written stream, so no two run at once.
    for (let i = 0; i < 30; i++) expect(log.slice(2 * i, 2 * i + 2)).toEqual([`start-${i}`, `end-${i}`]);
    expect(lanes.depth).toBe(0);
  });

  it('let a command start against decided ones when they are all of one chain, which it joins; else it waits', async () => {
    const lanes = new Lanes<string>(16, 64);
    const log: string[] = [];
    const decided = (stream: string, chain: string) => {
      let decide!: () => void;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const run = lanes.run({ writes: [stream], reads: [] }, async (place) => {
        decide = () => place.decided(chain);
        await released;
      });
      return { run, decide: () => decide(), release: () => release() };
    };
    const a = decided('net-1', 'chain-a');
    const b = decided('net-2', 'chain-b');
    const second = lanes.run({ writes: ['net-1'], reads: [] }, async (place) => void log.push(`second after ${place.after}`));
    const both = lanes.run({ writes: ['net-2'], reads: ['net-1'] }, async (place) => void log.push(`both after ${place.after}`));
    await settle();
    expect(log).toEqual([]);
    a.decide();
    b.decide();
    await settle();
    // `both` reads net-1 behind chain-a and writes net-2 behind chain-b: it may join neither.
    expect(log).toEqual(['second after chain-a']);
    a.release();
    await settle();
    expect(log).toEqual(['second after chain-a', 'both after chain-b']);
    b.release();
    await Promise.all([a.run, b.run, second, both]);
  });

  it('refuse a command whose written lane is full', async () => {
    const lanes = new Lanes(1, 64);
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = lanes.run({ writes: ['net'], reads: [] }, first.work);
    expect(lanes.run({ writes: ['net'], reads: [] }, async () => undefined)).toBeInstanceOf(LaneFull);
    first.open();
    await running;
  });
});
