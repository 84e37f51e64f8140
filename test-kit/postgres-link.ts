import { createServer, connect, type Server, type Socket } from 'node:net';

/** Where a cut COMMIT breaks: before PostgreSQL hears it (nothing is written), or after it answered (written, the answer lost). */
export type CommitCut = 'before-commit' | 'after-commit';

const SSL_REQUEST = 80877103;

/**
 * A TCP link between a node and PostgreSQL that can break the connection carrying the next
 * COMMIT, for the commit whose outcome the node cannot know. It reads the frontend's messages
 * (the startup message, then a type byte and a length each) and looks for a simple query
 * `commit`, which is how the store ends its transactions.
 */
export class PostgresLink {
  private armed: { cut: CommitCut; done: () => void } | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async open(url: string): Promise<PostgresLink> {
    const target = new URL(url);
    const server = createServer();
    const link = new PostgresLink(server, target);
    server.on('connection', (client) => link.carry(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return link;
  }

  /** The database's URL through this link. */
  get url(): string {
    const url = new URL(this.target);
    url.host = `127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return url.toString();
  }

  /** Breaks the connection of the next COMMIT, at `cut`; resolves once it is broken. */
  cutNextCommit(cut: CommitCut): Promise<void> {
    return new Promise((done) => (this.armed = { cut, done }));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private carry(client: Socket): void {
    const database = connect(Number(this.target.port), this.target.hostname);
    for (const socket of [client, database]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const breakBoth = () => {
      client.destroy();
      database.destroy();
    };
    client.on('close', () => database.destroy());
    database.on('close', () => client.destroy());
    let answered: (() => void) | undefined;
    database.on('data', (chunk) => {
      if (!answered) return void client.write(chunk);
      // The COMMIT's answer (ending with ReadyForQuery) is dropped: the commit happened, the node never hears it.
      breakBoth();
      answered();
    });
    let pending = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const header = startup ? 0 : 1;
        if (pending.length < header + 4) return;
        const size = header + pending.readInt32BE(header);
        if (pending.length < size) return;
        const message = pending.subarray(0, size);
        pending = pending.subarray(size);
        if (startup) startup = message.length === 8 && message.readInt32BE(4) === SSL_REQUEST;
        const armed = this.armed;
        if (armed && !startup && message[0] === 0x51 && /^commit\b/i.test(message.subarray(5).toString('utf8'))) {
          this.armed = undefined;
          if (armed.cut === 'before-commit') {
            breakBoth();
            return armed.done();
          }
          answered = armed.done;
        }
        database.write(message);
      }
    });
  }
}
