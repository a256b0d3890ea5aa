import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Approval } from '../../../server/src/persistence/entities/approval.entity.js';
import { ProcedureRecord } from '../../../server/src/persistence/entities/record.entity.js';
import { RecordEvent } from '../../../server/src/persistence/entities/record-event.entity.js';
import { migrateRecords } from '../../../server/src/services/record-migration.service.js';
import { createWorld, engineDefinitionsDir, type World } from '../../support/world.js';

let w: World;
const ids: Record<string, string> = {};
let inDraft: string;
let inReview: string;

beforeAll(async () => {
  w = await createWorld();
  ids.admin = await w.user('root', { department: 'management', roles: [], admin: true });
  ids.alice = await w.user('alice', { department: 'sales' });
  ids.mona = await w.user('mona', { department: 'sales', roles: ['manager'], manages: true });
  await w.user('fiona', { department: 'finance', roles: ['finance-officer'] });
  inDraft = (await w.service.create(ids.alice!, 'test.budget-adjustment', { title: 'A', currentAmount: '0', requestedAmount: '10' })).id;
  const second = await w.service.create(ids.alice!, 'test.budget-adjustment', { title: 'B', currentAmount: '0', requestedAmount: '500000' });
  inReview = (await w.service.transition(ids.alice!, second.id, 'submit', { expectedVersion: second.version })).id;

  // Version 2 renames "review" to "checking" and drops the increase approval.
  const dir = await mkdtemp(path.join(tmpdir(), 'procedo-migrate-'));
  await cp(engineDefinitionsDir, dir, { recursive: true });
  const file = path.join(dir, 'test/budget-adjustment.yaml');
  let text = await readFile(file, 'utf8');
  text = text.replaceAll('key: review', 'key: checking').replaceAll('from: review', 'from: checking').replaceAll('to: review', 'to: checking');
  text = text.replace('from: [draft, review]', 'from: [draft, checking]');
  text = text.slice(0, text.indexOf('gates:')) + text.slice(text.indexOf('rules:')).replace(/ {2}- key: large-increase-needs-approval[\s\S]*?(?= {2}- key: no-decrease)/, '');
  await writeFile(file, text);
  await w.publish(dir);
});
afterAll(async () => {
  await w?.close();
});

const request = { procedure: 'test.budget-adjustment', fromVersion: 1, toVersion: 2 };

describe('migrating records to a new version', () => {
  it('is for administrators only', async () => {
    await expect(migrateRecords(w.db, w.catalog(), ids.alice!, request)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses, writing nothing, when a stage in use has nowhere to go', async () => {
    const error = await migrateRecords(w.db, w.catalog(), ids.admin!, request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as { extensions: { fieldErrors: unknown[] } }).extensions.fieldErrors).toEqual([
      { path: 'stages.review', message: expect.objectContaining({ en: expect.stringContaining('Records are in "review"') }) },
    ]);
    const bad = await migrateRecords(w.db, w.catalog(), ids.admin!, { ...request, stages: { review: 'nowhere' } }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED' });
    const stored = await w.db.em.fork().findOneOrFail(ProcedureRecord, inReview, { populate: ['procedureVersion'] });
    expect([stored.stage, stored.procedureVersion.$.version]).toEqual(['review', 1]);
  });

  it('moves every record with its stage mapped, cancels approvals of dropped gates and writes history', async () => {
    const report = await migrateRecords(w.db, w.catalog(), ids.admin!, { ...request, stages: { review: 'checking' } });
    expect(report).toEqual({ migrated: 2, byStage: { draft: { to: 'draft', records: 1 }, review: { to: 'checking', records: 1 } } });

    const em = w.db.em.fork();
    const moved = await Promise.all([inDraft, inReview].map((id) => em.findOneOrFail(ProcedureRecord, id, { populate: ['procedureVersion'] })));
    expect(moved.map((r) => [r.stage, r.procedureVersion.$.version, r.gates])).toEqual([
      ['draft', 2, {}],
      ['checking', 2, {}],
    ]);
    expect(await em.count(Approval, { record: inReview, state: 'pending' })).toBe(0);
    const [event] = await em.find(RecordEvent, { record: inReview, type: 'migrated' });
    expect(event).toMatchObject({ fromStage: 'review', toStage: 'checking', data: { fromVersion: 1, toVersion: 2, cancelledGates: ['increase-approval'] } });

    // From now on it behaves as version 2: a larger increase opens no approval.
    const edited = await w.service.update(ids.alice!, inReview, { requestedAmount: '600000' }, moved[1]!.version);
    expect([edited.procedureVersion, edited.stage, edited.gates]).toEqual([2, 'checking', {}]);
  });
});
