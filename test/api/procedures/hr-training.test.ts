import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// 培训与发展: needs survey → annual plan (approved by the HR manager) → delivery →
// effectiveness evaluation → career development plans. Beside each rule's main path the test tries
// another: the typed mutation, the action's own data, another HR officer, the HR manager, an
// earlier stage's fields later on, a plan submitted again after a rejection.
let c: Company;
let paths: OtherPaths;
beforeAll(async () => {
  c = await createCompany();
  paths = otherPaths(c);
  await paths.hire('hank', { department: 'hr', roles: ['employee', 'hr-officer'] });
});
afterAll(async () => {
  await c?.close();
});

const RECORD = 'id version stage { key } data approvals { id state approvers { username } }';
type Rec = { id: string; version: number; stage: { key: string }; data: Record<string, unknown>; approvals: { id: string; state: string; approvers: { username: string }[] }[] };

const transition = (who: string, rec: Rec, action: string, data?: Record<string, unknown>) => c.transition<Rec>(who, rec.id, action, { data, fields: RECORD });
const reload = (who: string, rec: { id: string }) => c.record<Rec>(who, rec.id, RECORD);
const blockedKeys = async (who: string, rec: { id: string }, action: string, data?: Record<string, unknown>) => (await c.blockedReasons(who, rec.id, action, { data })).map((r) => [r.kind, r.key]);
const PLAN = {
  objectives: 'Safety certification for firmware, faster complaint resolution',
  courses: [
    { course: 'IEC 61508 basics', kind: 'external', scheduledOn: '2026-04-14', trainer: 'TÜV academy', budget: '18000' },
    { course: 'Handling complaints', kind: 'internal', scheduledOn: '2026-05-06', trainer: 'Carl', budget: 2500 },
  ],
};

