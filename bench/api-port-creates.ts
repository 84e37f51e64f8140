import { repeat, type Figure, type RunOptions, type Scale } from './figures.js';
import { createFigures, createNetworksOverHttp, portCreates, startServe, type CreateLoad } from './http-load.js';

const SIZES: Record<Scale, { connections: readonly number[]; seconds: number; networks: number }> = {
  toy: { connections: [8], seconds: 0.3, networks: 2 },
  small: { connections: [1, 8, 64, 256], seconds: 3, networks: 100 },
  large: { connections: [1, 8, 64, 256], seconds: 10, networks: 100 },
};

/**
 * Scenario 1: Neutron port creates over HTTP against `netledger serve` on the embedded store
 * (every 201 is durable), autocannon in its own process, ports spread over 100 networks.
 */
export const run = async ({ scale, runs }: RunOptions): Promise<Figure[]> => {
  const size = SIZES[scale];
  const serve = await startServe();
  try {
    const networks = await createNetworksOverHttp(serve.server, size.networks);
    // Warm the JIT and the default security group before measuring.
    await portCreates([serve.server.url], 8, size.seconds / 3, networks);
    const loads = new Map<number, CreateLoad[]>(size.connections.map((c) => [c, []]));
    await repeat(runs, async () => {
      for (const connections of size.connections) loads.get(connections)!.push(await portCreates([serve.server.url], connections, size.seconds, networks));
    });
    return size.connections.flatMap((connections) =>
      createFigures(
        `api port creates, embedded, ${connections} conn`,
        loads.get(connections)!,
        connections === 64 ? { rate: { atLeast: 10_000 }, p99: { below: 25 } } : {},
      ),
    );
  } finally {
    await serve.stop();
  }
};
