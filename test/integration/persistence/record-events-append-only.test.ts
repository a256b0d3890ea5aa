import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Department } from '../../../server/src/persistence/entities/department.entity.js';
import { ProcedureVersion } from '../../../server/src/persistence/entities/procedure-version.entity.js';
import { RecordEvent } from '../../../server/src/persistence/entities/record-event.entity.js';
import { ProcedureRecord } from '../../../server/src/persistence/entities/record.entity.js';
import { User } from '../../../server/src/persistence/entities/user.entity.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let userId: string;
let eventId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.em.fork();
  em.create(Department, { key: 'hr', label: { en: 'HR' }, position: 1 });
  const user = em.create(User, { username: 'carol', displayName: 'Carol' });
  const version = em.create(ProcedureVersion, {
    procedureKey: 'hr.leave',
    version: 1,
    status: 'published',
    department: 'hr',
    definition: {},
    contentHash: 'h',
    createdBy: user,
  });
  const record = em.create(ProcedureRecord, { procedureKey: 'hr.leave', procedureVersion: version, stage: 'draft', data: {}, createdBy: user, department: 'hr' });
  const event = em.create(RecordEvent, { record, seq: 1, type: 'created', actor: user, toStage: 'draft', comment: 'original' });
  await em.flush();
  userId = user.id;
  eventId = event.id;
});
afterAll(async () => {
  await db?.drop();
});

async function storedEvent(): Promise<RecordEvent> {
  return db.em.fork().findOneOrFail(RecordEvent, eventId);
}

describe('record_events is append-only', () => {
  it('refuses an UPDATE made through the ORM and keeps the row', async () => {
    const em = db.em.fork();
    const event = await em.findOneOrFail(RecordEvent, eventId);
    event.comment = 'rewritten';

    await expect(em.flush()).rejects.toThrow(/record_events is append-only: UPDATE of event \d+ .*is refused/);
    expect((await storedEvent()).comment).toBe('original');
  });

  it('refuses UPDATE and DELETE in plain SQL', async () => {
    const connection = db.em.getConnection();
    await expect(connection.execute(`update record_events set type = 'edited' where id = ${eventId}`)).rejects.toThrow(
      /record_events is append-only: UPDATE/,
    );
    await expect(connection.execute(`delete from record_events where id = ${eventId}`)).rejects.toThrow(
      /record_events is append-only: DELETE/,
    );
    expect(await storedEvent()).toMatchObject({ seq: 1, type: 'created', toStage: 'draft', comment: 'original' });
  });

  it('refuses nativeDelete', async () => {
    await expect(db.em.fork().nativeDelete(RecordEvent, { id: eventId })).rejects.toThrow(/append-only: DELETE/);
    expect(await db.em.fork().count(RecordEvent)).toBe(1);
  });

  it('still accepts new events', async () => {
    const em = db.em.fork();
    const first = await em.findOneOrFail(RecordEvent, eventId);
    em.create(RecordEvent, { record: first.record, seq: 2, type: 'commented', actor: userId, comment: 'second' });
    await em.flush();

    const all = await db.em.fork().find(RecordEvent, {}, { orderBy: { seq: 'asc' } });
    expect(all.map((e) => [e.seq, e.type, e.comment])).toEqual([
      [1, 'created', 'original'],
      [2, 'commented', 'second'],
    ]);
  });

  it('keeps a user who appears in the history from being deleted', async () => {
    await expect(db.em.fork().nativeDelete(User, { id: userId })).rejects.toThrow(/record_events_actor_id_foreign|records_created_by_id_foreign/);
    expect((await storedEvent()).actor?.id).toBe(userId);
  });
});
