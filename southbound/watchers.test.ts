import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createNetwork, createPort, createSubnet, registerHost } from '../test-kit/commands.js';
import { HostStreams } from './host-streams.js';
import { engineOn } from '../test-kit/engine-fixture.js';
import { Watchers } from './watchers.js';
import { GoalStates } from '../projections/goal-state/index.js';

/** A reader that never reads: everything written to it stays in its buffer. */
const stalled = () => new Writable({ highWaterMark: 1, write: () => undefined });

describe('watchers', () => {
  it('cut off a reader that stops reading, while the others keep receiving every diff', async () => {
    const streams = new HostStreams(new GoalStates());
    const harness = await engineOn([streams]);
    const watchers = new Watchers(streams, { maxBacklogBytes: 4096, heartbeatMs: 60_000 });
    try {
      for (const host of ['h1', 'h2']) await harness.run(registerHost(host));
      await harness.run(createNetwork('n'));
      await harness.run(createSubnet('s', 'n', '10.0.0.0/22'));
      const slow = stalled();
      const healthy = new PassThrough();
      let received = '';
      healthy.on('data', (chunk: Buffer) => (received += chunk.toString()));
      watchers.watch('h1', 0, slow);
      watchers.watch('h1', 0, healthy);
      expect(watchers.size).toBe(2);
      for (let i = 0; i < 60; i++) await harness.run(createPort(`p${i}`, 'n', { 'binding:host_id': i % 2 ? 'h1' : 'h2', mac_entropy: String(i + 1) }));
      expect(slow.destroyed).toBe(true);
      expect(watchers.sent.cut).toBe(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(watchers.size).toBe(1);
      const seqs = received.trim().split('\n').map((line) => JSON.parse(line).seq);
      expect(seqs).toEqual(Array.from({ length: streams.seqOf('h1') }, (_, i) => i + 1));
    } finally {
      watchers.close();
      await harness.stop();
      await harness.remove();
    }
  });

  it('refuse a watch beyond the cap of its host and beyond the cap of the node, and count a closed watch out', async () => {
    const streams = new HostStreams(new GoalStates());
    const watchers = new Watchers(streams, { maxPerHost: 2, maxTotal: 3, heartbeatMs: 60_000 });
    try {
      const a = new PassThrough();
      for (const out of [a, new PassThrough()]) watchers.watch('h1', 0, out);
      expect(watchers.refusal('h1')).toBe('Host h1 already has 2 watches open.');
      expect(watchers.refusal('h2')).toBeUndefined();
      watchers.watch('h2', 0, new PassThrough());
      expect(watchers.refusal('h3')).toBe('This node already serves 3 watches.');
      a.destroy();
      await new Promise((resolve) => setImmediate(resolve));
      expect(watchers.refusal('h1')).toBeUndefined();
      expect(watchers.refusal('h3')).toBeUndefined();
    } finally {
      watchers.close();
    }
  });
});
