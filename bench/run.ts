// npm run bench [-- --scale small|large] [--runs N] [--only a,b] [--json FILE] [--report FILE]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { summaryLine, type RunOptions } from './figures.js';
import { describeMachine } from './machine.js';
import { writeReport, type BenchResults, type ScenarioOutcome } from './report.js';
import { SCENARIOS } from './scenarios.js';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

const program = new Command('bench')
  .addOption(new Option('--scale <scale>', 'size of every scenario').choices(['small', 'large']).default('small'))
  .option('--runs <n>', 'runs per figure', (text) => Number.parseInt(text, 10), 3)
  .option('--only <names>', `comma-separated scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`)
  .option('--json <file>', 'also write the results as JSON')
  .option('--report <file>', 'where the Markdown report goes', here('./REPORT.md'))
  .parse();

const flags = program.opts<{ scale: 'small' | 'large'; runs: number; only?: string; json?: string; report: string }>();
const only = flags.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) program.error(`unknown scenario(s): ${unknown.join(', ')}`);
if (!(flags.runs >= 1)) program.error('--runs must be at least 1');

const options: RunOptions = { scale: flags.scale, runs: flags.runs };
const machine = describeMachine();
console.log(`netledger bench, ${options.scale} scale, ${options.runs} runs: ${machine.cores} cores ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);
const started = performance.now();
const outcomes: ScenarioOutcome[] = [];
for (const entry of SCENARIOS.filter((s) => !only || only.includes(s.name))) {
  const scenarioStarted = performance.now();
  const seconds = () => (performance.now() - scenarioStarted) / 1000;
  console.log(`\n${entry.title}`);
  const scenario = await entry.load();
  if ('skipped' in scenario) {
    console.log(`  skipped: ${scenario.skipped}`);
    outcomes.push({ name: entry.name, title: entry.title, figures: [], skipped: scenario.skipped, seconds: 0 });
    continue;
  }
  try {
    const figures = await scenario(options);
    for (const figure of figures) console.log(`  ${summaryLine(figure)}`);
    outcomes.push({ name: entry.name, title: entry.title, figures, seconds: seconds() });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.log(`  failed: ${message}`);
    outcomes.push({ name: entry.name, title: entry.title, figures: [], error: message, seconds: seconds() });
  }
}
const results: BenchResults = {
  machine,
  options,
  loadAverageAtEnd: loadavg().map((load) => Math.round(load * 100) / 100),
  seconds: (performance.now() - started) / 1000,
  scenarios: outcomes,
};
writeReport(flags.report, results, here('./NOTES.md'));
if (flags.json) writeFileSync(flags.json, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${Math.round(results.seconds)} s; report in ${flags.report}${flags.json ? `, JSON in ${flags.json}` : ''}`);
process.exit(outcomes.some((o) => o.error) ? 1 : 0);
