import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// 客户咨询与受理: an inquiry is recorded, routed to the responsible person, handled until solved,
// and closed once the result is fed back and the customer's satisfaction confirmed. Beside each
// rule's main path the test tries another: the typed mutation, the action's own data, a colleague of
// the handler, the service manager, the handler outside their part, an inquiry handed back.
let c: Company;
let paths: OtherPaths;
beforeAll(async () => {
  c = await createCompany();
  paths = otherPaths(c);
});
afterAll(async () => {
  await c?.close();
});

const RECORD = 'id version stage { key } assignee { username } dueAt data';
type Rec = { id: string; version: number; stage: { key: string }; assignee: { username: string } | null; dueAt: string | null; data: Record<string, unknown> };

const transition = (who: string, rec: Rec, action: string, extra: { data?: Record<string, unknown>; comment?: string } = {}) => c.transition<Rec>(who, rec.id, action, { ...extra, fields: RECORD });
const update = (who: string, rec: Rec, data: Record<string, unknown>) => c.update<Rec>(who, rec.id, data, RECORD);
const blocked = (who: string, rec: Rec, action: string) => c.blockedReasons(who, rec.id, action);

describe('a customer inquiry', () => {
  let rec: Rec;

  it('is recorded by a service agent with channel, customer, question and contact', async () => {
    expect((await c.refused('sam', 'mutation { createRecord(procedure: "service.inquiry", data: {}) { id } }')).extensions?.code).toBe('FORBIDDEN');
    const inquiry = { channel: 'ONLINE_CHAT', customerName: 'Acme Ltd', contact: 'li@acme.example', question: 'How do I reset the controller?' };
    expect((await paths.refusedTypedCreate('sam', 'service.inquiry', inquiry)).code).toBe('FORBIDDEN');
    expect(await paths.refusedTypedCreate('cleo', 'service.inquiry', { channel: 'PHONE', customerName: 'Acme Ltd' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['contact', 'question'] });
    rec = (await c.ok('cleo', `mutation($d: JSON!) { createRecord(procedure: "service.inquiry", data: $d) { ${RECORD} } }`, {
      d: { channel: 'online-chat', customerName: 'Acme Ltd', contact: 'li@acme.example', question: 'How do I reset the controller?' },
    })).createRecord as Rec;
    expect(rec.stage.key).toBe('received');
    expect(rec.dueAt).not.toBeNull();
  });

  it('is classified and routed to the responsible person', async () => {
    expect((await blocked('cleo', rec, 'route')).map((r) => r.key)).toEqual(['category', 'responsibleDepartment', 'handler']);
    // The handler is a person and the department one of the organisation, whether written in the action or by update.
    const unknown = await paths.refusedTransition('cleo', rec.id, 'route', { data: { category: 'technical', responsibleDepartment: 'r&d', handler: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b' } });
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['responsibleDepartment', 'handler'] });
    expect(await paths.refusedUpdate('cleo', rec.id, { handler: 'rita' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['handler'] });
    // Before it is routed, R&D has no part in it.
    expect((await paths.refusedRead('rita', rec.id)).code).toBe('FORBIDDEN');
    rec = await transition('cleo', rec, 'route', { data: { category: 'technical', responsibleDepartment: 'rnd', handler: c.people.rita!.id } });
    expect(rec.stage.key).toBe('in-progress');
    expect(rec.assignee?.username).toBe('rita');
  });

  it('is handled by that person, who reports progress until solved', async () => {
    const progress = [{ date: '2026-03-02', note: 'Reproduced, firmware fix prepared', toldCustomer: true }];
    // Not her colleague in R&D, who is not the handler; not the service manager, who is no service agent.
    expect((await paths.refusedUpdate('raj', rec.id, { progress })).code).toBe('FORBIDDEN');
    expect(await paths.refusedUpdate('carl', rec.id, { progress })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['progress'] });
    expect((await blocked('carl', rec, 'resolve')).map((r) => r.kind)).toEqual(['permission', 'field']);
    // The handler handles it; she does not pass it on or reclassify it herself.
    expect(await paths.refusedUpdate('rita', rec.id, { category: 'product', handler: c.people.raj!.id })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['category', 'handler'] });
    rec = await update('rita', rec, { progress });
    expect((await blocked('rita', rec, 'resolve')).map((r) => r.key)).toEqual(['resolution']);
    rec = await transition('rita', rec, 'resolve', { data: { resolution: 'Firmware 2.1 installed remotely.' } });
    expect(rec.stage.key).toBe('result-feedback');
  });

  it('is closed only once the customer confirms satisfaction', async () => {
    expect((await blocked('cleo', rec, 'close')).map((r) => r.key)).toEqual(['satisfaction']);
    // The satisfaction is confirmed by a service agent, not by the handler whose work it judges.
    expect(await paths.refusedUpdate('rita', rec.id, { satisfaction: 'satisfied' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['satisfaction'] });
    expect((await blocked('rita', rec, 'close')).map((r) => r.kind)).toEqual(['permission', 'field']);
    // An unsatisfied answer given with the close itself blocks it as a saved one does, and is not kept.
    expect((await c.blockedReasons('cleo', rec.id, 'close', { data: { satisfaction: 'unsatisfied' } })).map((r) => r.key)).toEqual(['solved-before-closing']);
    expect((await c.record<Rec>('cleo', rec.id, RECORD)).data).not.toHaveProperty('satisfaction');
    rec = await update('cleo', rec, { satisfaction: 'unsatisfied' });
    expect((await blocked('cleo', rec, 'close')).map((r) => r.key)).toEqual(['solved-before-closing']);
    expect((await blocked('cleo', rec, 'reopen')).map((r) => r.kind)).toEqual(['comment']);
    rec = await transition('cleo', rec, 'reopen', { comment: 'Controller still resets itself' });
    expect(rec.stage.key).toBe('in-progress');
    expect(rec.assignee?.username).toBe('rita');
    rec = await transition('rita', rec, 'resolve', { data: { resolution: 'Power supply replaced.' } });
    // Until the customer is asked again, the last answer stands.
    expect((await blocked('cleo', rec, 'close')).map((r) => r.key)).toEqual(['solved-before-closing']);
    rec = await update('cleo', rec, { satisfaction: 'satisfied', customerComments: 'Quick help' });
    rec = await transition('cleo', rec, 'close');
    expect(rec.stage.key).toBe('closed');
    expect(rec.dueAt).toBeNull();
    expect((await paths.history('cleo', rec.id)).filter((h) => h.type === 'transitioned').map((h) => [h.actor?.username, h.toStage])).toEqual([
      ['cleo', 'in-progress'], ['rita', 'result-feedback'], ['cleo', 'in-progress'], ['rita', 'result-feedback'], ['cleo', 'closed'],
    ]);
  });
});
