import { describe, expect, it } from 'vitest';
import type { Figure } from './figures.js';
import { SCENARIOS, type ScenarioEntry } from './scenarios.js';

/** Each scenario once at a toy size: the code runs and gives well-formed figures. No timing is checked. */
const wellFormed = (figures: readonly Figure[]) => {
  expect(figures.length).toBeGreaterThan(0);
  expect(new Set(figures.map((f) => f.name)).size).toBe(figures.length);
  for (const f of figures) {
    expect(f.runs).toBe(1);
    expect(Number.isFinite(f.median) && f.min <= f.median && f.median <= f.max).toBe(true);
    if (f.target !== undefined) expect(typeof f.met).toBe('boolean');
  }
};

const runToy = async (entry: ScenarioEntry) => {
  const scenario = await entry.load();
  if ('skipped' in scenario) return;
  const figures = await scenario({ scale: 'toy', runs: 1 });
  wellFormed(figures);
  if (entry.name === 'fan-out') expect(figures.find((f) => f.name.endsWith('ops per other host'))?.median).toBe(1);
};

/** These open (or copy) the same standard log, whose data dir one process at a time may hold. */
const ON_STANDARD_LOG = new Set(['replay', 'agent', 'time-travel', 'memory', 'restart']);

/** The scenarios run side by side with the rest of the suite: on a busy machine some take minutes. */
const TOY_TIMEOUT_MS = 300_000;

describe('bench scenarios at toy size', () => {
  for (const entry of SCENARIOS.filter((s) => !ON_STANDARD_LOG.has(s.name))) it.concurrent(entry.name, () => runToy(entry), TOY_TIMEOUT_MS);
  it.concurrent(
    [...ON_STANDARD_LOG].join(', '),
    async () => {
      for (const entry of SCENARIOS.filter((s) => ON_STANDARD_LOG.has(s.name))) await runToy(entry);
    },
    TOY_TIMEOUT_MS,
  );
});
