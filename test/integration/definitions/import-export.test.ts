import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadDefinitions, type DefinitionSet } from '../../../server/src/definitions/definition-set.js';
import { AppError } from '../../../server/src/errors/app-error.js';
import { ProcedureVersion } from '../../../server/src/persistence/entities/procedure-version.entity.js';
import { exportDefinitions, importDefinitions, loadPublishedDefinitions } from '../../../server/src/services/definitions.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { shippedDefinitionsDir, validDefinitionsDir } from '../../support/fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function load(dir: string): Promise<DefinitionSet> {
  const result = await loadDefinitions(dir);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.set;
}

async function copyOf(dir: string): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), 'procedo-definitions-'));
  await cp(dir, copy, { recursive: true });
  return copy;
}

async function versionsOf(key: string) {
  const rows = await db.em.fork().find(ProcedureVersion, { procedureKey: key }, { orderBy: { version: 'asc' } });
  return rows.map((r) => ({ version: r.version, status: r.status, hash: r.contentHash }));
}

describe('import and export', () => {
  it('publishes a first version of everything, and export gives back the same files byte for byte', async () => {
    const report = await importDefinitions(db.em, await load(validDefinitionsDir));
    expect(report).toEqual({
      organisation: { version: 1, status: 'created' },
      procedures: [
        { key: 'test.expense', version: 1, status: 'created' },
        { key: 'test.purchase', version: 1, status: 'created' },
      ],
    });
    const files = await exportDefinitions(db.em);
    expect([...files.keys()].sort()).toEqual(['organisation.yaml', 'test/expense.yaml', 'test/purchase.yaml']);
    for (const [file, text] of files) expect(text, file).toBe(await readFile(path.join(validDefinitionsDir, file), 'utf8'));
  });

  it('writes nothing for an unchanged set', async () => {
    const report = await importDefinitions(db.em, await load(validDefinitionsDir));
    expect(report.organisation).toEqual({ version: 1, status: 'unchanged' });
    expect(report.procedures.map((p) => p.status)).toEqual(['unchanged', 'unchanged']);
    expect(await versionsOf('test.expense')).toHaveLength(1);
  });

  it('publishes a new version of a changed procedure and keeps the old one as it was', async () => {
    const dir = await copyOf(validDefinitionsDir);
    const file = path.join(dir, 'test/purchase.yaml');
    const changed = (await readFile(file, 'utf8')).replace('label: { en: Purchase, zh-CN: 采购 }', 'label: { en: Purchase order, zh-CN: 采购订单 }');
    await writeFile(file, changed);

    const report = await importDefinitions(db.em, await load(dir));
    expect(report.procedures).toEqual([
      { key: 'test.expense', version: 1, status: 'unchanged' },
      { key: 'test.purchase', version: 2, status: 'changed' },
    ]);
    const versions = await versionsOf('test.purchase');
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'published'], [2, 'published']]);
    expect(versions[0]!.hash).not.toBe(versions[1]!.hash);

    const published = await loadPublishedDefinitions(db.em);
    expect(published.ok && published.set.registry.procedures.get('test.purchase')!.label.en).toBe('Purchase order');
    expect((await exportDefinitions(db.em)).get('test/purchase.yaml')).toBe(changed);
  });

  it('refuses, and writes nothing, when the new files would break a stored procedure', async () => {
    const dir = await copyOf(validDefinitionsDir);
    const orgFile = path.join(dir, 'organisation.yaml');
    // Drop the finance-officer role, which test.expense (also stored) relies on.
    const org = (await readFile(orgFile, 'utf8')).replace(/ {2}- key: finance-officer\n.*\n/, '');
    await writeFile(orgFile, org);
    await rm(path.join(dir, 'test/expense.yaml'));
    await rm(path.join(dir, 'test/purchase.yaml'));

    const error = await importDefinitions(db.em, await load(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INVALID_DEFINITION' });
    expect((error as AppError).extensions.problems).toContainEqual(
      expect.objectContaining({ path: expect.stringContaining('test/expense.yaml#/'), message: expect.stringContaining('unknown role "finance-officer"') }),
    );
    const files = await exportDefinitions(db.em);
    expect(files.get('organisation.yaml')).toBe(await readFile(path.join(validDefinitionsDir, 'organisation.yaml'), 'utf8'));
  });

  it('exports a definition that has no source text as canonical YAML with the same content', async () => {
    const em = db.em.fork();
    const latest = await em.findOneOrFail(ProcedureVersion, { procedureKey: 'test.expense', version: 1 });
    em.create(ProcedureVersion, {
      procedureKey: 'test.expense',
      version: 2,
      status: 'published',
      department: latest.department,
      definition: latest.definition,
      source: null,
      contentHash: latest.contentHash,
      publishedAt: new Date(),
    });
    await em.flush();
    const text = (await exportDefinitions(db.em)).get('test/expense.yaml')!;
    expect(text).not.toContain('#');
    expect(parse(text)).toEqual(latest.definition);
  });
});

describe('the shipped definitions', () => {
  it('round-trip through import and export unchanged', async () => {
    const fresh = await createTestDatabase();
    try {
      await importDefinitions(fresh.em, await load(shippedDefinitionsDir));
      const files = await exportDefinitions(fresh.em);
      expect(files.size).toBeGreaterThan(1);
      for (const [file, text] of files) expect(text, file).toBe(await readFile(path.join(shippedDefinitionsDir, file), 'utf8'));
    } finally {
      await fresh.drop();
    }
  });
});
