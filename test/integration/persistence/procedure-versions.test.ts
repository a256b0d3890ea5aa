import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcedureVersion } from '../../../server/src/persistence/entities/procedure-version.entity.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function saveVersion(procedureKey: string, version: number, status: 'draft' | 'published'): Promise<string> {
  const em = db.em.fork();
  const row = em.create(ProcedureVersion, {
    procedureKey,
    version,
    status,
    department: 'finance',
    definition: { key: procedureKey, title: `v${version}` },
    contentHash: `hash-${procedureKey}-${version}`,
    publishedAt: status === 'published' ? new Date() : null,
  });
  await em.flush();
  return row.id;
}

async function read(id: string): Promise<ProcedureVersion> {
  return db.em.fork().findOneOrFail(ProcedureVersion, id);
}

describe('procedure versions', () => {
  it('a draft accepts changes to its definition and can then be published', async () => {
    const id = await saveVersion('hr.onboarding', 1, 'draft');
    const em = db.em.fork();
    const draft = await em.findOneOrFail(ProcedureVersion, id);
    draft.definition = { key: 'hr.onboarding', title: 'edited' };
    draft.contentHash = 'hash-edited';
    await em.flush();
    expect(await read(id)).toMatchObject({ definition: { key: 'hr.onboarding', title: 'edited' }, contentHash: 'hash-edited', status: 'draft' });

    const publishedAt = new Date('2026-11-27T12:00:00.000Z');
    draft.status = 'published';
    draft.publishedAt = publishedAt;
    await em.flush();
    const published = await read(id);
    expect(published.status).toBe('published');
    expect(published.publishedAt?.toISOString()).toBe(publishedAt.toISOString());
  });

  it('a published version refuses changes to its definition, hash, number, key or status', async () => {
    const id = await saveVersion('finance.budget', 1, 'published');
    const changes: [string, string][] = [
      ['definition', `definition = '{"key":"finance.budget","title":"sneaky"}'`],
      ['content_hash', `content_hash = 'other'`],
      ['version', 'version = 7'],
      ['procedure_key', `procedure_key = 'finance.other'`],
      ['status', `status = 'draft'`],
    ];
    for (const [column, assignment] of changes) {
      await expect(
        db.em.getConnection().execute(`update procedure_versions set ${assignment} where id = '${id}'`),
        column,
      ).rejects.toThrow(/procedure finance\.budget version 1 is published and immutable/);
    }

    const em = db.em.fork();
    const published = await em.findOneOrFail(ProcedureVersion, id);
    published.definition = { key: 'finance.budget', title: 'through the ORM' };
    await expect(em.flush()).rejects.toThrow(/is published and immutable/);

    expect(await read(id)).toMatchObject({ definition: { key: 'finance.budget', title: 'v1' }, contentHash: 'hash-finance.budget-1', version: 1, status: 'published' });
  });

  it('a published version cannot be deleted; a draft can', async () => {
    const publishedId = await saveVersion('sales.quote', 1, 'published');
    const draftId = await saveVersion('sales.quote', 2, 'draft');

    await expect(db.em.fork().nativeDelete(ProcedureVersion, { id: publishedId })).rejects.toThrow(
      /procedure sales\.quote version 1 is published and cannot be deleted/,
    );
    expect(await db.em.fork().nativeDelete(ProcedureVersion, { id: draftId })).toBe(1);

    const left = await db.em.fork().find(ProcedureVersion, { procedureKey: 'sales.quote' });
    expect(left.map((v) => [v.version, v.status])).toEqual([[1, 'published']]);
  });

  it('allows one draft per procedure key', async () => {
    await saveVersion('rnd.design-review', 1, 'published');
    await saveVersion('rnd.design-review', 2, 'draft');

    const second = saveVersion('rnd.design-review', 3, 'draft');
    await expect(second).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    await expect(second).rejects.toThrow(/procedure_versions_one_draft_per_key/);

    // Other keys, and published versions of the same key, are not limited.
    await saveVersion('rnd.prototype', 1, 'draft');
    await saveVersion('rnd.design-review', 3, 'published');
    const versions = await db.em.fork().find(ProcedureVersion, { procedureKey: 'rnd.design-review' }, { orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'published'],
      [2, 'draft'],
      [3, 'published'],
    ]);
  });

  it('refuses a second row with the same key and version number', async () => {
    await saveVersion('service.complaint', 1, 'published');
    await expect(saveVersion('service.complaint', 1, 'draft')).rejects.toThrow(/procedure_versions_procedure_key_version_unique/);
  });
});
