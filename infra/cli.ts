import { Command, InvalidArgumentError } from 'commander';
import { auditCommand } from './commands/audit.js';
import { serve } from './serve.js';

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
  return n;
};

const program = new Command('netledger').description('Event-sourced network state engine with a Neutron-compatible API');

program
  .command('serve')
  .description('serve the API on the embedded event log')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port to listen on (Neutron uses 9696)', port, 9696)
  .option('--data-dir <dir>', 'where the event log lives', './data')
  .option('--log-level <level>', 'pino log level', 'info')
  .action(async (options: { host: string; port: number; dataDir: string; logLevel: string }) => {
    await serve(options);
  });

auditCommand(program);

await program.parseAsync(process.argv);
