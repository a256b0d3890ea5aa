import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// 培训与发展: needs survey → annual plan (approved by the HR manager) → delivery →
// effectiveness evaluation → career development plans.
let c: Company;
beforeAll(async () => {
  c = await createCompany();
});
afterAll(async () => {
  await c?.close();
});

const RECORD = 'id version stage { key } data approvals { id state approvers { username } }';
type Rec = { id: string; version: number; stage: { key: string }; data: Record<string, unknown>; approvals: { id: string; state: string; approvers: { username: string }[] }[] };

const transition = (who: string, rec: Rec, action: string, data?: Record<string, unknown>) => c.transition<Rec>(who, rec.id, action, { data, fields: RECORD });

describe('the annual training cycle', () => {
  let rec: Rec;

  it('surveys the needs and has the annual plan approved by the HR manager', async () => {
    expect((await c.refused('rita', 'mutation { createRecord(procedure: "hr.training", data: {}) { id } }')).extensions?.code).toBe('FORBIDDEN');
    rec = (await c.ok('hana', `mutation($d: JSON!) { createRecord(procedure: "hr.training", data: $d) { ${RECORD} } }`, {
      d: { year: 2026, needs: [{ department: 'rnd', topic: 'Functional safety', people: 6 }, { department: 'service', topic: 'Complaint handling', people: 4 }] },
    })).createRecord as Rec;
    rec = await transition('hana', rec, 'plan');
    rec = await transition('hana', rec, 'submit-plan', {
      objectives: 'Safety certification for firmware, faster complaint resolution',
      courses: [
        { course: 'IEC 61508 basics', kind: 'external', scheduledOn: '2026-04-14', trainer: 'TÜV academy', budget: '18000' },
        { course: 'Handling complaints', kind: 'internal', scheduledOn: '2026-05-06', trainer: 'Carl', budget: 2500 },
      ],
    });
    expect(rec.stage.key).toBe('plan-approval');
    expect(rec.data.totalBudget).toBe('20500.00');
    expect(rec.approvals).toEqual([expect.objectContaining({ state: 'PENDING', approvers: [{ username: 'hugo' }] })]);
    const early = await c.refused('hana', `mutation { transition(id: "${rec.id}", action: "deliver", expectedVersion: ${rec.version}) { id } }`);
    expect(early.extensions).toMatchObject({ code: 'TRANSITION_BLOCKED', reasons: [{ kind: 'gate', key: 'plan-approval' }] });
    await c.ok('hugo', `mutation { decideApproval(id: "${rec.approvals[0]!.id}", decision: APPROVE) { state } }`);
    rec = (await c.ok('hana', `{ record(id: "${rec.id}") { ${RECORD} } }`)).record as Rec;
    rec = await transition('hana', rec, 'deliver');
    expect(rec.stage.key).toBe('delivery');
  });

  it('delivers, evaluates the effect and plans careers', async () => {
    rec = await transition('hana', rec, 'evaluate', { sessions: [{ course: 'IEC 61508 basics', heldOn: '2026-04-14', attendees: 6 }] });
    expect((await c.refused('hana', `mutation { transition(id: "${rec.id}", action: "plan-careers", expectedVersion: ${rec.version}) { id } }`)).extensions?.reasons).toEqual([
      expect.objectContaining({ kind: 'field', key: 'evaluationMethods' }),
      expect.objectContaining({ kind: 'field', key: 'evaluationResult' }),
    ]);
    rec = await transition('hana', rec, 'plan-careers', { evaluationMethods: ['exam', 'practice', 'survey', 'performance'], evaluationResult: 'Average exam score 86, practical tests passed' });
    rec = await transition('hana', rec, 'complete', { careerPlans: [{ employee: c.people.rita!.id, goal: 'Safety lead for firmware', opportunity: 'promotion' }] });
    expect(rec.stage.key).toBe('completed');
    expect(rec.data.evaluationMethods).toEqual(['exam', 'practice', 'survey', 'performance']);
  });
});
