import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

// The schema generator is used here, and only here, as a reviewer: the hand-written migrations
// must produce exactly the schema the entities describe, or the ORM would read and write columns
// that are not what the migration made. Triggers and trigger functions are outside what the
// generator compares; migrations.test.ts checks that they exist. Expression indexes (partial,
// GIN, lower(username)) are compared by name only, which is how MikroORM compares them.
describe('the migrated schema', () => {
  it('matches the entity metadata: the schema generator finds nothing to change', async () => {
    expect(await db.orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  });

  it('would show a difference if one existed (the comparison is not vacuous)', async () => {
    const connection = db.em.getConnection();
    await connection.execute('drop index "records_procedure_key_stage_index"');
    await connection.execute('alter table "comments" alter column "body" drop not null');
    try {
      const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false });
      expect(diff).toContain('create index "records_procedure_key_stage_index" on "records" ("procedure_key", "stage")');
      expect(diff).toMatch(/alter table "comments" alter column "body" .*set not null/);
    } finally {
      await connection.execute('alter table "comments" alter column "body" set not null');
      await connection.execute('create index "records_procedure_key_stage_index" on "records" ("procedure_key", "stage")');
    }
  });
});
