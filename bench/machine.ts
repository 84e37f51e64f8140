import { cpus, loadavg, totalmem, freemem, release, platform } from 'node:os';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly freeMemoryGiB: number;
  readonly node: string;
  readonly os: string;
  readonly loadAverage: readonly number[];
  readonly startedAt: string;
}

const gib = (bytes: number) => Math.round((bytes / 2 ** 30) * 10) / 10;

/** The machine the figures were measured on, and how busy it was when the run started. */
export const describeMachine = (): Machine => ({
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGiB: gib(totalmem()),
  freeMemoryGiB: gib(freemem()),
  node: process.version,
  os: `${platform()} ${release()}`,
  loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  startedAt: new Date().toISOString(),
});
