import fc from 'fast-check';

/**
 * How many runs a property makes: its own default under `npm test`, sized so the whole suite
 * stays near a minute on 2 cores, scaled by NETLEDGER_PROPERTY_RUNS (runs of the cheapest
 * property; see run.ts) for longer hunts.
 */
export const runs = (byDefault: number): number => {
  const asked = Number(process.env.NETLEDGER_PROPERTY_RUNS);
  return Number.isInteger(asked) && asked > 0 ? Math.max(1, Math.round((asked * byDefault) / DEFAULT_SCALE)) : byDefault;
};

/** The default run count of the cheapest property: `--runs N` means N of those, the others in proportion. */
const DEFAULT_SCALE = 200;

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
