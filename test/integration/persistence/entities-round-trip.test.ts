import { ref } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiToken } from '../../../server/src/persistence/entities/api-token.entity.js';
import { Approval } from '../../../server/src/persistence/entities/approval.entity.js';
import { Comment } from '../../../server/src/persistence/entities/comment.entity.js';
import { Department } from '../../../server/src/persistence/entities/department.entity.js';
import { IdempotencyKey } from '../../../server/src/persistence/entities/idempotency-key.entity.js';
import { OrganisationVersion } from '../../../server/src/persistence/entities/organisation-version.entity.js';
import { OutboxMessage } from '../../../server/src/persistence/entities/outbox-message.entity.js';
import { ProcedureVersion } from '../../../server/src/persistence/entities/procedure-version.entity.js';
import { RecordEvent } from '../../../server/src/persistence/entities/record-event.entity.js';
import { ProcedureRecord } from '../../../server/src/persistence/entities/record.entity.js';
import { Role } from '../../../server/src/persistence/entities/role.entity.js';
import { User } from '../../../server/src/persistence/entities/user.entity.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let ids: { alice: string; bob: string; procedureVersion: string; record: string };

beforeAll(async () => {
  db = await createTestDatabase();
  ids = await seed();
});
afterAll(async () => {
  await db?.drop();
});

const dueAt = new Date('2026-12-01T09:30:15.123Z');

/** One flush with every kind of reference, so that insert ordering is exercised too. */
async function seed(): Promise<typeof ids> {
  const em = db.em.fork();
  // The child comes before its parent on purpose: the organisation file is not ordered.
  const finance = em.create(Department, {
    key: 'finance',
    label: { en: 'Finance', 'zh-CN': '财务部' },
    parent: 'management',
    position: 2,
  });
  em.create(Department, { key: 'management', label: { en: 'Management' }, position: 1 });
  em.create(Role, { key: 'manager', label: { en: 'Manager', 'zh-CN': '经理' }, description: { en: 'Leads a department' }, position: 1 });
  const alice = em.create(User, {
    username: 'Alice',
    passwordHash: '$argon2id$v=19$fake',
    displayName: 'Alice Zhang',
    department: finance,
    roles: ['employee', 'manager'],
    isAdmin: true,
    locale: 'zh-CN',
  });
  const bob = em.create(User, { username: 'svc-erp', displayName: 'ERP bridge' });
  finance.manager = ref(alice);
  const version = em.create(ProcedureVersion, {
    procedureKey: 'finance.budget-adjustment',
    version: 1,
    status: 'published',
    department: 'finance',
    definition: { key: 'finance.budget-adjustment', stages: [{ key: 'draft' }, { key: 'review' }] },
    source: 'key: finance.budget-adjustment\n',
    contentHash: 'sha256:abc',
    publishedAt: new Date('2026-11-01T00:00:00.000Z'),
    createdBy: alice,
  });
  const record = em.create(ProcedureRecord, {
    procedureKey: 'finance.budget-adjustment',
    procedureVersion: version,
    stage: 'review',
    data: { amount: '1250.50', lines: [{ item: 'laptop', qty: 2 }], urgent: true, note: null },
    createdBy: alice,
    department: 'finance',
    assignee: bob,
    dueAt,
  });
  await em.flush();
  return { alice: alice.id, bob: bob.id, procedureVersion: version.id, record: record.id };
}

