import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ServerConnection {
  /** X-Auth-Token for a server in tokens mode. */
  readonly token?: string;
  /** PEM certificates to trust for an https server (its own, or the CA that signed it), instead of the system's. */
  readonly ca?: string | Buffer;
}

/**
 * A request to the server that resolves once a 2xx response starts (its body still streaming), and
 * rejects on any other status. node's http(s) rather than fetch: fetch takes no CA of its own.
 */
const requestServer = (url: URL, connection: ServerConnection, signal: AbortSignal, json?: unknown): Promise<IncomingMessage> =>
  new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: json === undefined ? 'GET' : 'POST',
      signal,
      headers: {
        ...(connection.token ? { 'x-auth-token': connection.token } : {}),
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(url.protocol === 'https:' && connection.ca ? { ca: connection.ca } : {}),
    });
    request.once('error', reject);
    request.once('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) return resolve(response);
      response.resume();
      reject(new Error(`${url.pathname}: HTTP ${status}`));
    });
    request.end(json === undefined ? undefined : JSON.stringify(json));
  });

export const getFromServer = (url: URL, connection: ServerConnection, signal: AbortSignal): Promise<IncomingMessage> => requestServer(url, connection, signal);

/** A POST of `json` to the server, as getFromServer. */
export const postToServer = (url: URL, connection: ServerConnection, json: unknown, signal: AbortSignal): Promise<IncomingMessage> =>
  requestServer(url, connection, signal, json);

/** The whole body of a response, as text. */
export const textOf = async (response: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};
