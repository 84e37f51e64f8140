import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Engine } from '../../engine/index.js';
import { startEngineNode } from '../node.js';
import { EmbeddedEventStore } from '../../infra/store/index.js';
import type { Refusal, TimeMachine } from '../../history/time-machine.js';
import { print } from './table.js';

interface Source {
  readonly server?: string;
  readonly dataDir?: string;
  readonly token?: string;
}

/** Asks a running server, or folds a data dir here (the server must not be running on it). */
export const fromServer = async (source: Source, path: string): Promise<any> => {
  const response = await fetch(new URL(path, source.server), { headers: source.token ? { 'x-auth-token': source.token } : {} });
  const body = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${body?.NeutronError?.message ?? JSON.stringify(body)}`);
  return body;
};

/**
 * Folds a data dir's log here, read-only: what the fold derives (audit index, goal-state archive,
 * world snapshots, checkpoints) goes to a scratch directory, since the data dir's own belong to
 * the server that may be running on it.
 */
export const withDataDir = async <T>(dataDir: string, use: (machine: TimeMachine, engine: Engine) => Promise<T>): Promise<T> => {
  const store = await EmbeddedEventStore.open(dataDir, { readOnly: true });
  const scratch = await mkdtemp(join(tmpdir(), 'netledger-read-'));
  try {
    const node = await startEngineNode(store, scratch);
    try {
      return await use(node.timeMachine, node.engine);
    } finally {
      await node.stop();
    }
  } finally {
    await store.close();
    await rm(scratch, { recursive: true, force: true });
  }
};

/** What the time machine answered, or its refusal as the command's error. */
export const answered = <T>(answer: E.Either<Refusal, T>): T => {
  if (E.isLeft(answer)) throw new Error(answer.left.message);
  return answer.right;
};

const FILTERS = ['resource-type', 'resource-id', 'project', 'actor', 'command-id', 'correlation-id', 'event-type', 'since', 'until', 'order', 'limit'] as const;

const sourceOptions = (command: Command): Command =>
  command
    .option('--server <url>', 'a running netledger server, e.g. http://127.0.0.1:9696')
    .option('--data-dir <dir>', 'a data dir to read directly (no server running on it)')
    .option('--token <token>', 'X-Auth-Token for a server in tokens mode')
    .option('--json', 'print JSON instead of a table', false);

const needSource = (options: Source): void => {
  if (!options.server === !options.dataDir) throw new Error('give exactly one of --server or --data-dir');
};

export const auditCommand = (program: Command): void => {
  const audit = program.command('audit').description('who changed what, when: the log as history');
  const events = sourceOptions(audit.command('events').description('events matching filters, newest first by default'));
  for (const filter of FILTERS) events.option(`--${filter} <value>`);
  events.action(async (options: Record<string, string | boolean | undefined>) => {
    needSource(options as Source);
    const query = new URLSearchParams();
    for (const filter of FILTERS) {
      const value = options[filter.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
      if (typeof value === 'string') query.set(filter.replaceAll('-', '_'), value);
    }
    const rows = options.server
      ? (await fromServer(options as Source, `/v1/audit/events?${query}`)).events
      : await withDataDir(String(options.dataDir), async (machine) =>
          answered(await machine.events(
            {
              resourceKind: query.get('resource_type') as never,
              resourceId: query.get('resource_id') ?? undefined,
              project: query.get('project') ?? undefined,
              actor: query.get('actor') ?? undefined,
              eventType: query.get('event_type') ?? undefined,
              commandId: query.get('command_id') ?? undefined,
              correlationId: query.get('correlation_id') ?? undefined,
              since: query.has('since') ? Date.parse(query.get('since')!) : undefined,
              until: query.has('until') ? Date.parse(query.get('until')!) : undefined,
            },
            query.get('order') !== 'oldest',
            Number(query.get('limit') ?? 100),
          )).map((e) => ({
            position: e.position,
            time: e.metadata.decidedAt,
            type: e.type,
            actor: { project_id: e.metadata.actor.projectId, user_id: e.metadata.actor.userId },
            command_id: e.metadata.commandId,
            stream: e.stream,
          })),
        );
    print(rows, ['position', 'time', 'type', 'actor', 'command_id', 'stream'], Boolean(options.json));
  });

  sourceOptions(audit.command('history').description('every version of one resource').argument('<kind>').argument('<id>')).action(
    async (kind: string, id: string, options: Source & { json?: boolean }) => {
      needSource(options);
      const history = options.server
        ? (await fromServer(options, `/v1/audit/resources/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/history`)).history
        : await withDataDir(String(options.dataDir), async (machine) => answered(await machine.history(kind as never, id)));
      print(history, ['position', 'time', 'event_type', 'actor', 'command_id', 'resource'], Boolean(options.json));
    },
  );
};
