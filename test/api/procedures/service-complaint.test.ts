import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// 客户投诉处理: intake → investigation (responsible department and person named) → handling and
// feedback → satisfaction follow-up, closed only once the customer's satisfaction is recorded and
// the complaint is fully resolved.
let c: Company;
beforeAll(async () => {
  c = await createCompany();
});
afterAll(async () => {
  await c?.close();
});

const RECORD = 'id version stage { key } assignee { username } dueAt closedAt data';
type Rec = { id: string; version: number; stage: { key: string }; assignee: { username: string } | null; dueAt: string | null; closedAt: string | null; data: Record<string, unknown> };

const transition = (who: string, rec: Rec, action: string, extra: { data?: Record<string, unknown>; comment?: string } = {}) => c.transition<Rec>(who, rec.id, action, { ...extra, fields: RECORD });
const update = (who: string, rec: Rec, data: Record<string, unknown>) => c.update<Rec>(who, rec.id, data, RECORD);
const blocked = (who: string, rec: Rec, action: string) => c.blockedReasons(who, rec.id, action);

describe('a customer complaint', () => {
  let rec: Rec;

  it('is recorded with the matter, the customer demand and the contact', async () => {
    const invalid = await c.refused('cleo', 'mutation { createRecord(procedure: "service.complaint", data: { customerName: "Acme Ltd" }) { id } }');
    expect(invalid.extensions?.code).toBe('VALIDATION_FAILED');
    rec = (await c.ok('cleo', `mutation($d: JSON!) { createRecord(procedure: "service.complaint", data: $d) { ${RECORD} } }`, {
      d: { customerName: 'Acme Ltd', contact: '+86 21 5555 0101', matter: 'Delivered pump leaks oil', customerDemand: 'Replacement within a week', receivedOn: '2026-03-02' },
    })).createRecord as Rec;
    expect(rec.stage.key).toBe('intake');
    expect(rec.dueAt).not.toBeNull();
    rec = await transition('cleo', rec, 'investigate');
    expect(rec.stage.key).toBe('investigation');
  });

  it('cannot be handled before the investigation names the responsible department and person', async () => {
    rec = await update('cleo', rec, { cause: 'Seal fitted the wrong way round at assembly' });
    const reasons = await blocked('cleo', rec, 'hand-over');
    expect(reasons.map((r) => [r.kind, r.key])).toEqual([['field', 'responsibleDepartment'], ['field', 'responsiblePerson']]);
    expect(reasons[0]!.message.en).toContain('Responsible department');
    expect(reasons[1]!.message['zh-CN']).toContain('责任人');

    rec = await update('cleo', rec, { responsibleDepartment: 'production' });
    expect((await blocked('cleo', rec, 'hand-over')).map((r) => r.key)).toEqual(['responsiblePerson']);

    rec = await transition('cleo', rec, 'hand-over', { data: { responsiblePerson: c.people.pete!.id } });
    expect(rec.stage.key).toBe('handling');
    expect(rec.assignee?.username).toBe('pete');
  });

  it('is handled by the responsible person, who reports the result', async () => {
    expect((await blocked('pete', rec, 'report-result')).map((r) => r.key)).toEqual(['handlingPlan', 'resultForCustomer']);
    rec = await update('pete', rec, { handlingPlan: 'Replace the pump and retrain the assembly line', compensation: '1200' });
    expect(rec.data.compensation).toBe('1200.00');
    rec = await transition('pete', rec, 'report-result', { data: { resultForCustomer: 'Replacement pump delivered on 2026-03-05' } });
    expect(rec.stage.key).toBe('follow-up');
  });

  it('is not closed before the customer satisfaction is recorded', async () => {
    const reasons = await blocked('cleo', rec, 'close');
    expect(reasons.map((r) => [r.kind, r.key])).toEqual([['field', 'followUpOn'], ['field', 'satisfaction']]);
  });

  it('is not closed while the customer is unsatisfied, and goes back for handling', async () => {
    rec = await update('cleo', rec, { followUpOn: '2026-03-09', satisfaction: 'unsatisfied', customerComments: 'The new pump is noisy' });
    const reasons = await blocked('cleo', rec, 'close');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'resolved-before-closing' })]);
    expect(reasons[0]!.message['zh-CN']).toContain('客户不满意');

    expect((await c.refused('cleo', `mutation { transition(id: "${rec.id}", action: "reopen", expectedVersion: ${rec.version}) { id } }`)).extensions?.reasons).toEqual([
      expect.objectContaining({ kind: 'comment' }),
    ]);
    rec = await transition('cleo', rec, 'reopen', { comment: 'Customer still unsatisfied: noise' });
    expect(rec.stage.key).toBe('handling');
    rec = await transition('pete', rec, 'report-result', { data: { resultForCustomer: 'Pump mounting adjusted on site, noise gone' } });
  });

  it('is closed once the customer is satisfied', async () => {
    rec = await update('cleo', rec, { followUpOn: '2026-03-12', satisfaction: 'satisfied' });
    rec = await transition('cleo', rec, 'close');
    expect(rec.stage.key).toBe('closed');
    expect(rec.closedAt).not.toBeNull();
    const history = (await c.ok('carl', `{ record(id: "${rec.id}") { history { type toStage } } }`)).record as { history: { type: string; toStage: string | null }[] };
    expect(history.history.filter((h) => h.type === 'transitioned').map((h) => h.toStage)).toEqual([
      'investigation', 'handling', 'follow-up', 'handling', 'follow-up', 'closed',
    ]);
  });
});
