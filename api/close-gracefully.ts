import type { FastifyInstance } from 'fastify';

/**
 * Closes the API: requests in flight finish (new ones get 503), a kept-alive connection is closed
 * as soon as it goes idle rather than at its keep-alive timeout (node closes idle connections only
 * once, at close(): one that was busy then would hold the close for 72 s), and a response that
 * never ends (a watch that ignored the close) is cut after `graceMs`.
 */
export const closeGracefully = async (app: FastifyInstance, graceMs: number, onGraceOver?: () => void): Promise<void> => {
  const grace = setTimeout(() => {
    onGraceOver?.();
    app.server.closeAllConnections();
  }, graceMs);
  const idle = setInterval(() => app.server.closeIdleConnections(), 50);
  try {
    await app.close();
  } finally {
    clearInterval(idle);
    clearTimeout(grace);
  }
};
