import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Agent, type AgentStatus } from '../../southbound/agent/index.js';
import { KafkaAgent, KafkajsHostTopics } from '../../southbound/kafka/index.js';
import { kafkaConfigOf, type KafkaFlags } from '../kafka-southbound.js';
import { withKafkaOptions } from './kafka-options.js';
import { datapathOf, type DatapathFlags } from './datapath-options.js';

const portNumber = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
  return n;
};

/** `netledger agent`: keeps one host's goal state from a server, prints its seq and checksum, and serves them. */
export const agentCommand = (program: Command): void => {
  withKafkaOptions(
    program
      .command('agent')
      .description("keep a host's goal state from a server's southbound stream or from Kafka (the reference agent)")
      .requiredOption('--host <id>', 'the host id (as in binding:host_id)')
      .option('--server <url>', 'the server, e.g. http://127.0.0.1:9696')
      .option('--token <token>', 'X-Auth-Token for a server in tokens mode')
      .option('--ca <file>', 'with an https --server: trust the PEM certificates in this file (the server\'s, or its CA)')
      .option('--kafka <brokers>', 'read the host\'s snapshot and diffs from Kafka (bootstrap brokers HOST:PORT[,...]) instead of a server')
      .addOption(new Option('--datapath <kind>', 'memory: hold the goal state only; linux: program this host\'s kernel from it').choices(['memory', 'linux']).default('memory'))
      .option('--tunnel-ip <ip>', 'with --datapath linux: this host\'s tunnel address (the local end of its VXLAN devices)')
      .option('--netns <name>', 'with --datapath linux: program inside this network namespace (the agent talks to the server from its own)')
      .option('--external-bridge <name>', 'with --datapath linux: the bridge north-south traffic leaves by (floating IPs, SNAT), made by the operator as Neutron\'s br-ex')
      .option('--state-dir <dir>', 'with --datapath linux: where DHCP hosts files live', '/run/netledger')
      .option('--report-to <url>', 'the server to report the seq and checksum applied to (default: --server; a Kafka agent reports only with this)')
      .option('--status-port <port>', 'serve {seq, checksum, ...} as JSON on this port', portNumber),
  ).action(async (options: { host: string; server?: string; kafka?: string; token?: string; ca?: string; statusPort?: number; reportTo?: string } & DatapathFlags & KafkaFlags) => {
      const print = (status: AgentStatus) => process.stdout.write(`${JSON.stringify(status)}\n`);
      if (!options.server === !options.kafka) throw new Error('give exactly one of --server URL or --kafka BROKERS');
      const kafka = options.kafka ? kafkaConfigOf({ ...options, kafkaBrokers: options.kafka }) : undefined;
      if (kafka && 'error' in kafka) throw new Error(kafka.error);
      const datapath = datapathOf(options);
      const reportTo = options.reportTo ?? options.server;
      const report = reportTo === undefined ? undefined : { server: reportTo, token: options.token, ca: options.ca && readFileSync(options.ca), agentType: kafka ? 'netledger-kafka-agent' : 'netledger-agent' };
      const agent = kafka
        ? new KafkaAgent({ hostId: options.host, topics: new KafkajsHostTopics({ ...kafka, clientId: `netledger-agent-${options.host}` }), config: kafka, datapath, onStatus: print, report })
        : new Agent({ hostId: options.host, server: options.server!, token: options.token, ca: options.ca && readFileSync(options.ca), datapath, onStatus: print, report });
      agent.start();
      const status =
        options.statusPort === undefined
          ? undefined
          : createServer((_request, response) => {
              response.writeHead(200, { 'content-type': 'application/json' });
              response.end(JSON.stringify(agent.status()));
            }).listen(options.statusPort, '127.0.0.1');
      const stop = async () => {
        status?.close();
        await agent.stop();
        await datapath?.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop());
      process.once('SIGINT', () => void stop());
    });
};