describe('the annual training cycle', () => {
  let rec: Rec;

  it('surveys the needs and has the annual plan approved by the HR manager', async () => {
    expect((await c.refused('rita', 'mutation { createRecord(procedure: "hr.training", data: {}) { id } }')).extensions?.code).toBe('FORBIDDEN');
    // Neither through the typed mutation, nor for the HR manager, who approves the plan but is no HR officer.
    expect((await paths.refusedTypedCreate('rita', 'hr.training', { year: 2026 })).code).toBe('FORBIDDEN');
    expect((await paths.refusedCreate('hugo', 'hr.training', { year: 2026 })).code).toBe('FORBIDDEN');
    rec = (await c.ok('hana', `mutation($d: JSON!) { createRecord(procedure: "hr.training", data: $d) { ${RECORD} } }`, {
      d: { year: 2026, needs: [{ department: 'rnd', topic: 'Functional safety', people: 6 }, { department: 'service', topic: 'Complaint handling', people: 4 }] },
    })).createRecord as Rec;
    // Any HR officer carries the cycle on, not only the one who started it.
    rec = await transition('hank', rec, 'plan');
    expect(await blockedKeys('hana', rec, 'submit-plan')).toEqual([['field', 'objectives'], ['field', 'courses']]);
    // The survey is closed once planning starts.
    expect(await paths.refusedUpdate('hana', rec.id, { needs: [{ department: 'sales', topic: 'Negotiation', people: 5 }] })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['needs'] });
    rec = await transition('hana', rec, 'submit-plan', PLAN);
    expect(rec.stage.key).toBe('plan-approval');
    expect(rec.data.totalBudget).toBe('20500.00');
    expect(rec.approvals).toEqual([expect.objectContaining({ state: 'PENDING', approvers: [{ username: 'hugo' }] })]);
    const early = await c.refused('hana', `mutation { transition(id: "${rec.id}", action: "deliver", expectedVersion: ${rec.version}) { id } }`);
    expect(early.extensions).toMatchObject({ code: 'TRANSITION_BLOCKED', reasons: [{ kind: 'gate', key: 'plan-approval' }] });
    // The HR officers do not decide the approval; the manager approves but does not deliver.
    expect((await paths.refusedDecision('hana', rec.approvals[0]!.id, 'APPROVE')).code).toBe('FORBIDDEN');
    expect((await paths.refusedDecision('hank', rec.approvals[0]!.id, 'APPROVE')).code).toBe('FORBIDDEN');
    expect(await blockedKeys('hugo', rec, 'deliver')).toEqual([['permission', 'deliver'], ['gate', 'plan-approval']]);
    // What the manager approves is the plan as submitted: not changed by update, nor in the deliver's data.
    const moreCourses = { courses: [...PLAN.courses, { course: 'Team offsite', kind: 'external', scheduledOn: '2026-06-01', budget: '40000' }] };
    expect(await paths.refusedUpdate('hana', rec.id, moreCourses)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['courses'] });
    expect(await paths.refusedTransition('hana', rec.id, 'deliver', { data: moreCourses })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['courses'] });
    await c.ok('hugo', `mutation { decideApproval(id: "${rec.approvals[0]!.id}", decision: APPROVE) { state } }`);
    rec = (await c.ok('hana', `{ record(id: "${rec.id}") { ${RECORD} } }`)).record as Rec;
    rec = await transition('hana', rec, 'deliver');
    expect(rec.stage.key).toBe('delivery');
  });

  it('delivers, evaluates the effect and plans careers', async () => {
    expect(await blockedKeys('hana', rec, 'evaluate')).toEqual([['field', 'sessions']]);
    rec = await transition('hana', rec, 'evaluate', { sessions: [{ course: 'IEC 61508 basics', heldOn: '2026-04-14', attendees: 6 }] });
    // The sessions held are on record; the evaluation does not rewrite them.
    expect(await paths.refusedUpdate('hana', rec.id, { sessions: [{ course: 'IEC 61508 basics', heldOn: '2026-04-15', attendees: 9 }] })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['sessions'] });
    expect((await c.refused('hana', `mutation { transition(id: "${rec.id}", action: "plan-careers", expectedVersion: ${rec.version}) { id } }`)).extensions?.reasons).toEqual([
      expect.objectContaining({ kind: 'field', key: 'evaluationMethods' }),
      expect.objectContaining({ kind: 'field', key: 'evaluationResult' }),
    ]);
    // At least one method: an empty choice given with the action is refused.
    expect(await paths.refusedTransition('hana', rec.id, 'plan-careers', { data: { evaluationMethods: [], evaluationResult: 'Looked fine' } })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['evaluationMethods'] });
    rec = await transition('hana', rec, 'plan-careers', { evaluationMethods: ['exam', 'practice', 'survey', 'performance'], evaluationResult: 'Average exam score 86, practical tests passed' });
    // A career plan is for a person of the company.
    expect(await paths.refusedTransition('hana', rec.id, 'complete', { data: { careerPlans: [{ employee: 'rita', goal: 'Safety lead for firmware' }] } })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['careerPlans.0.employee'] });
    rec = await transition('hana', rec, 'complete', { careerPlans: [{ employee: c.people.rita!.id, goal: 'Safety lead for firmware', opportunity: 'promotion' }] });
    expect(rec.stage.key).toBe('completed');
    expect(rec.data.evaluationMethods).toEqual(['exam', 'practice', 'survey', 'performance']);
  });
});

describe('a training plan the HR manager rejects', () => {
  it('goes back to planning, and is approved anew when submitted again', async () => {
    const created = await paths.typedCreate('hank', 'hr.training', { year: 2027, needs: [{ department: 'sales', topic: 'Negotiation', people: 5 }] });
    let rec = await transition('hank', await reload('hank', created), 'plan');
    rec = await transition('hank', rec, 'submit-plan', PLAN);
    await c.decide('hugo', rec.id, 'REJECT', 'The external course is over budget.');
    rec = await reload('hank', rec);
    expect(rec.stage.key).toBe('planning');
    expect((await paths.history('hank', rec.id)).filter((h) => h.type === 'transitioned').at(-1)).toMatchObject({
      actor: { username: 'hugo' }, toStage: 'planning', comment: 'The external course is over budget.',
    });
    rec = await transition('hank', rec, 'submit-plan', { courses: [{ ...PLAN.courses[0]!, budget: '12000' }, PLAN.courses[1]!] });
    expect(rec.approvals.filter((a) => a.state === 'PENDING')).toEqual([expect.objectContaining({ approvers: [{ username: 'hugo' }] })]);
    expect(await blockedKeys('hank', rec, 'deliver')).toEqual([['gate', 'plan-approval']]);
  });
});
