import { buildApp } from '../api/app.js';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as E from 'fp-ts/lib/Either.js';
import type { Command } from '../domain/index.js';
import type { CommandContext } from '../engine/index.js';
import { startEngineNode } from '../node/node.js';
import { EmbeddedEventStore, type EmbeddedEventStoreOptions } from '../infra/store/index.js';

export const commandContext = (): CommandContext => {
  const id = randomUUID();
  return { commandId: id, correlationId: id, actor: { projectId: 'bench', userId: 'bench' }, decidedAt: new Date().toISOString() };
};

/** A whole node (embedded log in `dir`, world, audit, snapshots, southbound streams) in this process, as `serve` runs it. */
export const openNode = async (dir: string, options: EmbeddedEventStoreOptions = {}) => {
  const store = await EmbeddedEventStore.open(dir, options);
  const node = await startEngineNode(store, dir);
  const { engine } = node;
  return {
    ...node,
    store,
    dir,
    /** Executes a command; a refusal is a bug in the workload. */
    run: async (command: Command) => {
      const result = await engine.execute(command, commandContext());
      if (E.isLeft(result)) throw new Error(`${command.type} refused: ${JSON.stringify(result.left)}`);
      return result.right;
    },
    stop: async () => {
      await node.stop();
      await store.close();
    },
  };
};

export type BenchNode = Awaited<ReturnType<typeof openNode>>;

/**
 * Collects this process's garbage once, then resolves once its event loop has been nearly idle
 * for a second (a minute at most): a node just opened on a big log still holds the garbage of its
 * fold (seconds of marking on a multi-gigabyte heap, on the cores reads need), and reads timed then
 * would measure that, not what a node that has been up for a while answers.
 */
export const quiet = async (): Promise<void> => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const deadline = Date.now() + 60_000;
  for (let last = performance.eventLoopUtilization(); Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = performance.eventLoopUtilization();
    if (performance.eventLoopUtilization(now, last).utilization < 0.05) return;
    last = now;
  }
};

/** Serves a node's API on a free port of 127.0.0.1 (no auth: the caller is the operator). */
export const listen = async (node: BenchNode) => {
  const app = await buildApp({ ...node.app, auth: { mode: 'none', defaultProject: 'admin' }, logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
};
