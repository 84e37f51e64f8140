import pg from 'pg';
import type { LogSchema } from './schema.js';

/** How often the head is polled while the LISTEN connection is down. */
const POLL_MS = 200;

/**
 * What this node knows of the log's last committed position, kept fresh by LISTEN/NOTIFY (every
 * appending transaction notifies its last position on commit) and by this node's own commits.
 * When the listening connection drops (a database restart), it polls the head until it can
 * listen again, then reads the head once more, so no commit in between goes unnoticed.
 */
export class LogHead {
  private head = 0;
  private listener: pg.Client | undefined;
  private closed = false;
  private reconnecting: Promise<void> | undefined;

  private constructor(
    private readonly connection: pg.ClientConfig,
    private readonly schema: LogSchema,
    private readonly readHead: () => Promise<number>,
    private readonly onAdvance: () => void,
  ) {}

  static async follow(
    connection: pg.ClientConfig,
    schema: LogSchema,
    readHead: () => Promise<number>,
    onAdvance: () => void,
  ): Promise<LogHead> {
    const head = new LogHead(connection, schema, readHead, onAdvance);
    await head.listen();
    head.advance(await readHead());
    return head;
  }

  get position(): number {
    return this.head;
  }

  /** Whether notifications are flowing (false while polling). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  advance(position: number): void {
    if (position <= this.head) return;
    this.head = position;
    this.onAdvance();
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.reconnecting;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client(this.connection);
    client.on('notification', (message) => {
      if (message.channel === this.schema.channel) this.advance(Number(message.payload));
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen "${this.schema.channel}"`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.listener = client;
  }

  private lost(client: pg.Client): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    void client.end().catch(() => undefined);
    if (!this.closed) this.reconnecting ??= this.reconnect().finally(() => (this.reconnecting = undefined));
  }

  private async reconnect(): Promise<void> {
    while (!this.closed && this.listener === undefined) {
      try {
        await this.listen();
        this.advance(await this.readHead());
      } catch {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        await this.readHead().then((head) => this.advance(head), () => undefined);
      }
    }
    if (this.closed) await this.listener?.end().catch(() => undefined);
  }
}
