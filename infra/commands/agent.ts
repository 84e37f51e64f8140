import { createServer } from 'node:http';
import { InvalidArgumentError, type Command } from 'commander';
import { Agent, type AgentStatus } from '../../southbound/agent/index.js';

const portNumber = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
  return n;
};

/** `netledger agent`: keeps one host's goal state from a server, prints its seq and checksum, and serves them. */
export const agentCommand = (program: Command): void => {
  program
    .command('agent')
    .description("keep a host's goal state from a server's southbound stream (the reference agent)")
    .requiredOption('--host <id>', 'the host id (as in binding:host_id)')
    .requiredOption('--server <url>', 'the server, e.g. http://127.0.0.1:9696')
    .option('--token <token>', 'X-Auth-Token for a server in tokens mode')
    .option('--status-port <port>', 'serve {seq, checksum, ...} as JSON on this port', portNumber)
    .action(async (options: { host: string; server: string; token?: string; statusPort?: number }) => {
      const print = (status: AgentStatus) => process.stdout.write(`${JSON.stringify(status)}\n`);
      const agent = new Agent({ hostId: options.host, server: options.server, token: options.token, onStatus: print });
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
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop());
      process.once('SIGINT', () => void stop());
    });
};
