// A stand-in for Nova's os-server-external-events API, the one test double the project allows: it
// takes only bodies that Nova's published request schema takes, and records them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Nova's request schema for POST /os-server-external-events at microversion 2.1, transcribed
 * from nova/api/openstack/compute/schemas/server_external_events.py (`create`, with
 * EVENT_STATUSES of nova/objects/external_event.py).
 */
export const NOVA_EXTERNAL_EVENTS_SCHEMA = {
  type: 'object',
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          server_uuid: { type: 'string', format: 'uuid' },
          name: { type: 'string', enum: ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted'] },
          status: { type: 'string', enum: ['failed', 'completed', 'in-progress'] },
          tag: { type: 'string', maxLength: 255 },
        },
        required: ['server_uuid', 'name'],
        additionalProperties: false,
      },
    },
  },
  required: ['events'],
  additionalProperties: false,
} as const;

const ajv = new Ajv({ allErrors: true });
addFormats.default(ajv);
const valid = ajv.compile(NOVA_EXTERNAL_EVENTS_SCHEMA);

export interface NovaEvent {
  readonly name: string;
  readonly server_uuid: string;
  readonly tag?: string;
  readonly status?: string;
}

export interface NovaDouble {
  /** The compute endpoint, as --nova-url takes it (…/v2.1). */
  readonly url: string;
  /** Every batch it accepted, in order. */
  readonly batches: NovaEvent[][];
  /** Bodies it refused as Nova would (400), with ajv's reasons. */
  readonly refused: { body: unknown; errors: unknown }[];
  /** Answer 503 to everything (a Nova that is down), or serve again. */
  setDown(down: boolean): void;
  events(): NovaEvent[];
  close(): Promise<void>;
}

export const startNovaDouble = async (): Promise<NovaDouble> => {
  const batches: NovaEvent[][] = [];
  const refused: { body: unknown; errors: unknown }[] = [];
  let down = false;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (down) return answer(503, { error: 'down' });
      if (request.method !== 'POST' || request.url !== '/v2.1/os-server-external-events') return answer(404, { itemNotFound: { code: 404 } });
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, { badRequest: { code: 400, message: 'Malformed request body' } });
      }
      if (!valid(body)) {
        refused.push({ body, errors: valid.errors });
        return answer(400, { badRequest: { code: 400, message: ajv.errorsText(valid.errors) } });
      }
      const events = (body as { events: NovaEvent[] }).events;
      batches.push(events);
      answer(200, { events: events.map((event) => ({ ...event, status: event.status ?? 'completed', code: 200 })) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2.1`,
    batches,
    refused,
    setDown: (value) => {
      down = value;
    },
    events: () => batches.flat(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
