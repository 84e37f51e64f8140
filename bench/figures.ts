/** How big a scenario runs: toy for the smoke test, small for `npm run bench`, large for `--scale large`. */
export type Scale = 'toy' | 'small' | 'large';

export interface RunOptions {
  readonly scale: Scale;
  /** How many times each measurement is repeated; figures give the median and the spread. */
  readonly runs: number;
}

/** One measured figure: median and spread over its runs, the target beside it and whether the median meets it. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
  readonly target?: string;
  readonly met?: boolean;
  /** What the figure was measured on, when the name alone does not say. */
  readonly note?: string;
}

export type Target = { readonly atLeast: number } | { readonly below: number } | { readonly atMost: number };

export type Scenario = (options: RunOptions) => Promise<Figure[]>;

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export const percentile = (values: readonly number[], p: number): number => {
  const order = sorted(values);
  return order[Math.min(order.length - 1, Math.max(0, Math.ceil((p / 100) * order.length) - 1))];
};

const median = (values: readonly number[]): number => {
  const order = sorted(values);
  const middle = Math.floor(order.length / 2);
  return order.length % 2 === 1 ? order[middle] : (order[middle - 1] + order[middle]) / 2;
};

const describeTarget = (target: Target, unit: string): string =>
  'atLeast' in target
    ? `≥ ${target.atLeast.toLocaleString('en-US')} ${unit}`
    : 'below' in target
      ? `< ${target.below.toLocaleString('en-US')} ${unit}`
      : `≤ ${target.atMost.toLocaleString('en-US')} ${unit}`;

const meets = (target: Target, value: number): boolean =>
  'atLeast' in target ? value >= target.atLeast : 'below' in target ? value < target.below : value <= target.atMost;

/** A figure from one value per run. */
export const figure = (name: string, unit: string, samples: readonly number[], target?: Target, note?: string): Figure => {
  if (samples.length === 0) throw new Error(`${name}: no samples`);
  const middle = median(samples);
  return {
    name,
    unit,
    median: middle,
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
    ...(target && { target: describeTarget(target, unit), met: meets(target, middle) }),
    ...(note && { note }),
  };
};

const rounded = (value: number): string =>
  Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : Number(value.toPrecision(3)).toString();

/** One line: name, median, spread, target and verdict. */
export const summaryLine = (f: Figure): string =>
  `${f.name}: ${rounded(f.median)} ${f.unit} (min ${rounded(f.min)}, max ${rounded(f.max)}, ${f.runs} runs)` +
  (f.target ? ` target ${f.target}: ${f.met ? 'met' : 'NOT met'}` : '') +
  (f.note ? ` [${f.note}]` : '');

export { rounded };

/** Measures `work` `runs` times, one value per run. */
export const repeat = async <T>(runs: number, work: (run: number) => Promise<T>): Promise<T[]> => {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) results.push(await work(run));
  return results;
};
