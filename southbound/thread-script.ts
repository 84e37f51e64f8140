import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/**
 * A thread's module (`name`, beside `base`: TypeScript, or JavaScript once built) and the few it
 * imports as one script, bundled when the thread starts: a worker takes neither the server's
 * TypeScript loader nor `--import` for its entry, and tsx registered in the thread cost about
 * 10 MB more memory and twice the start.
 */
export const threadScript = (name: string, base: string): string => {
  const module = new URL(`./${name}${base.slice(base.lastIndexOf('.'))}`, base);
  return buildSync({ entryPoints: [fileURLToPath(module)], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' }).outputFiles[0].text;
};
