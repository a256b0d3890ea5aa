import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../server/src/persistence/database.js';
import { migrate } from '../../server/src/persistence/migrate.js';

export interface TestDatabase extends Database {
  /** The connection string of this test's own database; undefined on PGlite. */
  readonly databaseUrl: string | undefined;
  /** Closes the database and, on PostgreSQL, drops it. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply the migrations before returning (default true); false gives an empty database. */
  readonly migrate?: boolean;
}

/**
 * A fresh database for one test file: an in-memory PGlite, or, when DATABASE_URL is set, a new
 * database `procedo_test_<random>` on that server. The database DATABASE_URL names is only used
 * to create and drop the test database, never written to.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const db = serverUrl ? await openPostgreSqlTestDatabase(serverUrl) : await openPGliteTestDatabase();
  if (options.migrate ?? true) {
    try {
      await migrate(db);
    } catch (error) {
      await db.drop();
      throw error;
    }
  }
  return db;
}

async function openPGliteTestDatabase(): Promise<TestDatabase> {
  const db = await openDatabase({ dataDir: 'memory://' });
  return { ...db, databaseUrl: undefined, drop: () => db.close() };
}

async function openPostgreSqlTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `procedo_test_${randomUUID().replaceAll('-', '')}`;
  await onServer(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let db: Database;
  try {
    db = await openDatabase({ databaseUrl, dataDir: 'memory://' });
  } catch (error) {
    await onServer(serverUrl, `drop database if exists "${name}"`);
    throw error;
  }
  const drop = async (): Promise<void> => {
    try {
      await db.close();
    } finally {
      // `with (force)` ends connections a failed test may have left open (PostgreSQL 13+).
      await onServer(serverUrl, `drop database if exists "${name}" with (force)`);
    }
  };
  return { ...db, databaseUrl, drop };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
