import { describe, expect, it } from 'vitest';
import { AnswerMemory } from './answer-memory.js';

describe('answer memory', () => {
  it('is used again once given back, never by two takers at once, and grows to the longest answer', () => {
    const answers = new AnswerMemory(2);
    const first = answers.take();
    const second = answers.take();
    expect(second).not.toBe(first);
    answers.give(first, 10);
    expect(answers.take()).toBe(first);

    // An answer that did not fit: memory that short is no longer kept, the next is long enough.
    answers.give(second, second.byteLength + 1);
    answers.give(first, 10);
    const longer = answers.take();
    expect(longer).not.toBe(first);
    expect(longer.byteLength).toBeGreaterThan(second.byteLength);
    answers.give(longer, 10);
    expect(answers.take()).toBe(longer);
  });
});
