// The arrows of ARCHITECTURE.md, held by reading the imports of every production file (the
// folders the build compiles, tests left out): a file may import only from the folders its own
// folder may, and domain/ and projections/ touch no I/O, clock or randomness.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = dirname(fileURLToPath(import.meta.url));

/** What each production folder may import, besides packages: arrows point one way. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  domain: ['domain'],
  projections: ['domain', 'projections'],
  southbound: ['domain', 'projections', 'southbound'],
  history: ['domain', 'projections', 'southbound', 'history'],
  // The engine folds the log into projections through their port, and knows nothing else of them.
  engine: ['domain', 'engine', 'projections/projection.ts'],
  infra: ['domain', 'engine', 'projections', 'infra'],
  api: ['domain', 'engine', 'projections', 'southbound', 'history', 'api'],
  node: ['domain', 'engine', 'projections', 'southbound', 'history', 'infra', 'api', 'node'],
};

/** Pure folders: no I/O, no clock, no randomness (time and ids come in commands and event metadata). */
const PURE = ['domain', 'projections'];
const IMPURE_CALLS: readonly [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew Date\s*\(\s*\)/, 'new Date()'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\brandomUUID\s*\(/, 'crypto.randomUUID()'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
];

const isTest = (path: string): boolean => path.endsWith('.test.ts') || path.split('/').includes('tests');

const filesUnder = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name).split('\\').join('/'))
    .filter((path) => path.endsWith('.ts') && !isTest(path));

/** Every module a file names: static imports and re-exports (type-only ones too), side-effect imports, dynamic imports. */
const importsOf = (text: string): string[] => {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const pattern of [/\b(?:import|export)\s[^;'"]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g])
    for (const match of code.matchAll(pattern)) found.push(match[1]);
  return found;
};

/** An import's target as a path from the root (a .js specifier names its .ts source), or undefined for a package. */
const targetOf = (file: string, specifier: string): string | undefined =>
  specifier.startsWith('.') ? normalize(join(dirname(file), specifier)).split('\\').join('/').replace(/\.js$/, '.ts') : undefined;

const allowed = (folder: string, target: string): boolean =>
  (MAY_IMPORT[folder] ?? []).some((place) => (place.endsWith('.ts') ? target === place : target === place || target.startsWith(`${place}/`)));

/** What is wrong with one production file: each backward arrow, test import, I/O or clock in a pure folder. */
const violationsOf = (file: string, text: string): string[] => {
  const folder = file.split('/')[0];
  const wrong: string[] = [];
  for (const specifier of importsOf(text)) {
    const target = targetOf(file, specifier);
    if (target === undefined) {
      if (PURE.includes(folder) && (specifier.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'http', 'net', 'child_process', 'worker_threads'].includes(specifier)))
        wrong.push(`${file} imports ${specifier}: ${folder}/ does no I/O`);
      continue;
    }
    if (target.startsWith('test-kit/') || isTest(target)) wrong.push(`${file} imports ${target}: production code never imports test code`);
    else if (!allowed(folder, target)) wrong.push(`${file} imports ${target}: ${folder}/ may import only ${MAY_IMPORT[folder].join(', ')}`);
  }
  if (PURE.includes(folder)) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const [pattern, call] of IMPURE_CALLS) if (pattern.test(code)) wrong.push(`${file} calls ${call}: ${folder}/ reads no clock and draws no random number`);
  }
  return wrong;
};

describe('the layering', () => {
  it('holds in every production file', () => {
    const files = Object.keys(MAY_IMPORT).flatMap(filesUnder);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((file) => violationsOf(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('sees a backward arrow, a test import, I/O and the clock where they are not allowed', () => {
    expect(violationsOf('domain/x.ts', "import { Engine } from '../engine/index.js';")).toHaveLength(1);
    expect(violationsOf('projections/x.ts', "import type {\n  HostStreams,\n} from '../southbound/index.js';")).toHaveLength(1);
    expect(violationsOf('engine/x.ts', "export { GoalStates } from '../projections/goal-state/index.js';")).toHaveLength(1);
    expect(violationsOf('engine/x.ts', "import type { Projection } from '../projections/projection.js';")).toEqual([]);
    expect(violationsOf('api/x.ts', "const store = await import('../infra/store/index.js');")).toHaveLength(1);
    expect(violationsOf('southbound/x.ts', "import { startNode } from '../test-kit/in-process-node.js';")).toHaveLength(1);
    expect(violationsOf('node/x.ts', "import { call } from './tests/helpers.test.js';")).toHaveLength(1);
    expect(violationsOf('domain/x.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(violationsOf('projections/x.ts', 'const at = new Date();\nconst id = crypto.randomUUID();')).toHaveLength(2);
    expect(violationsOf('projections/x.ts', 'const at = new Date(event.metadata.decidedAt); // not Date.now()')).toEqual([]);
    expect(violationsOf('node/x.ts', "import { Engine } from '../engine/index.js';\nimport { buildApp } from '../api/app.js';")).toEqual([]);
  });
});
