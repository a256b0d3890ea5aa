import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Approval } from '../../../server/src/persistence/entities/approval.entity.js';
import { OutboxMessage } from '../../../server/src/persistence/entities/outbox-message.entity.js';
import { ProcedureRecord } from '../../../server/src/persistence/entities/record.entity.js';
import { RecordEvent } from '../../../server/src/persistence/entities/record-event.entity.js';
import { createWorld, engineDefinitionsDir, type World } from '../../support/world.js';

let w: World;
const ids: Record<string, string> = {};
beforeAll(async () => {
  w = await createWorld();
  ids.alice = await w.user('alice', { department: 'sales', roles: ['employee'] });
  ids.mona = await w.user('mona', { department: 'sales', roles: ['employee', 'manager'], manages: true });
  ids.fiona = await w.user('fiona', { department: 'finance', roles: ['finance-officer'] });
  ids.dev = await w.user('dev', { department: 'rnd', roles: ['employee'] });
  ids.rita = await w.user('rita', { department: 'rnd', roles: ['reviewer'] });
  ids.mark = await w.user('mark', { department: 'market', roles: ['reviewer'] });
  ids.paul = await w.user('paul', { department: 'production', roles: ['reviewer'] });
  await w.user('sam', { department: 'sales', roles: ['reviewer'] });
});
afterAll(async () => {
  await w?.close();
});

const em = () => w.db.em.fork();
const count = {
  events: (record: string) => em().count(RecordEvent, { record }),
  approvals: (record: string) => em().count(Approval, { record }),
};
function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected the command to be refused');
    },
    (error: { code: string; extensions: Record<string, unknown> }) => error,
  );
}
const newAdjustment = (requestedAmount = '350000') =>
  w.service.create(ids.alice!, 'test.budget-adjustment', { title: 'Fair', currentAmount: '200000', requestedAmount });

describe('a design review by three departments, two of three needed', () => {
  it('asks one reviewer of each department and passes on the second approval', async () => {
    const created = await w.service.create(ids.dev!, 'test.design-review', { design: 'Aluminium housing' });
    const review = await w.service.transition(ids.dev!, created.id, 'submit', { expectedVersion: created.version });
    const asked = await em().find(Approval, { record: review.id }, { populate: ['approver'], orderBy: { approver: { username: 'asc' } } });
    expect(asked.map((a) => [a.approver!.$.username, a.state])).toEqual([['mark', 'pending'], ['paul', 'pending'], ['rita', 'pending']]);

    const blocked = await errorOf(w.service.transition(ids.dev!, review.id, 'finalize', { expectedVersion: review.version }));
    expect(blocked.extensions.reasons).toEqual([expect.objectContaining({ kind: 'gate', key: 'design-review' })]);

    const byName = (name: string) => asked.find((a) => a.approver!.$.username === name)!.id;
    const one = await w.service.decide(ids.rita!, byName('rita'), 'APPROVE');
    expect(one.gates['design-review']!.status).toBe('pending');
    const two = await w.service.decide(ids.paul!, byName('paul'), 'APPROVE', 'Tooling is feasible');
    expect(two.gates['design-review']!.status).toBe('approved');
    expect((await em().findOneOrFail(Approval, byName('mark'))).state).toBe('cancelled');
    expect((await w.service.transition(ids.dev!, review.id, 'finalize', { expectedVersion: two.version })).stage).toBe('final');
  });
});

describe('optimistic concurrency', () => {
  it('lets exactly one of two concurrent commands on the same version through', async () => {
    const record = await newAdjustment();
    const attempts = await Promise.allSettled([
      w.service.transition(ids.alice!, record.id, 'submit', { expectedVersion: record.version }),
      w.service.transition(ids.alice!, record.id, 'withdraw', { expectedVersion: record.version, comment: 'Changed my mind' }),
    ]);
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: 'VERSION_CONFLICT', extensions: { currentVersion: record.version + 1 } });
    const transitions = await em().find(RecordEvent, { record: record.id, type: 'transitioned' });
    expect(transitions).toHaveLength(1);
  });
});

