import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/src/persistence/database.js';
import { Role } from '../../../server/src/persistence/entities/role.entity.js';
import { migrate } from '../../../server/src/persistence/migrate.js';
import { migrationsList } from '../../../server/src/persistence/migrations/migrations-list.js';

const allMigrations = migrationsList.map((m) => m.name);

// The default deployment: no DATABASE_URL, PGlite files under a data directory. Runs whatever
// DATABASE_URL says, because this is about the embedded database alone.
const parent = await mkdtemp(path.join(tmpdir(), 'procedo-pglite-'));
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('PGlite in a data directory', () => {
  it('creates the directory, and keeps data and applied migrations across a restart', async () => {
    const dataDir = path.join(parent, 'nested', 'data');

    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    expect(await migrate(first)).toEqual(allMigrations);
    const em = first.em.fork();
    em.create(Role, { key: 'reviewer', label: { en: 'Reviewer', 'zh-CN': '审核人' }, position: 3 });
    await em.flush();
    await first.close();
    expect((await readdir(dataDir)).length).toBeGreaterThan(0);

    const second = await openDatabase({ dataDir });
    try {
      expect(await migrate(second)).toEqual([]);
      const role = await second.em.fork().findOneOrFail(Role, 'reviewer');
      expect(role.label).toEqual({ en: 'Reviewer', 'zh-CN': '审核人' });
    } finally {
      await second.close();
    }
  });
});
