import * as E from 'fp-ts/lib/Either.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../api/app.js';
import { closeGracefully } from '../api/close-gracefully.js';
import type { AuthMode } from '../api/plugins/auth.js';
import { parseTokens } from '../api/tokens-file.js';
import type { RebuildLimits } from '../history/rebuild-queue.js';
import type { WatchersOptions } from '../southbound/index.js';
import type { Engine, EngineOptions } from '../engine/index.js';
import { startEngineNode } from '../node/node.js';
import { Metrics } from '../node/metrics.js';
import { EmbeddedEventStore } from '../infra/store/index.js';

export interface InProcessNode {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly engine: Engine;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

/** A whole node (embedded log in a temp dir, engine, metrics, HTTP API on a free port) inside the test process. */
export const startNode = async (
  engineOptions: Omit<EngineOptions, 'observer'> = {},
  auth: AuthMode = { mode: 'none', defaultProject: 'admin' },
  options: { readonly app?: Pick<AppOptions, 'policy' | 'paginationMaxLimit'>; readonly rebuilds?: RebuildLimits; readonly watchers?: WatchersOptions } = {},
): Promise<InProcessNode> => {
  const dir = await mkdtemp(join(tmpdir(), 'netledger-node-'));
  const metrics = new Metrics();
  const store = await EmbeddedEventStore.open(dir, { observer: metrics.store });
  const node = await startEngineNode(store, dir, { ...engineOptions, observer: metrics.commandsObserver }, { rebuildLimits: options.rebuilds });
  const { engine } = node;
  metrics.watch(engine);
  const app = await buildApp({ ...node.app, southbound: node.app.southbound && { ...node.app.southbound, ...options.watchers }, ...options.app, auth, logger: false, metrics });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address,
    app,
    engine,
    metrics,
    close: async () => {
      await closeGracefully(app, 1000);
      await node.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** One JSON request; the body is parsed when there is one. */
export const call = async (url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON (the metrics text): kept as it is
  }
  return { status: response.status, headers: response.headers, body: parsed };
};

/** A node in tokens mode with these static tokens (as a tokens file maps them). */
export const startNodeWithTokens = async (tokens: Record<string, { project_id: string; user_id: string; roles: string[] }>): Promise<InProcessNode> => {
  const parsed = parseTokens(JSON.stringify(tokens));
  if (E.isLeft(parsed)) throw new Error(parsed.left);
  return startNode({}, { mode: 'tokens', tokens: parsed.right });
};

/** Calls made with one token. */
export const callerWith = (node: () => InProcessNode, token: string) => (method: string, path: string, body?: unknown) =>
  call(node().url, method, path, body, { 'x-auth-token': token });
