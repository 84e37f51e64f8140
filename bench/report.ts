import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rounded, type Figure, type RunOptions } from './figures.js';
import type { Machine } from './machine.js';

export interface ScenarioOutcome {
  readonly name: string;
  readonly title: string;
  readonly figures: readonly Figure[];
  readonly skipped?: string;
  readonly error?: string;
  readonly seconds: number;
}

export interface BenchResults {
  readonly machine: Machine;
  readonly options: RunOptions;
  readonly loadAverageAtEnd: readonly number[];
  readonly seconds: number;
  readonly scenarios: readonly ScenarioOutcome[];
}

const cell = (text: string) => text.replaceAll('|', '\\|');

const verdict = (f: Figure) => (f.target === undefined ? '' : f.met ? 'met' : '**not met**');

/**
 * bench/REPORT.md: the machine, every figure with its median, spread and target, and the notes
 * written by hand in bench/NOTES.md (profile, fixes with before/after) appended as they are.
 */
export const writeReport = (path: string, results: BenchResults, notesPath: string): void => {
  const { machine, options } = results;
  const all = results.scenarios.flatMap((s) => s.figures);
  const targeted = all.filter((f) => f.target !== undefined);
  const lines = [
    '# Benchmark report',
    '',
    `Written by \`npm run bench${options.scale === 'small' ? '' : ` -- --scale ${options.scale}`}\` on ${machine.startedAt} (${options.scale} scale, ${options.runs} runs per figure, ${Math.round(results.seconds)} s in all). Each figure is the median over its runs, with the smallest and largest run beside it; a target is met when the median meets it.`,
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${machine.cpuModel} |`,
    `| cores | ${machine.cores} |`,
    `| memory | ${machine.memoryGiB} GiB (${machine.freeMemoryGiB} GiB free at start) |`,
    `| Node | ${machine.node} |`,
    `| OS | ${machine.os} |`,
    `| load average at start (1, 5, 15 min) | ${machine.loadAverage.join(', ')} |`,
    `| load average at end | ${results.loadAverageAtEnd.join(', ')} |`,
    '',
    "The load average counts the bench's own processes and whatever else ran on the machine: on 2 cores, about 2 is the bench alone.",
    '',
    `## Targets: ${targeted.filter((f) => f.met).length} of ${targeted.length} met`,
    '',
  ];
  for (const scenario of results.scenarios) {
    lines.push(`### ${scenario.title}`, '');
    if (scenario.skipped) lines.push(`Skipped: ${scenario.skipped}.`, '');
    else if (scenario.error) lines.push(`Failed: \`${cell(scenario.error)}\``, '');
    if (scenario.figures.length === 0) continue;
    lines.push('| figure | median | min – max | runs | target | verdict | note |', '|---|---:|---:|---:|---|---|---|');
    for (const f of scenario.figures)
      lines.push(
        `| ${cell(f.name)} | ${rounded(f.median)} ${f.unit} | ${rounded(f.min)} – ${rounded(f.max)} | ${f.runs} | ${f.target ?? ''} | ${verdict(f)} | ${cell(f.note ?? '')} |`,
      );
    lines.push('', `(${Math.round(scenario.seconds)} s)`, '');
  }
  if (existsSync(notesPath)) lines.push(readFileSync(notesPath, 'utf8').trim(), '');
  writeFileSync(path, `${lines.join('\n')}\n`);
};
