// An agent's snapshot fetches, run as their own process so the client's CPU is not the server's
// event loop: node --import tsx bench/snapshot-fetcher.ts
// reads one URL per line on stdin, fetches it whole and prints the milliseconds it took, one line each.
import { get } from 'node:http';
import { createInterface } from 'node:readline';

/** The body's bytes are counted, not decoded: what is timed is the server's answer, not a JSON parser. */
const fetched = (url: string) =>
  new Promise<object>((resolve) => {
    const started = performance.now();
    get(url, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(response.statusCode === 200 ? { ms: performance.now() - started, bytes } : { error: `status ${response.statusCode}` }));
    }).once('error', (error) => resolve({ error: error.message }));
  });

for await (const url of createInterface({ input: process.stdin })) process.stdout.write(`${JSON.stringify(await fetched(url))}\n`);
