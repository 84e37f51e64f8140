import { childResult } from './child-result.js';
import type { LoadResult, LoadSpec } from './load-generator.js';

/** Runs the load generator in its own process and returns what it measured. */
export const load = (spec: LoadSpec): Promise<LoadResult> => childResult('load generator', ['--import', 'tsx', 'bench/load-generator.ts', JSON.stringify(spec)]);
