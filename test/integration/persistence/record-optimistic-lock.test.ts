import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Department } from '../../../server/src/persistence/entities/department.entity.js';
import { ProcedureVersion } from '../../../server/src/persistence/entities/procedure-version.entity.js';
import { ProcedureRecord } from '../../../server/src/persistence/entities/record.entity.js';
import { User } from '../../../server/src/persistence/entities/user.entity.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let recordId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.em.fork();
  em.create(Department, { key: 'production', label: { en: 'Production' }, position: 1 });
  const user = em.create(User, { username: 'dave', displayName: 'Dave' });
  const version = em.create(ProcedureVersion, {
    procedureKey: 'production.batch',
    version: 1,
    status: 'published',
    department: 'production',
    definition: {},
    contentHash: 'h',
  });
  const record = em.create(ProcedureRecord, {
    procedureKey: 'production.batch',
    procedureVersion: version,
    stage: 'draft',
    data: { quantity: 10 },
    createdBy: user,
    department: 'production',
  });
  await em.flush();
  recordId = record.id;
});
afterAll(async () => {
  await db?.drop();
});

describe('Record optimistic locking', () => {
  it('starts at version 1 and counts each update', async () => {
    const em = db.em.fork();
    const record = await em.findOneOrFail(ProcedureRecord, recordId);
    expect(record.version).toBe(1);
    record.data = { ...record.data, quantity: 11 };
    await em.flush();
    expect(record.version).toBe(2);
    expect((await db.em.fork().findOneOrFail(ProcedureRecord, recordId)).version).toBe(2);
  });

  it('refuses to flush a stale copy and keeps the first writer\'s change', async () => {
    const first = db.em.fork();
    const second = db.em.fork();
    const mine = await first.findOneOrFail(ProcedureRecord, recordId);
    const theirs = await second.findOneOrFail(ProcedureRecord, recordId);
    const loadedVersion = mine.version;

    mine.stage = 'review';
    await first.flush();
    theirs.data = { quantity: 999 };

    await expect(second.flush()).rejects.toBeInstanceOf(OptimisticLockError);
    const stored = await db.em.fork().findOneOrFail(ProcedureRecord, recordId);
    expect(stored).toMatchObject({ stage: 'review', version: loadedVersion + 1, data: { quantity: 11 } });
  });

  it('refuses a read that expects an older version (how expectedVersion is checked)', async () => {
    const current = (await db.em.fork().findOneOrFail(ProcedureRecord, recordId)).version;
    const em = db.em.fork();
    await expect(em.findOneOrFail(ProcedureRecord, recordId, { lockMode: LockMode.OPTIMISTIC, lockVersion: current - 1 })).rejects.toThrow(
      OptimisticLockError,
    );
    const fresh = db.em.fork();
    const record = await fresh.findOneOrFail(ProcedureRecord, recordId, { lockMode: LockMode.OPTIMISTIC, lockVersion: current });
    expect(record.version).toBe(current);
  });
});