describe('idempotency keys', () => {
  it('makes a retried transition return the first result and write nothing new', async () => {
    const record = await newAdjustment();
    const first = await w.service.transition(ids.alice!, record.id, 'submit', { expectedVersion: record.version, idempotencyKey: 'submit-1' });
    const [events, approvals] = [await count.events(record.id), await count.approvals(record.id)];
    const retry = await w.service.transition(ids.alice!, record.id, 'submit', { expectedVersion: record.version, idempotencyKey: 'submit-1' });
    expect(retry).toMatchObject({ id: first.id, stage: 'review', version: first.version });
    expect([await count.events(record.id), await count.approvals(record.id)]).toEqual([events, approvals]);
  });

  it('makes a retried create return the same record', async () => {
    const data = { title: 'Once', currentAmount: '1', requestedAmount: '2' };
    const first = await w.service.create(ids.alice!, 'test.budget-adjustment', data, 'create-once');
    const retry = await w.service.create(ids.alice!, 'test.budget-adjustment', data, 'create-once');
    expect(retry.id).toBe(first.id);
    expect(await em().count(ProcedureRecord, { data: { title: 'Once' } })).toBe(1);
  });

  it('refuses the same key for a different command', async () => {
    const record = await newAdjustment();
    await w.service.transition(ids.alice!, record.id, 'submit', { expectedVersion: record.version, idempotencyKey: 'k-2' });
    const other = await newAdjustment();
    expect((await errorOf(w.service.transition(ids.alice!, other.id, 'submit', { expectedVersion: other.version, idempotencyKey: 'k-2' }))).code).toBe('BAD_REQUEST');
  });
});

describe('a command that fails half-way', () => {
  it('leaves nothing written: record, history, approvals and outbox as before', async () => {
    const record = await newAdjustment();
    const before = { events: await count.events(record.id), approvals: await count.approvals(record.id), outbox: await em().count(OutboxMessage) };
    // Submitting writes the record, its history and approvals, then an outbox message (the rule
    // notifies finance); the database refuses the outbox row, the last write of the command.
    const sql = w.db.em.getConnection();
    await sql.execute(`create function refuse_outbox() returns trigger language plpgsql as $$ begin raise exception 'outbox is down'; end $$`);
    await sql.execute('create trigger refuse_outbox before insert on outbox_messages for each row execute function refuse_outbox()');
    try {
      await expect(w.service.transition(ids.alice!, record.id, 'submit', { expectedVersion: record.version })).rejects.toThrow(/outbox is down/);
    } finally {
      await sql.execute('drop trigger refuse_outbox on outbox_messages');
      await sql.execute('drop function refuse_outbox()');
    }
    const stored = await em().findOneOrFail(ProcedureRecord, record.id);
    expect([stored.stage, stored.version]).toEqual(['draft', record.version]);
    expect({ events: await count.events(record.id), approvals: await count.approvals(record.id), outbox: await em().count(OutboxMessage) }).toEqual(before);

    const retried = await w.service.transition(ids.alice!, record.id, 'submit', { expectedVersion: record.version });
    expect(retried.stage).toBe('review');
  });
});

describe('a gate nobody can approve', () => {
  it('refuses the command that would open it, and writes nothing', async () => {
    // The management department has no manager, and the gate's first level asks for one.
    const lonely = await w.user('lonely', { department: 'management', roles: ['employee'] });
    const record = await w.service.create(lonely, 'test.budget-adjustment', { title: 'No manager', currentAmount: '0', requestedAmount: '900000' });
    const refused = await errorOf(w.service.transition(lonely, record.id, 'submit', { expectedVersion: record.version }));
    expect(refused.code).toBe('TRANSITION_BLOCKED');
    expect(JSON.stringify(refused.extensions.reasons)).toContain('Nobody can approve');
    expect((await em().findOneOrFail(ProcedureRecord, record.id)).stage).toBe('draft');
    expect(await count.approvals(record.id)).toBe(0);
  });
});

describe('definition versions', () => {
  it('keeps a record on the version it started with after a new version is published', async () => {
    const v1Record = await newAdjustment('600000');
    const dir = await mkdtemp(path.join(tmpdir(), 'procedo-v2-'));
    await cp(engineDefinitionsDir, dir, { recursive: true });
    const file = path.join(dir, 'test/budget-adjustment.yaml');
    // Version 2 raises the threshold to one million.
    await writeFile(file, (await readFile(file, 'utf8')).replace('value: 100000 }', 'value: 1000000 }'));
    await w.publish(dir);

    const v2Record = await newAdjustment('600000');
    const stored = await em().find(ProcedureRecord, { id: { $in: [v1Record.id, v2Record.id] } }, { populate: ['procedureVersion'] });
    expect(Object.fromEntries(stored.map((r) => [r.id, r.procedureVersion.$.version]))).toEqual({ [v1Record.id]: 1, [v2Record.id]: 2 });

    const v1 = await w.service.transition(ids.alice!, v1Record.id, 'submit', { expectedVersion: v1Record.version });
    const v2 = await w.service.transition(ids.alice!, v2Record.id, 'submit', { expectedVersion: v2Record.version });
    expect(v1.gates['increase-approval']!.status).toBe('pending');
    expect(v2.gates).toEqual({});
  });
});
