import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// 客户回访与维护: a periodic revisit plan, approved by the service manager, then the revisit
// records and the customers' classification for care.
let c: Company;
beforeAll(async () => {
  c = await createCompany();
});
afterAll(async () => {
  await c?.close();
});

const RECORD = 'id version stage { key } data approvals { id gate state approvers { username } }';
type Rec = { id: string; version: number; stage: { key: string }; data: Record<string, unknown>; approvals: { id: string; gate: string; state: string; approvers: { username: string }[] }[] };

const transition = (who: string, rec: Rec, action: string, data?: Record<string, unknown>) => c.transition<Rec>(who, rec.id, action, { data, fields: RECORD });
const reload = (who: string, rec: Rec) => c.record<Rec>(who, rec.id, RECORD);

describe('a quarterly customer revisit', () => {
  let rec: Rec;

  it('is planned by a service agent and approved by the service manager', async () => {
    rec = (await c.ok('cleo', `mutation($d: JSON!) { createRecord(procedure: "service.revisit", data: $d) { ${RECORD} } }`, {
      d: {
        period: 'quarterly',
        periodEnd: '2026-03-31',
        planned: [
          { customer: 'Acme Ltd', product: 'Pump P-200', plannedOn: '2026-03-10', method: 'phone', agent: c.people.cleo!.id },
          { customer: 'Zenith Co', product: 'Controller C-1', plannedOn: '2026-03-12', method: 'visit', agent: c.people.cleo!.id },
        ],
      },
    })).createRecord as Rec;
    rec = await transition('cleo', rec, 'submit');
    expect(rec.stage.key).toBe('plan-approval');
    expect(rec.approvals).toEqual([expect.objectContaining({ gate: 'plan-approval', state: 'PENDING', approvers: [{ username: 'carl' }] })]);

    const early = await c.refused('cleo', `mutation { transition(id: "${rec.id}", action: "start", expectedVersion: ${rec.version}) { id } }`);
    expect(early.extensions).toMatchObject({ code: 'TRANSITION_BLOCKED', reasons: [{ kind: 'gate', key: 'plan-approval' }] });
    await c.ok('carl', `mutation { decideApproval(id: "${rec.approvals[0]!.id}", decision: APPROVE) { state } }`);
    rec = await transition('cleo', await reload('cleo', rec), 'start');
    expect(rec.stage.key).toBe('revisiting');
  });

  it('records the revisits, then classifies the customers', async () => {
    expect((await c.refused('cleo', `mutation { transition(id: "${rec.id}", action: "revisits-done", expectedVersion: ${rec.version}) { id } }`)).extensions?.reasons).toEqual([
      expect.objectContaining({ kind: 'field', key: 'revisits' }),
    ]);
    rec = await transition('cleo', rec, 'revisits-done', {
      revisits: [
        { customer: 'Acme Ltd', revisitedOn: '2026-03-10', usage: 'Running two shifts', satisfaction: 'satisfied', feedback: 'Wants a second pump' },
        { customer: 'Zenith Co', revisitedOn: '2026-03-12', satisfaction: 'unsatisfied', feedback: 'Slow spare parts' },
      ],
    });
    expect(rec.stage.key).toBe('classifying');
    rec = await transition('cleo', rec, 'complete', {
      classification: [
        { customer: 'Acme Ltd', class: 'potential', measures: 'Offer a second pump at the repeat-customer price' },
        { customer: 'Zenith Co', class: 'at-risk', measures: 'Manager call and a spare parts kit on site' },
      ],
    });
    expect(rec.stage.key).toBe('done');
  });
});
