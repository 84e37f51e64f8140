import type { Command } from 'commander';
import { answered, fromServer, withDataDir } from './audit.js';
import { print } from './table.js';

/** `netledger goal-state --host ID [--as-of T]`: what a host had to program, now or at a past moment. */
export const goalStateCommand = (program: Command): void => {
  program
    .command('goal-state')
    .description("a host's goal state, now or as of a log position or an RFC 3339 time")
    .requiredOption('--host <id>', 'the host')
    .option('--as-of <when>', 'a log position or an RFC 3339 timestamp (default: now)')
    .option('--server <url>', 'a running netledger server, e.g. http://127.0.0.1:9696')
    .option('--data-dir <dir>', 'a data dir to read directly (no server running on it)')
    .option('--token <token>', 'X-Auth-Token for a server in tokens mode')
    .option('--json', 'print JSON instead of a table', false)
    .action(async (options: { host: string; asOf?: string; server?: string; dataDir?: string; token?: string; json: boolean }) => {
      if (!options.server === !options.dataDir) throw new Error('give exactly one of --server or --data-dir');
      const snapshot = options.server
        ? await fromServer(
            options,
            `/southbound/v1/hosts/${encodeURIComponent(options.host)}/goal-state${options.asOf ? `?as_of=${encodeURIComponent(options.asOf)}` : ''}`,
          )
        : await withDataDir(options.dataDir!, async (machine, engine) => {
            const asOf = answered(machine.resolve(options.asOf ?? String(engine.world.position)));
            return { hostId: options.host, position: asOf.position, as_of: asOf, goal_state: await machine.goalStateAt(options.host, asOf.position) };
          });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(snapshot, null, 2)}\n`);
        return;
      }
      process.stdout.write(`host ${snapshot.hostId} at position ${snapshot.position}${snapshot.checksum ? `, checksum ${snapshot.checksum}` : ''}\n`);
      const rows = Object.entries(snapshot.goal_state as Record<string, Record<string, unknown>>).flatMap(([kind, entries]) =>
        Object.entries(entries).map(([id, body]) => ({ kind, id, body })),
      );
      print(rows, ['kind', 'id', 'body'], false);
    });
};
