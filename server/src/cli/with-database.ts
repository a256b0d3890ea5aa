import type { Config } from '../config/config.js';
import { openDatabase, type Database } from '../persistence/database.js';
import { migrate } from '../persistence/migrate.js';

/** Opens the configured database (migrated, as the server would), runs `work`, and closes it. */
export async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}
