import { repeat, figure, type Figure, type RunOptions, type Scale } from './figures.js';
import { createFigures, createNetworksOverHttp, portCreates, startServe, type CreateLoad } from './http-load.js';
import { startListening, stopGracefully } from '../test-kit/server-process.js';

const SIZES: Record<Scale, { seconds: number }> = {
  toy: { seconds: 0.3 },
  small: { seconds: 3 },
  large: { seconds: 10 },
};

const CONNECTIONS = 64;

/**
 * Scenario 12 (issue 22): durable port creates over HTTP into ONE network with a /12, so every
 * create is decided in the same lane, beside a bare fastify handler (bench/bare-fastify.ts) on the
 * same load generator, the two measured in turn in each run so both see the same machine.
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const { seconds } = SIZES[scale];
  const serve = await startServe();
  const bare = await startListening(['bench/bare-fastify.ts']);
  try {
    const [network] = await createNetworksOverHttp(serve.server, 1, 12);
    // Warm the JIT of both and the default security group before measuring.
    await portCreates([bare.url], 8, seconds / 3, [network]);
    await portCreates([serve.server.url], 8, seconds / 3, [network]);
    const pairs = await repeat(runs, async () => ({
      bare: await portCreates([bare.url], CONNECTIONS, seconds, [network]),
      netledger: await portCreates([serve.server.url], CONNECTIONS, seconds, [network]),
    }));
    const share = (l: { bare: CreateLoad; netledger: CreateLoad }) => (100 * l.netledger.createsPerSecond) / l.bare.createsPerSecond;
    const slower = (l: { bare: CreateLoad; netledger: CreateLoad }) => l.netledger.p99 / Math.max(1, l.bare.p99);
    return [
      ...createFigures(`one network (/12), embedded, ${CONNECTIONS} conn`, pairs.map((p) => p.netledger)),
      ...createFigures(`bare fastify handler, ${CONNECTIONS} conn`, pairs.map((p) => p.bare)),
      figure('one network: creates/s as a share of the bare handler', '%', pairs.map(share), { atLeast: 70 }),
      figure('one network: p99 over the bare handler\'s p99', '×', pairs.map(slower), { atMost: 3 }, 'bare p99 counted as at least 1 ms'),
    ];
  } finally {
    await stopGracefully(bare);
    await serve.stop();
  }
};
