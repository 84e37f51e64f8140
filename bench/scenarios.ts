import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from './figures.js';

export interface ScenarioEntry {
  readonly name: string;
  readonly title: string;
  /** The scenario, or why it cannot run here. */
  readonly load: () => Promise<Scenario | { skipped: string }>;
}

const kafkaFile = fileURLToPath(new URL('./kafka-southbound.ts', import.meta.url));

/** Every scenario, in the order; `--only` picks by name. */
export const SCENARIOS: readonly ScenarioEntry[] = [
  { name: 'api', title: '1. API port creates (embedded store)', load: async () => (await import('./api-port-creates.js')).run },
  { name: 'append', title: '2. In-process decide + durable append + all projections', load: async () => (await import('./in-process-append.js')).run },
  { name: 'fan-out', title: '3. Fan-out of one port create', load: async () => (await import('./fan-out.js')).run },
  { name: 'replay', title: '4. Replay', load: async () => (await import('./replay.js')).run },
  { name: 'agent', title: '5. Agent rebuild (snapshot over HTTP)', load: async () => (await import('./agent-rebuild.js')).run },
  { name: 'time-travel', title: '6. As-of reads', load: async () => (await import('./time-travel.js')).run },
  { name: 'memory', title: '7. Memory per 100,000 live ports', load: async () => (await import('./memory.js')).run },
  {
    name: 'kafka',
    title: '8. Kafka southbound',
    load: async () => {
      if (!existsSync(kafkaFile)) return { skipped: 'bench/kafka-southbound.ts is not there yet' };
      if (!process.env.NETLEDGER_KAFKA_BROKERS) return { skipped: 'NETLEDGER_KAFKA_BROKERS is not set (start a broker with ops/kafka/broker.sh)' };
      const module = (await import(kafkaFile)) as { run: Scenario };
      return module.run;
    },
  },
  { name: 'postgres', title: '9. API port creates on PostgreSQL, one and two nodes', load: async () => (await import('./postgres-port-creates.js')).run },
  { name: 'soak', title: '10. Soak: resident memory under steady load (issue 11)', load: async () => (await import('./soak.js')).run },
  { name: 'convergence', title: '11. Convergence: create -> ACTIVE and writes that wait, 100 hosts with agents', load: async () => (await import('./convergence.js')).run },
  { name: 'one-network', title: '12. API port creates into one network, beside a bare fastify handler (issue 22)', load: async () => (await import('./one-network.js')).run },
  { name: 'restart', title: '13. Restart to first answer (issue 22)', load: async () => (await import('./restart.js')).run },
];
