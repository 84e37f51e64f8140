import fc from 'fast-check';

/**
 * How many runs a property makes: its own default under `npm test` (sized so the whole suite stays
 * well within a minute on 2 cores), or NETLEDGER_PROPERTY_RUNS for every property (`--runs` of run.ts).
 */
export const runs = (byDefault: number): number => {
  const asked = Number(process.env.NETLEDGER_PROPERTY_RUNS);
  return Number.isInteger(asked) && asked > 0 ? asked : byDefault;
};

/**
 * Parameters every property shares: a failure prints its seed, path and shrunk counterexample
 * (verbose), and `examples` replays counterexamples found earlier before any random run.
 */
export const parameters = <T>(numRuns: number, examples: T[] = []): fc.Parameters<T> => ({
  numRuns: runs(numRuns),
  verbose: fc.VerbosityLevel.Verbose,
  examples,
  ...(process.env.NETLEDGER_PROPERTY_SEED ? { seed: Number(process.env.NETLEDGER_PROPERTY_SEED) } : {}),
});
