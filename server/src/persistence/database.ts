import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { DefaultLogger, MikroORM, type LogContext, type LoggerOptions, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver, type AbstractSqlDriver, type SqlEntityManager } from '@mikro-orm/postgresql';
import { PGliteDriver, PGliteKnexDialect, type PGliteConnectionConfig } from 'mikro-orm-pglite';
import { entities } from './entities/index.js';
import { migrationsList } from './migrations/migrations-list.js';

export type DatabaseKind = 'pglite' | 'postgresql';

/**
 * mikro-orm-pglite's knex dialect sends any raw query whose text contains a ';' to PGlite's
 * `exec`, which ignores bindings and reports no row count. MikroORM inlines values into raw SQL,
 * so a ';' inside a string value (a comment, an address) made updates fail as optimistic-lock
 * conflicts. Run every query as one statement, and use `exec` only when PostgreSQL itself says
 * the text holds several (42601, "cannot insert multiple commands into a prepared statement").
 */
type QueryArgs = Parameters<PGliteKnexDialect['_query']>;
PGliteKnexDialect.prototype._query = async function (connection: QueryArgs[0], obj: QueryArgs[1]) {
  if (!obj.sql) throw new Error('The query is empty');
  try {
    obj.response = await connection.query(obj.sql, (obj.bindings ?? []) as unknown[]);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code !== '42601' || !/multiple commands/i.test(message ?? '')) throw error;
    obj.response = await connection.exec(obj.sql);
  }
  return obj;
};

export interface Database {
  readonly orm: MikroORM<AbstractSqlDriver, SqlEntityManager>;
  /** The root EntityManager: fork it (`em.fork()`) or use `em.transactional` per unit of work. */
  readonly em: SqlEntityManager;
  readonly kind: DatabaseKind;
  /** The embedded database itself, for what the ORM does not offer (LISTEN); undefined on PostgreSQL. */
  readonly pglite?: PGlite;
  /** Closes the ORM and, for PGlite, the embedded database (flushing it to `dataDir`). */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it the embedded PGlite database is used. */
  readonly databaseUrl?: string;
  /** PGlite's directory, created when missing; `memory://` keeps the database in memory. */
  readonly dataDir: string;
  /** Logs every query through MikroORM's logger. */
  readonly debug?: boolean;
  /** Called with every statement sent (transaction control included): how benchmarks count round trips. */
  readonly onQuery?: (sql: string) => void;
}

/**
 * Opens the database: PostgreSQL when `databaseUrl` is given, otherwise PGlite in `dataDir`.
 * Both use the same entities and migrations. Does not migrate: call `migrate(db)`.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl === undefined ? openPGlite(options) : openPostgreSql(options.databaseUrl, options);
}

/** The database cannot be reached or used; the message says what to do, without secrets. */
export class DatabaseUnavailableError extends Error {}

async function openPostgreSql(databaseUrl: string, options: DatabaseOptions): Promise<Database> {
  const orm = await MikroORM.init<AbstractSqlDriver, SqlEntityManager>({
    ...commonOptions(options),
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
  });
  const check = await orm.checkConnection();
  if (!check.ok) {
    await orm.close(true);
    throw explainConnectionError(check.error, databaseUrl);
  }
  return { orm, em: orm.em, kind: 'postgresql', close: () => orm.close(true) };
}

async function openPGlite(options: DatabaseOptions): Promise<Database> {
  const pglite = await createPGlite(options.dataDir);
  try {
    const orm = await MikroORM.init<AbstractSqlDriver, SqlEntityManager>({
      ...commonOptions(options),
      driver: PGliteDriver,
      // PGlite has one database; the name only satisfies MikroORM's configuration check.
      dbName: 'postgres',
      // Injected rather than created by the driver, so that the driver treats it as borrowed
      // and `close()` below decides when the files are flushed and released.
      driverOptions: { connection: { pglite: () => pglite } satisfies PGliteConnectionConfig },
    });
    const close = async (): Promise<void> => {
      try {
        await orm.close(true);
      } finally {
        await pglite.close();
      }
    };
    return { orm, em: orm.em, kind: 'pglite', pglite, close };
  } catch (error) {
    await pglite.close();
    throw error;
  }
}

async function createPGlite(dataDir: string): Promise<PGlite> {
  if (dataDir.startsWith('memory://')) return PGlite.create();
  await mkdir(dataDir, { recursive: true });
  return PGlite.create(dataDir);
}

function commonOptions(options: DatabaseOptions): Options<AbstractSqlDriver, SqlEntityManager> {
  return {
    entities,
    extensions: [Migrator],
    // The schema belongs to the migrations alone: never create or check a database on start.
    ensureDatabase: false,
    forceUtcTimezone: true,
    debug: options.debug ?? false,
    ...(options.onQuery ? { loggerFactory: (logger: LoggerOptions) => new QueryObserver(logger, options.onQuery!) } : {}),
    discovery: { warnWhenNoEntities: false },
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      // Runs from compiled-in classes: no snapshot file to write, no directory to scan.
      snapshot: false,
      silent: true,
      transactional: true,
      allOrNothing: true,
    },
  };
}

/** MikroORM's logger, also telling `onQuery` of every statement whatever the debug setting. */
class QueryObserver extends DefaultLogger {
  constructor(
    options: LoggerOptions,
    private readonly onQuery: (sql: string) => void,
  ) {
    super(options);
  }

  override logQuery(context: { query: string } & LogContext): void {
    this.onQuery(context.query);
    super.logQuery(context);
  }
}

/** Turns the driver's connection errors into a sentence naming the server and the fix. */
function explainConnectionError(error: unknown, databaseUrl: string): unknown {
  const { code } = (error ?? {}) as { code?: string };
  const url = new URL(databaseUrl);
  const where = `${url.hostname}:${url.port || '5432'}`;
  const name = decodeURIComponent(url.pathname.slice(1)) || url.username;
  const explanations: Record<string, string> = {
    '3D000': `database "${name}" does not exist on ${where}: create it (createdb -h ${url.hostname} -U ${url.username || 'postgres'} ${name}) or point DATABASE_URL at an existing one`,
    ECONNREFUSED: `no PostgreSQL answers at ${where}: start it, or unset DATABASE_URL to use the embedded database`,
    ENOTFOUND: `the host "${url.hostname}" in DATABASE_URL is unknown`,
    '28P01': `PostgreSQL at ${where} refused the password of user "${url.username}"`,
    '28000': `PostgreSQL at ${where} refused user "${url.username}"`,
  };
  return code && explanations[code] ? new DatabaseUnavailableError(explanations[code], { cause: error }) : error;
}
