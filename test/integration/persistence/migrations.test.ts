import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../server/src/persistence/migrate.js';
import { openDatabase, type Database } from '../../../server/src/persistence/database.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { migrationsList } from '../../../server/src/persistence/migrations/migrations-list.js';

const allMigrations = migrationsList.map((m) => m.name);

const opened: { drop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const db of opened.splice(0).reverse()) await db.drop();
});

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  opened.push(db);
  return db;
}

async function tableNames(db: Database): Promise<string[]> {
  const rows = await db.em.getConnection().execute<{ table_name: string }[]>(
    `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rows.map((row) => row.table_name);
}

describe('migrate', () => {
  it('creates every table on an empty database and records the migration', async () => {
    const db = await emptyDatabase();
    expect(await tableNames(db)).toEqual([]);

    expect(await migrate(db)).toEqual(allMigrations);

    expect(await tableNames(db)).toEqual([
      'api_tokens',
      'approvals',
      'comments',
      'departments',
      'idempotency_keys',
      'mikro_orm_migrations',
      'organisation_versions',
      'outbox_messages',
      'procedure_versions',
      'record_events',
      'records',
      'roles',
      'users',
    ]);
    const applied = await db.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations');
    expect(applied.map((row) => row.name)).toEqual(allMigrations);
  });

  it('applies nothing on a second run', async () => {
    const db = await emptyDatabase();
    await migrate(db);

    expect(await migrate(db)).toEqual([]);
    const applied = await db.em.getConnection().execute<{ count: string }[]>('select count(*) as count from mikro_orm_migrations');
    expect(Number(applied[0]?.count)).toBe(allMigrations.length);
  });

  it('installs the triggers that guard history and published versions', async () => {
    const db = await emptyDatabase();
    await migrate(db);

    const triggers = await db.em.getConnection().execute<{ tgname: string; relname: string }[]>(
      `select t.tgname, c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid
       where not t.tgisinternal order by t.tgname`,
    );
    expect(triggers).toEqual([
      { tgname: 'procedure_versions_published_immutable', relname: 'procedure_versions' },
      { tgname: 'record_events_append_only', relname: 'record_events' },
    ]);
  });

  // Several server replicas start at once on one PostgreSQL; PGlite is single-process.
  it.runIf(process.env.DATABASE_URL)('lets exactly one of several processes starting at once apply the migrations', async () => {
    const db = await emptyDatabase();
    const others = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: db.databaseUrl, dataDir: 'memory://' })));
    opened.push(...others.map((other) => ({ drop: () => other.close() })));

    const results = await Promise.all([db, ...others].map((instance) => migrate(instance)));

    expect(results.filter((names) => names.length > 0)).toEqual([allMigrations]);
    expect(results.filter((names) => names.length === 0)).toHaveLength(3);
    expect(await tableNames(db)).toContain('records');
  });
});