describe('every entity persists and reads back with its values', () => {
  it('Department: jsonb label, parent key and manager', async () => {
    const finance = await db.em.fork().findOneOrFail(Department, 'finance', { populate: ['manager'] });
    expect(finance.label).toEqual({ en: 'Finance', 'zh-CN': '财务部' });
    expect(finance.parent).toBe('management');
    expect(finance.manager?.id).toBe(ids.alice);
    expect(finance.manager?.$.displayName).toBe('Alice Zhang');
    expect(finance.position).toBe(2);
  });

  it('Role: jsonb label and description', async () => {
    const role = await db.em.fork().findOneOrFail(Role, 'manager');
    expect(role).toMatchObject({ key: 'manager', label: { en: 'Manager', 'zh-CN': '经理' }, description: { en: 'Leads a department' }, position: 1 });
  });

  it('User: lower-cased username, text[] roles, defaults and timestamps', async () => {
    const alice = await db.em.fork().findOneOrFail(User, ids.alice, { populate: ['department'] });
    expect(alice.username).toBe('alice');
    expect(alice.roles).toEqual(['employee', 'manager']);
    expect(alice.department?.$.key).toBe('finance');
    expect(alice).toMatchObject({ isAdmin: true, active: true, locale: 'zh-CN', passwordHash: '$argon2id$v=19$fake' });
    expect(alice.createdAt).toBeInstanceOf(Date);
    expect(Date.now() - alice.createdAt.getTime()).toBeLessThan(60_000);

    const service = await db.em.fork().findOneOrFail(User, ids.bob);
    expect(service).toMatchObject({ passwordHash: null, roles: [], isAdmin: false, active: true, department: null });

    const [row] = await db.em.getConnection().execute<{ roles: string[]; type: string }[]>(
      `select roles, pg_typeof(roles)::text as type from users where id = '${ids.alice}'`,
    );
    expect(row).toEqual({ roles: ['employee', 'manager'], type: 'text[]' });
  });

  it('User: updatedAt moves on update, createdAt does not', async () => {
    const em = db.em.fork();
    const bob = await em.findOneOrFail(User, ids.bob);
    const { createdAt, updatedAt } = bob;
    await new Promise((resolve) => setTimeout(resolve, 5));
    bob.displayName = 'ERP bridge (prod)';
    await em.flush();

    const reread = await db.em.fork().findOneOrFail(User, ids.bob);
    expect(reread.displayName).toBe('ERP bridge (prod)');
    expect(reread.createdAt.getTime()).toBe(createdAt.getTime());
    expect(reread.updatedAt.getTime()).toBeGreaterThan(updatedAt.getTime());
  });

  it('OrganisationVersion: whole content as jsonb, unique version', async () => {
    const em = db.em.fork();
    const content = { departments: [{ key: 'finance', label: { en: 'Finance' } }], roles: [] };
    em.create(OrganisationVersion, { version: 1, contentHash: 'sha256:org1', content, source: 'departments: []\n' });
    await em.flush();

    const read = await db.em.fork().findOneOrFail(OrganisationVersion, { version: 1 });
    expect(read).toMatchObject({ contentHash: 'sha256:org1', content, source: 'departments: []\n' });

    const duplicate = db.em.fork();
    duplicate.create(OrganisationVersion, { version: 1, contentHash: 'sha256:other', content: {} });
    await expect(duplicate.flush()).rejects.toThrow(/organisation_versions_version_unique/);
  });

  it('ApiToken: kind, hash, prefix and nullable dates', async () => {
    const em = db.em.fork();
    const expiresAt = new Date('2027-01-01T00:00:00.000Z');
    const token = em.create(ApiToken, {
      user: ids.alice,
      name: 'laptop',
      kind: 'personal',
      tokenHash: 'hash-1',
      prefix: 'pcd_abcd',
      expiresAt,
    });
    await em.flush();

    const read = await db.em.fork().findOneOrFail(ApiToken, { tokenHash: 'hash-1' });
    expect(read).toMatchObject({ id: token.id, name: 'laptop', kind: 'personal', prefix: 'pcd_abcd', lastUsedAt: null, revokedAt: null });
    expect(read.user.id).toBe(ids.alice);
    expect(read.expiresAt?.toISOString()).toBe('2027-01-01T00:00:00.000Z');

    const wrongKind = db.em.fork();
    await expect(
      wrongKind.getConnection().execute(
        `insert into api_tokens (id, user_id, name, kind, token_hash, prefix) values (gen_random_uuid(), '${ids.alice}', 'x', 'forever', 'hash-2', 'x')`,
      ),
    ).rejects.toThrow(/api_tokens_kind_check/);
  });

  it('ProcedureVersion: definition jsonb, source and dates', async () => {
    const read = await db.em.fork().findOneOrFail(ProcedureVersion, ids.procedureVersion);
    expect(read).toMatchObject({
      procedureKey: 'finance.budget-adjustment',
      version: 1,
      status: 'published',
      department: 'finance',
      definition: { key: 'finance.budget-adjustment', stages: [{ key: 'draft' }, { key: 'review' }] },
      source: 'key: finance.budget-adjustment\n',
      contentHash: 'sha256:abc',
    });
    expect(read.publishedAt?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(read.createdBy?.id).toBe(ids.alice);
  });

  it('Record: jsonb data with nested values, version 1, references and due date', async () => {
    const record = await db.em.fork().findOneOrFail(ProcedureRecord, ids.record, { populate: ['procedureVersion'] });
    expect(record.data).toEqual({ amount: '1250.50', lines: [{ item: 'laptop', qty: 2 }], urgent: true, note: null });
    expect(record).toMatchObject({ procedureKey: 'finance.budget-adjustment', stage: 'review', version: 1, department: 'finance', closedAt: null });
    expect(record.procedureVersion.$.version).toBe(1);
    expect(record.createdBy.id).toBe(ids.alice);
    expect(record.assignee?.id).toBe(ids.bob);
    expect(record.dueAt?.toISOString()).toBe(dueAt.toISOString());

    const byContainment = await db.em.fork().find(ProcedureRecord, { data: { urgent: true } });
    expect(byContainment.map((r) => r.id)).toEqual([ids.record]);
  });

  it('RecordEvent: numbered history with changes and detail', async () => {
    const em = db.em.fork();
    em.create(RecordEvent, { record: ids.record, seq: 1, type: 'created', actor: ids.alice, toStage: 'draft' });
    em.create(RecordEvent, {
      record: ids.record,
      seq: 2,
      type: 'transitioned',
      actor: ids.alice,
      fromStage: 'draft',
      toStage: 'review',
      changes: { amount: { from: '1000.00', to: '1250.50' } },
      comment: 'Please review',
      data: { action: 'submit' },
    });
    em.create(RecordEvent, { record: ids.record, seq: 3, type: 'reminded', actor: null, data: { overdue: true } });
    await em.flush();

    const events = await db.em.fork().find(RecordEvent, { record: ids.record }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.seq, e.type, e.fromStage, e.toStage, e.actor?.id ?? null])).toEqual([
      [1, 'created', null, 'draft', ids.alice],
      [2, 'transitioned', 'draft', 'review', ids.alice],
      [3, 'reminded', null, null, null],
    ]);
    expect(events[1]).toMatchObject({
      changes: { amount: { from: '1000.00', to: '1250.50' } },
      comment: 'Please review',
      data: { action: 'submit' },
    });
    expect(typeof events[0]?.id).toBe('number');
    expect(events[0]?.at).toBeInstanceOf(Date);

    const duplicate = db.em.fork();
    duplicate.create(RecordEvent, { record: ids.record, seq: 2, type: 'commented' });
    await expect(duplicate.flush()).rejects.toThrow(/record_events_record_id_seq_unique/);
  });

  it('Approval: eligibility as jsonb, defaults, decision', async () => {
    const em = db.em.fork();
    const approval = em.create(Approval, {
      record: ids.record,
      gate: 'budget',
      level: 0,
      rowIndex: 3,
      state: 'pending',
      approvers: { users: [ids.bob], roles: ['manager'], departments: ['finance'] },
    });
    await em.flush();
    const decidedAt = new Date('2026-11-28T10:00:00.000Z');
    approval.state = 'approved';
    approval.decidedBy = ref(em.getReference(User, ids.bob));
    approval.decidedAt = decidedAt;
    approval.comment = 'OK';
    await em.flush();

    const read = await db.em.fork().findOneOrFail(Approval, approval.id);
    expect(read).toMatchObject({
      gate: 'budget',
      level: 0,
      rowIndex: 3,
      round: 1,
      state: 'approved',
      approvers: { users: [ids.bob], roles: ['manager'], departments: ['finance'] },
      comment: 'OK',
    });
    expect(read.decidedBy?.id).toBe(ids.bob);
    expect(read.decidedAt?.toISOString()).toBe(decidedAt.toISOString());
    expect(read.record.id).toBe(ids.record);
  });

  it('Comment: body, author and time', async () => {
    const em = db.em.fork();
    const comment = em.create(Comment, { record: ids.record, author: ids.bob, body: '预算已核对 ✔' });
    await em.flush();

    const read = await db.em.fork().findOneOrFail(Comment, comment.id);
    expect(read.body).toBe('预算已核对 ✔');
    expect(read.author.id).toBe(ids.bob);
    expect(read.record.id).toBe(ids.record);
    expect(read.createdAt).toBeInstanceOf(Date);
  });

  it('IdempotencyKey: composite key (actor, key) and stored result', async () => {
    const em = db.em.fork();
    em.create(IdempotencyKey, { actor: ids.alice, key: 'k-1', command: 'createRecord', record: ids.record, result: { id: ids.record, version: 1 } });
    // The same key for another actor is a different key.
    em.create(IdempotencyKey, { actor: ids.bob, key: 'k-1', command: 'transition', result: null });
    await em.flush();

    const read = await db.em.fork().findOneOrFail(IdempotencyKey, { actor: ids.alice, key: 'k-1' });
    expect(read).toMatchObject({ command: 'createRecord', result: { id: ids.record, version: 1 } });
    expect(read.record?.id).toBe(ids.record);
    const other = await db.em.fork().findOneOrFail(IdempotencyKey, { actor: ids.bob, key: 'k-1' });
    expect(other).toMatchObject({ command: 'transition', result: null, record: null });

    const retried = db.em.fork();
    retried.create(IdempotencyKey, { actor: ids.alice, key: 'k-1', command: 'createRecord' });
    await expect(retried.flush()).rejects.toThrow(/idempotency_keys_pkey/);
  });

  it('OutboxMessage: payload, defaults, and processing fields', async () => {
    const em = db.em.fork();
    const message = em.create(OutboxMessage, { topic: 'record.transitioned', payload: { recordId: ids.record, to: 'review' } });
    await em.flush();
    expect(typeof message.id).toBe('number');

    const worker = db.em.fork();
    const read = await worker.findOneOrFail(OutboxMessage, message.id);
    expect(read).toMatchObject({ topic: 'record.transitioned', payload: { recordId: ids.record, to: 'review' }, attempts: 0, processedAt: null, lastError: null });
    expect(read.availableAt).toBeInstanceOf(Date);

    read.attempts = 1;
    read.lastError = 'SMTP timeout';
    await worker.flush();
    const retried = await db.em.fork().findOneOrFail(OutboxMessage, message.id);
    expect(retried).toMatchObject({ attempts: 1, lastError: 'SMTP timeout' });
  });
});
