import { spawnSync } from 'node:child_process';
import { Command } from 'commander';

/**
 * `npm run test:property -- --runs N [--seed S] [files]`: the property suite alone, each property
 * making N runs (property-tests/settings.ts); `--seed` replays the seed a failure printed.
 */
const program = new Command()
  .name('test:property')
  .option('--runs <n>', 'runs of every property', (v) => Number.parseInt(v, 10))
  .option('--seed <seed>', 'replay one seed that a failure printed', (v) => Number.parseInt(v, 10))
  .allowUnknownOption(true)
  .argument('[vitest...]', 'extra arguments for vitest (e.g. a test file)')
  .parse();

const options = program.opts<{ runs?: number; seed?: number }>();
const env = { ...process.env };
if (options.runs !== undefined) env.NETLEDGER_PROPERTY_RUNS = String(options.runs);
if (options.seed !== undefined) env.NETLEDGER_PROPERTY_SEED = String(options.seed);
const files = program.args.length > 0 ? program.args : ['property-tests/'];
// A long hunt must not be cut short by the everyday per-test timeout.
const result = spawnSync('npx', ['vitest', 'run', '--testTimeout', '0', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
