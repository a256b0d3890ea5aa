import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, openDatabase } from '../../../server/src/persistence/database.js';

describe('a PostgreSQL that cannot be used', () => {
  it('names the address when nothing answers there', async () => {
    const error = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/procedo', dataDir: 'memory://' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toBe('no PostgreSQL answers at 127.0.0.1:1: start it, or unset DATABASE_URL to use the embedded database');
  });

  it.runIf(process.env.DATABASE_URL)('says how to create a database that does not exist', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/procedo_missing_database';
    const error = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/^database "procedo_missing_database" does not exist on .*: create it \(createdb /);
  });
});
