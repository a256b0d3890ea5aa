import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// 客户咨询与受理: an inquiry is recorded, routed to the responsible person, handled until solved,
// and closed once the result is fed back and the customer's satisfaction confirmed.
let c: Company;
beforeAll(async () => {
  c = await createCompany();
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
    rec = (await c.ok('cleo', `mutation($d: JSON!) { createRecord(procedure: "service.inquiry", data: $d) { ${RECORD} } }`, {
      d: { channel: 'online-chat', customerName: 'Acme Ltd', contact: 'li@acme.example', question: 'How do I reset the controller?' },
    })).createRecord as Rec;
    expect(rec.stage.key).toBe('received');
    expect(rec.dueAt).not.toBeNull();
  });

  it('is classified and routed to the responsible person', async () => {
    expect((await blocked('cleo', rec, 'route')).map((r) => r.key)).toEqual(['category', 'responsibleDepartment', 'handler']);
    rec = await transition('cleo', rec, 'route', { data: { category: 'technical', responsibleDepartment: 'rnd', handler: c.people.rita!.id } });
    expect(rec.stage.key).toBe('in-progress');
    expect(rec.assignee?.username).toBe('rita');
  });

  it('is handled by that person, who reports progress until solved', async () => {
    rec = await update('rita', rec, { progress: [{ date: '2026-03-02', note: 'Reproduced, firmware fix prepared', toldCustomer: true }] });
    expect((await blocked('rita', rec, 'resolve')).map((r) => r.key)).toEqual(['resolution']);
    rec = await transition('rita', rec, 'resolve', { data: { resolution: 'Firmware 2.1 installed remotely.' } });
    expect(rec.stage.key).toBe('result-feedback');
  });

  it('is closed only once the customer confirms satisfaction', async () => {
    expect((await blocked('cleo', rec, 'close')).map((r) => r.key)).toEqual(['satisfaction']);
    rec = await update('cleo', rec, { satisfaction: 'unsatisfied' });
    expect((await blocked('cleo', rec, 'close')).map((r) => r.key)).toEqual(['solved-before-closing']);
    rec = await transition('cleo', rec, 'reopen', { comment: 'Controller still resets itself' });
    expect(rec.stage.key).toBe('in-progress');
    rec = await transition('rita', rec, 'resolve', { data: { resolution: 'Power supply replaced.' } });
    rec = await update('cleo', rec, { satisfaction: 'satisfied', customerComments: 'Quick help' });
    rec = await transition('cleo', rec, 'close');
    expect(rec.stage.key).toBe('closed');
    expect(rec.dueAt).toBeNull();
  });
});
