import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Approval } from '../../../server/src/persistence/entities/approval.entity.js';
import { ProcedureRecord } from '../../../server/src/persistence/entities/record.entity.js';
import { RecordEvent } from '../../../server/src/persistence/entities/record-event.entity.js';
import { createWorld, type World } from '../../support/world.js';

// The budget adjustment of the engine fixtures, through the service on a real database:
// an increase over 100 000 cannot be approved until the department manager and then finance
// have approved; a rejection sends it back with the comment; editing the amount reopens the gate.
let w: World;
const ids: Record<string, string> = {};
beforeAll(async () => {
  w = await createWorld();
  ids.alice = await w.user('alice', { department: 'sales', roles: ['employee'] });
  ids.mona = await w.user('mona', { department: 'sales', roles: ['employee', 'manager'], manages: true });
  ids.fiona = await w.user('fiona', { department: 'finance', roles: ['finance-officer'] });
});
afterAll(async () => {
  await w?.close();
});

async function history(recordId: string) {
  const rows = await w.db.em.fork().find(RecordEvent, { record: recordId }, { orderBy: { seq: 'asc' } });
  return rows.map((e) => ({ seq: e.seq, type: e.type, from: e.fromStage, to: e.toStage, comment: e.comment, data: e.data }));
}

async function pending(recordId: string) {
  const rows = await w.db.em.fork().find(Approval, { record: recordId, state: 'pending' }, { populate: ['approver'] });
  return rows.map((a) => ({ id: a.id, gate: a.gate, level: a.level, round: a.round, approver: a.approver!.$.username }));
}

function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected the command to be refused');
    },
    (error: { code: string; extensions: Record<string, unknown>; message: string }) => error,
  );
}

async function submitted(requestedAmount: string) {
  const created = await w.service.create(ids.alice!, 'test.budget-adjustment', { title: 'Trade fair', currentAmount: 200000, requestedAmount });
  return w.service.transition(ids.alice!, created.id, 'submit', { expectedVersion: created.version });
}

describe('a large budget increase', () => {
  it('waits for the department manager, then finance, and is then approved', async () => {
    const record = await submitted('350000');
    expect(record).toMatchObject({ stage: 'review', version: 2, data: { increase: '150000.00', requestedAmount: '350000.00' } });

    const blocked = await errorOf(w.service.transition(ids.fiona!, record.id, 'approve', { expectedVersion: 2 }));
    expect(blocked.code).toBe('TRANSITION_BLOCKED');
    expect(blocked.extensions.reasons).toEqual([
      { kind: 'field', key: 'approvedOn', message: { en: '"Approved on" must be filled in before "Approved".', 'zh-CN': '进入“已批准”之前必须填写“批准日期”。' } },
      { kind: 'gate', key: 'increase-approval', message: { en: 'The approval "Increase approval" is still pending.', 'zh-CN': '“增加预算审批”审批尚未完成。' } },
    ]);

    const first = await pending(record.id);
    expect(first).toEqual([{ id: expect.any(String), gate: 'increase-approval', level: 0, round: 1, approver: 'mona' }]);
    const afterManager = await w.service.decide(ids.mona!, first[0]!.id, 'APPROVE', 'Fine by me');
    expect(afterManager.gates['increase-approval']).toMatchObject({ status: 'pending', chains: { '*': { level: 1, status: 'pending' } } });

    const second = await pending(record.id);
    expect(second.map((a) => [a.level, a.approver])).toEqual([[1, 'fiona']]);
    const approved = await w.service.decide(ids.fiona!, second[0]!.id, 'APPROVE');
    expect(approved.gates['increase-approval']!.status).toBe('approved');

    const withDate = await w.service.update(ids.fiona!, record.id, { approvedOn: '2026-11-28' }, approved.version);
    const done = await w.service.transition(ids.fiona!, record.id, 'approve', { expectedVersion: withDate.version });
    expect(done).toMatchObject({ stage: 'approved', closedAt: expect.any(Date), dueAt: null });

    expect((await history(record.id)).map((e) => e.type)).toEqual([
      'created',
      'transitioned',
      'approval-requested',
      'approval-decided',
      'approval-requested',
      'approval-decided',
      'gate-approved',
      'updated',
      'transitioned',
    ]);
    const stored = await w.db.em.fork().findOneOrFail(ProcedureRecord, record.id);
    expect([stored.stage, stored.version]).toEqual(['approved', done.version]);
  });

  it('goes back to draft with the comment when finance rejects, and asks again on resubmission', async () => {
    const record = await submitted('400000');
    await w.service.decide(ids.mona!, (await pending(record.id))[0]!.id, 'APPROVE');
    const rejected = await w.service.decide(ids.fiona!, (await pending(record.id))[0]!.id, 'REJECT', 'Cut the stand size first');
    expect(rejected.stage).toBe('draft');
    expect(rejected.gates['increase-approval']!.status).toBe('rejected');
    const events = await history(record.id);
    expect(events.at(-1)).toMatchObject({ type: 'transitioned', from: 'review', to: 'draft', comment: 'Cut the stand size first', data: { gate: 'increase-approval', reason: 'rejected' } });
    expect(events.at(-2)).toMatchObject({ type: 'gate-rejected' });

    const again = await w.service.transition(ids.alice!, record.id, 'submit', { expectedVersion: rejected.version });
    expect(again.gates['increase-approval']).toMatchObject({ round: 2, status: 'pending' });
    expect(await pending(record.id)).toEqual([{ id: expect.any(String), gate: 'increase-approval', level: 0, round: 2, approver: 'mona' }]);
  });

  it('reopens the approval when the requested amount is edited afterwards', async () => {
    const record = await submitted('380000');
    await w.service.decide(ids.mona!, (await pending(record.id))[0]!.id, 'APPROVE');
    const approved = await w.service.decide(ids.fiona!, (await pending(record.id))[0]!.id, 'APPROVE');
    expect(approved.gates['increase-approval']!.status).toBe('approved');

    const edited = await w.service.update(ids.alice!, record.id, { requestedAmount: '390000' }, approved.version);
    expect(edited.gates['increase-approval']).toMatchObject({ round: 2, status: 'pending' });
    expect((await history(record.id)).slice(-3).map((e) => e.type)).toEqual(['updated', 'gate-reopened', 'approval-requested']);
    expect(await pending(record.id)).toEqual([{ id: expect.any(String), gate: 'increase-approval', level: 0, round: 2, approver: 'mona' }]);
  });

  it('needs no approval for a small increase', async () => {
    const record = await submitted('250000');
    expect(await pending(record.id)).toEqual([]);
    const dated = await w.service.update(ids.fiona!, record.id, { approvedOn: '2026-11-30' }, record.version);
    expect((await w.service.transition(ids.fiona!, record.id, 'approve', { expectedVersion: dated.version })).stage).toBe('approved');
  });

  it('lets only the person asked decide, once', async () => {
    const record = await submitted('500000');
    const [approval] = await pending(record.id);
    expect((await errorOf(w.service.decide(ids.fiona!, approval!.id, 'APPROVE'))).code).toBe('FORBIDDEN');
    await w.service.decide(ids.mona!, approval!.id, 'APPROVE');
    expect((await errorOf(w.service.decide(ids.mona!, approval!.id, 'APPROVE'))).code).toBe('BAD_REQUEST');
  });
});
