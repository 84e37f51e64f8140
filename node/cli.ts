import { Command, InvalidArgumentError, Option } from 'commander';
import { auditCommand } from './commands/audit.js';
import { goalStateCommand } from './commands/goal-state.js';
import { logCommand } from './commands/log.js';
import { replayCommand } from './commands/replay.js';
import { agentCommand } from './commands/agent.js';
import { withKafkaOptions } from './commands/kafka-options.js';
import { serve, type ServeOptions } from './serve.js';
import { STORE_KINDS } from '../infra/store/store-location.js';

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
  return n;
};

const seconds = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
};

const count = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
};

const program = new Command('netledger').description('Event-sourced network state engine with a Neutron-compatible API');

withKafkaOptions(program
  .command('serve')
  .description('serve the API on an event log (embedded, PostgreSQL or EventStoreDB)')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port to listen on (Neutron uses 9696)', port, 9696)
  .option('--data-dir <dir>', 'where the embedded event log (and snapshots) live', './data')
  .addOption(new Option('--store <kind>', 'where the event log lives').choices(STORE_KINDS).default('embedded'))
  .addOption(new Option('--pg-url <url>', 'with --store postgres: postgres://user@host:port/database').env('NETLEDGER_PG_URL'))
  .addOption(new Option('--esdb-url <url>', 'with --store eventstoredb: esdb://host:2113?tls=false').env('NETLEDGER_ESDB_URL'))
  .option('--log-level <level>', 'pino log level', 'info')
  .option('--tls-cert <file>', 'serve https with this PEM certificate (chain); needs --tls-key')
  .option('--tls-key <file>', 'the PEM private key of --tls-cert')
  .addOption(new Option('--auth <mode>', 'none: every caller is admin (like Neutron noauth); tokens: static X-Auth-Token tokens; keystone: tokens validated by Keystone').choices(['none', 'tokens', 'keystone']).default('none'))
  .addOption(new Option('--keystone-url <url>', 'with --auth keystone: Keystone, e.g. http://127.0.0.1:5000').env('NETLEDGER_KEYSTONE_URL'))
  .option('--keystone-user <name>', 'with --auth keystone: the service user that validates tokens', 'netledger')
  .addOption(new Option('--keystone-password <password>', "with --auth keystone: the service user's password").env('NETLEDGER_KEYSTONE_PASSWORD'))
  .option('--keystone-project <name>', "with --auth keystone: the service user's project", 'service')
  .option('--keystone-domain <id>', "with --auth keystone: the service user's and its project's domain", 'default')
  .option('--tokens-file <file>', 'with --auth tokens: JSON mapping each token to {project_id, user_id, roles: ["admin"|"member"|"reader"], host_id?}')
  .option('--policy-file <file>', "YAML overriding Neutron's default policy rules by name (oslo.policy's rule syntax)")
  .option('--pagination-max-limit <n>', "the largest page a list answers, as Neutron's pagination_max_limit (0: unbounded)", count, 1000)
  .option('--default-project <id>', 'with --auth none: the project of callers that send no X-Project-Id', 'admin')
  .option('--nova-url <url>', "tell Nova about its servers' ports (os-server-external-events), e.g. http://nova:8774/v2.1")
  .option('--agent-timeout <seconds>', "an agent silent this long has its host's ports taken DOWN", seconds, 15)
  .option('--checkpoint-events <n>', 'events between two checkpoints of the node\'s folds at most (a restart folds only the log after the newest)', count, 100_000)
  .option('--checkpoint-seconds <seconds>', 'seconds between two checkpoints at most while events come', seconds, 60)
  .addOption(new Option('--southbound <mode>', 'http: the embedded watch; kafka: the embedded watch and a Kafka publisher').choices(['http', 'kafka']).default('http'))
  .addOption(new Option('--kafka-brokers <brokers>', 'with --southbound kafka: bootstrap brokers, HOST:PORT[,HOST:PORT...]').env('NETLEDGER_KAFKA_BROKERS')))
  .action(async (options: ServeOptions) => {
    await serve(options);
  });

auditCommand(program);
goalStateCommand(program);
logCommand(program);
replayCommand(program);
agentCommand(program);

await program.parseAsync(process.argv);
