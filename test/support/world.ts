import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDefinitions } from '../../server/src/definitions/definition-set.js';
import { Department } from '../../server/src/persistence/entities/department.entity.js';
import { User } from '../../server/src/persistence/entities/user.entity.js';
import { importDefinitions, loadPublishedDefinitions } from '../../server/src/services/definitions.service.js';
import { ProcedureCatalog, latestPublishedVersions } from '../../server/src/services/procedure-catalog.js';
import { RecordService } from '../../server/src/services/record.service.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { fixturesDir } from './fixtures.js';

export const engineDefinitionsDir = path.join(fixturesDir, 'engine');

export interface World {
  readonly db: TestDatabase;
  readonly service: RecordService;
  /** Creates an active user; `manages` makes them the manager of their department. */
  user(username: string, profile: { department: string; roles?: string[]; manages?: boolean; admin?: boolean }): Promise<string>;
  /** Imports a definitions directory and serves what is then published (a publish without restart). */
  publish(dir: string): Promise<void>;
  setNow(now: Date): void;
  /** The catalog now served. */
  catalog(): ProcedureCatalog;
  close(): Promise<void>;
}

/** A fresh database with the engine fixtures published and a RecordService over it. */
export async function createWorld(dir = engineDefinitionsDir): Promise<World> {
  const db = await createTestDatabase();
  let catalog: ProcedureCatalog | undefined;
  let now = new Date('2026-11-27T09:00:00Z');
  const publish = async (from: string) => {
    const files = await loadDefinitions(from);
    if (!files.ok) throw new Error(JSON.stringify(files.problems, null, 2));
    await importDefinitions(db.em, files.set);
    const published = await loadPublishedDefinitions(db.em);
    if (!published.ok) throw new Error(JSON.stringify(published.problems, null, 2));
    catalog = new ProcedureCatalog(published.set.registry, await latestPublishedVersions(db.em));
  };
  await publish(dir);
  const service = new RecordService({ db, catalog: () => catalog!, clock: () => now });
  return {
    db,
    service,
    async user(username, profile) {
      const em = db.em.fork();
      const user = em.create(User, { username, displayName: username, passwordHash: null, department: profile.department, roles: profile.roles ?? ['employee'], isAdmin: profile.admin ?? false });
      if (profile.manages) em.assign(await em.findOneOrFail(Department, { key: profile.department }), { manager: user });
      await em.flush();
      return user.id;
    },
    publish,
    setNow(value) {
      now = value;
    },
    catalog: () => catalog!,
    close: () => db.drop(),
  };
}

/**
 * A copy of the engine fixtures whose budget adjustment gains `riskNote`, a field only finance
 * officers may read (and write in review): the case for field-level access in the API tests.
 */
export async function definitionsWithRiskNote(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'procedo-risk-note-'));
  await cp(engineDefinitionsDir, dir, { recursive: true });
  const file = path.join(dir, 'test/budget-adjustment.yaml');
  const text = (await readFile(file, 'utf8'))
    .replace(
      '    - { key: approvedOn, type: date, label: { en: Approved on, zh-CN: 批准日期 } }',
      '    - { key: approvedOn, type: date, label: { en: Approved on, zh-CN: 批准日期 } }\n    - { key: riskNote, type: text, label: { en: Risk note, zh-CN: 风险说明 }, readers: { roles: [finance-officer] } }',
    )
    .replace('      - { fields: [approvedOn], by: { roles: [finance-officer] } }', '      - { fields: [approvedOn, riskNote], by: { roles: [finance-officer] } }');
  await writeFile(file, text);
  return dir;
}
