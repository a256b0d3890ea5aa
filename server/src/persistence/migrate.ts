import type { Migrator } from '@mikro-orm/migrations';
import type { Database } from './database.js';

/**
 * The advisory lock that serialises migrations between processes sharing one PostgreSQL
 * database. An arbitrary constant; it only has to differ from other locks the application takes.
 */
const migrationLockId = 4_170_226_337;

/**
 * Applies the pending migrations and returns their names, in order (empty when the schema is
 * current). Safe when several server processes start at once on the same PostgreSQL: the first
 * migrates while the others wait on an advisory lock, then find nothing pending.
 * All pending migrations run in one transaction: on failure none is applied.
 */
export async function migrate(db: Database): Promise<string[]> {
  const migrator = db.orm.getMigrator<Migrator>();
  const applyPending = async (): Promise<string[]> => (await migrator.up()).map((migration) => migration.name);
  // PGlite serves one process through a single connection: there is nobody to wait for, and
  // holding a lock on that connection would block the migrator behind it.
  if (db.kind === 'pglite') return applyPending();

  // The lock is held by its own transaction for the whole run, including the migrator's check
  // for (and creation of) its bookkeeping table, which happens outside the migrator's transaction.
  const connection = db.em.getConnection();
  return connection.transactional(async (lockTransaction) => {
    await connection.execute(`select pg_advisory_xact_lock(${migrationLockId})`, [], 'run', lockTransaction);
    return applyPending();
  });
}
