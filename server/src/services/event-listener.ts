import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from '../persistence/database.js';
import type { NoticeSource } from './event-bus.js';
import { RECORD_EVENTS_CHANNEL } from './event-notice.js';

export interface ListenOptions {
  /** Reports a lost connection and each failed reconnect; silent by default. */
  readonly warn?: (message: string) => void;
  /** The first and the longest pause between reconnect attempts (default 100 ms and 10 s). */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Listens for record events on the database. On PostgreSQL, a connection of its own (a pooled
 * connection would lose its LISTEN when returned to the pool), reconnected when it drops; on
 * PGlite, the embedded database's single connection, which also hears its own NOTIFYs.
 */
export function listenForRecordEvents(db: Database, deliver: (payload: string) => void, options: ListenOptions = {}): Promise<NoticeSource> {
  if (db.kind === 'pglite') {
    if (!db.pglite) throw new Error('This PGlite database does not expose its PGlite instance, which LISTEN needs.');
    return listenOnPGlite(db.pglite, deliver);
  }
  const url = db.orm.config.get('clientUrl');
  if (!url) throw new Error('The PostgreSQL connection string is unknown, so the event bus cannot open its listening connection.');
  return PostgreSqlListener.start(url, deliver, options);
}

async function listenOnPGlite(pglite: PGlite, deliver: (payload: string) => void): Promise<NoticeSource> {
  const unlisten = await pglite.listen(RECORD_EVENTS_CHANNEL, deliver);
  return {
    close: async () => {
      // The database may already be closed, and with it every LISTEN.
      if (!pglite.closed) await unlisten();
    },
  };
}

/**
 * A dedicated `pg` client that LISTENs, and reconnects with exponential backoff when the
 * connection drops (a server restart, a failover, an idle connection killed by a proxy).
 * Notifications sent while it is disconnected are lost: NOTIFY is not a queue.
 */
class PostgreSqlListener implements NoticeSource {
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #delay: number;
  #closed = false;

  private constructor(
    private readonly url: string,
    private readonly deliver: (payload: string) => void,
    private readonly options: ListenOptions,
  ) {
    this.#delay = options.minDelayMs ?? 100;
  }

  /** Resolves once listening; rejects when the first connection fails (nothing retries it). */
  static async start(url: string, deliver: (payload: string) => void, options: ListenOptions): Promise<PostgreSqlListener> {
    const listener = new PostgreSqlListener(url, deliver, options);
    await listener.#connect();
    return listener;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, keepAlive: true, application_name: 'procedo-event-bus' });
    client.on('notification', (message) => {
      if (message.channel === RECORD_EVENTS_CHANNEL && message.payload !== undefined) this.deliver(message.payload);
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`listen ${RECORD_EVENTS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#delay = this.options.minDelayMs ?? 100;
  }

  #lost(client: pg.Client, error?: Error): void {
    if (this.#closed || this.#client !== client) return;
    this.#client = undefined;
    void client.end().catch(() => {});
    this.#warn(`event bus: the listening connection was lost${error ? ` (${error.message})` : ''}; reconnecting`);
    this.#retry();
  }

  #retry(): void {
    this.#timer = setTimeout(() => {
      this.#connect().then(
        () => this.#warn('event bus: listening again'),
        (error: unknown) => {
          if (this.#closed) return;
          this.#delay = Math.min(this.#delay * 2, this.options.maxDelayMs ?? 10_000);
          this.#warn(`event bus: reconnecting failed (${error instanceof Error ? error.message : String(error)}); next attempt in ${this.#delay} ms`);
          this.#retry();
        },
      );
    }, this.#delay);
    // A pending reconnect must not keep a process alive that is otherwise done.
    this.#timer.unref();
  }

  #warn(message: string): void {
    this.options.warn?.(message);
  }
}
