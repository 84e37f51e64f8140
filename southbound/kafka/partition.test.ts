import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { partitionOf } from './partition.js';

const { Partitioners } = kafkajs;

describe('partitionOf', () => {
  it("picks the partition kafkajs's default (Java-compatible) partitioner picks for the same key", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 8, 64])
      for (const key of ['', 'h', 'h0', 'host-17', 'compute-0042.rack-7', 'ünïcode-host', 'abcdefghijklmnop']) {
        const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
        expect(partitionOf(key, partitions)).toBe(partitioner({ topic: 't', partitionMetadata, message: { key, value: null } }));
      }
  });
});
