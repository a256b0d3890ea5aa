import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// 客户投诉处理: intake → investigation (responsible department and person named) → handling and
// feedback → satisfaction follow-up, closed only once the customer's satisfaction is recorded and
// the complaint is fully resolved. Beside each rule's main path the test tries another: the typed
// mutation, the action's own data, a colleague of the responsible person, the responsible person
// outside their stage, a complaint handled again.
let c: Company;
let paths: OtherPaths;
beforeAll(async () => {
  c = await createCompany();
  paths = otherPaths(c);
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
    // The typed mutation asks for the same; only customer service records complaints.
    const typed = await paths.refusedTypedCreate('cleo', 'service.complaint', { customerName: 'Acme Ltd' });
    expect(typed).toMatchObject({ code: 'VALIDATION_FAILED', paths: expect.arrayContaining(['contact', 'matter', 'customerDemand', 'receivedOn']) });
    expect((await paths.refusedTypedCreate('sam', 'service.complaint', { customerName: 'Acme Ltd', contact: 'x', matter: 'x', customerDemand: 'x', receivedOn: '2026-03-02' })).code).toBe('FORBIDDEN');
    rec = (await c.ok('cleo', `mutation($d: JSON!) { createRecord(procedure: "service.complaint", data: $d) { ${RECORD} } }`, {
      d: { customerName: 'Acme Ltd', contact: '+86 21 5555 0101', matter: 'Delivered pump leaks oil', customerDemand: 'Replacement within a week', receivedOn: '2026-03-02' },
    })).createRecord as Rec;
    expect(rec.stage.key).toBe('intake');
    expect(rec.dueAt).not.toBeNull();
    // Anyone of customer service may complete the intake, not only who took the call.
    rec = await update('carl', rec, { contact: '+86 21 5555 0101 (Ms Li)' });
    rec = await transition('cleo', rec, 'investigate');
    expect(rec.stage.key).toBe('investigation');
  });

  it('cannot be handled before the investigation names the responsible department and person', async () => {
    // The investigation is customer service's: production cannot even open it yet.
    expect((await paths.refusedRead('pete', rec.id)).code).toBe('FORBIDDEN');
    rec = await update('cleo', rec, { cause: 'Seal fitted the wrong way round at assembly' });
    const reasons = await blocked('cleo', rec, 'hand-over');
    expect(reasons.map((r) => [r.kind, r.key])).toEqual([['field', 'responsibleDepartment'], ['field', 'responsiblePerson']]);
    expect(reasons[0]!.message.en).toContain('Responsible department');
    expect(reasons[1]!.message['zh-CN']).toContain('责任人');

    // A department of the organisation and an active person, not any text.
    expect(await paths.refusedUpdate('cleo', rec.id, { responsibleDepartment: 'logistics' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['responsibleDepartment'] });
    const ivan = await paths.hire('ivan', { department: 'production', roles: ['employee'] });
    await paths.hire('admin', { admin: true });
    await paths.changeUser('admin', 'ivan', { active: false });
    expect(await paths.refusedUpdate('cleo', rec.id, { responsiblePerson: ivan })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['responsiblePerson'] });

    rec = await update('cleo', rec, { responsibleDepartment: 'production' });
    expect((await blocked('cleo', rec, 'hand-over')).map((r) => r.key)).toEqual(['responsiblePerson']);
    // Naming the person in the hand-over while clearing the cause leaves the complaint without a cause.
    expect((await c.blockedReasons('cleo', rec.id, 'hand-over', { data: { cause: null, responsiblePerson: c.people.pete!.id } })).map((r) => [r.kind, r.key])).toEqual([['field', 'cause']]);

    rec = await transition('cleo', rec, 'hand-over', { data: { responsiblePerson: c.people.pete!.id } });
    expect(rec.stage.key).toBe('handling');
    expect(rec.assignee?.username).toBe('pete');
  });

  it('is handled by the responsible person, who reports the result', async () => {
    expect((await blocked('pete', rec, 'report-result')).map((r) => r.key)).toEqual(['handlingPlan', 'resultForCustomer']);
    // A colleague of the responsible person is not named: the complaint stays closed to her.
    expect((await paths.refusedUpdate('pia', rec.id, { handlingPlan: 'Not hers to write' })).code).toBe('FORBIDDEN');
    // The responsible person handles; the investigation's findings are not his to rewrite.
    expect(await paths.refusedUpdate('pete', rec.id, { cause: 'Customer misuse' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['cause'] });
    rec = await update('pete', rec, { handlingPlan: 'Replace the pump and retrain the assembly line', compensation: '1200' });
    expect(rec.data.compensation).toBe('1200.00');
    rec = await transition('pete', rec, 'report-result', { data: { resultForCustomer: 'Replacement pump delivered on 2026-03-05' } });
    expect(rec.stage.key).toBe('follow-up');
  });

  it('is not closed before the customer satisfaction is recorded', async () => {
    const reasons = await blocked('cleo', rec, 'close');
    expect(reasons.map((r) => [r.kind, r.key])).toEqual([['field', 'followUpOn'], ['field', 'satisfaction']]);
    // The customer's satisfaction is recorded by customer service, not by the person whose work it judges.
    expect(await paths.refusedUpdate('pete', rec.id, { followUpOn: '2026-03-06', satisfaction: 'satisfied' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['followUpOn', 'satisfaction'] });
    expect((await blocked('pete', rec, 'close')).map((r) => r.kind)).toEqual(['permission', 'field', 'field']);
  });

  it('is not closed while the customer is unsatisfied, and goes back for handling', async () => {
    rec = await update('cleo', rec, { followUpOn: '2026-03-09', satisfaction: 'unsatisfied', customerComments: 'The new pump is noisy' });
    const reasons = await blocked('cleo', rec, 'close');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'resolved-before-closing' })]);
    expect(reasons[0]!.message['zh-CN']).toContain('客户不满意');

    expect((await c.refused('cleo', `mutation { transition(id: "${rec.id}", action: "reopen", expectedVersion: ${rec.version}) { id } }`)).extensions?.reasons).toEqual([
      expect.objectContaining({ kind: 'comment' }),
    ]);
    expect((await c.blockedReasons('cleo', rec.id, 'reopen', { comment: '   ' })).map((r) => r.kind)).toEqual(['comment']);
    rec = await transition('cleo', rec, 'reopen', { comment: 'Customer still unsatisfied: noise' });
    expect(rec.stage.key).toBe('handling');
    // Handled again, by the same responsible person: entering the stage assigns him again.
    expect(rec.assignee?.username).toBe('pete');
    rec = await transition('pete', rec, 'report-result', { data: { resultForCustomer: 'Pump mounting adjusted on site, noise gone' } });
    // Until the customer is asked again, the last answer stands: still unsatisfied, still not closed.
    expect((await blocked('cleo', rec, 'close')).map((r) => r.key)).toEqual(['resolved-before-closing']);
  });

  it('is closed once the customer is satisfied', async () => {
    // The new answer may come with the close itself.
    rec = await transition('cleo', rec, 'close', { data: { followUpOn: '2026-03-12', satisfaction: 'satisfied' } });
    expect(rec.stage.key).toBe('closed');
    expect(rec.closedAt).not.toBeNull();
    const history = (await c.ok('carl', `{ record(id: "${rec.id}") { history { type toStage } } }`)).record as { history: { type: string; toStage: string | null }[] };
    expect(history.history.filter((h) => h.type === 'transitioned').map((h) => h.toStage)).toEqual([
      'investigation', 'handling', 'follow-up', 'handling', 'follow-up', 'closed',
    ]);
  });
});
