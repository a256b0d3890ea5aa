import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// 招聘与录用: needs analysis → channels → screening → initial, department and comprehensive
// interviews, strictly in that order → offer and onboarding. Three rounds, three interviewers: the
// HR officer who opened the recruitment decides none of them (the HR manager holds the initial
// interview here), and the hiring manager belongs to the hiring department. Beside each rule's main
// path, the test tries another: the typed mutation, updateRecord, another person, an action's data.
let c: Company;
let paths: OtherPaths;
beforeAll(async () => {
  c = await createCompany();
  paths = otherPaths(c);
});
afterAll(async () => {
  await c?.close();
});

type Approval = { id: string; gate: string; level: number; state: string; approvers: { username: string }[] };
const RECORD = 'id version stage { key } data approvals { id gate level state approvers { username } }';
type Rec = { id: string; version: number; stage: { key: string }; data: Record<string, unknown>; approvals: Approval[] };

const transition = (who: string, rec: Rec, action: string, extra: { data?: Record<string, unknown>; comment?: string } = {}) => c.transition<Rec>(who, rec.id, action, { ...extra, fields: RECORD });
const update = (who: string, rec: Rec, data: Record<string, unknown>) => c.update<Rec>(who, rec.id, data, RECORD);
const reload = (who: string, rec: Rec) => c.record<Rec>(who, rec.id, RECORD);
const blocked = (who: string, rec: Rec, action: string) => c.blockedReasons(who, rec.id, action);
// The gate's levels, by their index in the definition.
const [INITIAL, DEPARTMENT, COMPREHENSIVE] = [0, 1, 2];
const pending = (rec: Rec) => rec.approvals.filter((a) => a.state === 'PENDING');
async function decide(who: string, approval: Approval, decision: 'APPROVE' | 'REJECT', comment?: string) {
  return (await c.ok(who, `mutation($id: ID!, $d: ApprovalDecision!, $c: String) { decideApproval(id: $id, decision: $d, comment: $c) { state } }`, { id: approval.id, d: decision, c: comment })).decideApproval;
}

describe('recruiting an engineer', () => {
  let rec: Rec;

  it('starts with the needs analysis in HR and the chosen channels', async () => {
    expect((await c.refused('raj', 'mutation { createRecord(procedure: "hr.recruitment", data: {}) { id } }')).extensions?.code).toBe('FORBIDDEN');
    expect((await paths.refusedTypedCreate('raj', 'hr.recruitment', { post: 'Engineer' })).code).toBe('FORBIDDEN');
    rec = (await c.ok('hana', `mutation($d: JSON!) { createRecord(procedure: "hr.recruitment", data: $d) { ${RECORD} } }`, {
      d: {
        post: 'Embedded software engineer', hiringDepartment: 'rnd', hiringManager: c.people.raj!.id, headcount: 1,
        duties: 'Firmware for the pump controllers', qualifications: 'BSc, 3 years of embedded C', location: 'Shanghai',
      },
    })).createRecord as Rec;
    expect(rec.data).toMatchObject({ contractSigned: false, badgeIssued: false });
    expect((await blocked('hana', rec, 'publish')).map((r) => r.key)).toEqual(['channels']);
    rec = await transition('hana', rec, 'publish', { data: { channels: ['job-sites', 'campus', 'referral'] } });
    expect(rec.stage.key).toBe('recruiting');
  });

  it('names as hiring manager a manager of the hiring department, never the person who opened it', async () => {
    const need = { post: 'Buyer', hiringDepartment: 'production', headcount: 1, duties: 'Purchasing', qualifications: 'BA', location: 'Wuxi', channels: ['job-sites'] };
    // Not a manager at all (the field's role, from the directory), by the typed mutation.
    const notManager = await paths.refusedTypedCreate('hana', 'hr.recruitment', { ...need, channels: ['JOB_SITES'], hiringManager: c.people.bob!.id });
    expect(notManager).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['hiringManager'] });
    // A manager, but of another department: refused when the opening is published.
    const other = await c.create<{ id: string }>('hana', 'hr.recruitment', { ...need, hiringManager: c.people.sal!.id });
    expect((await paths.refusedTransition('hana', other.id, 'publish')).reasons.map((r) => r.key)).toEqual(['hiring-manager-of-the-department']);
    // Set right by updateRecord, the opening is published.
    await c.update('hana', other.id, { hiringManager: c.people.pete!.id });
    expect((await c.transition<{ stage: { key: string } }>('hana', other.id, 'publish')).stage.key).toBe('recruiting');
    // The HR manager opening a recruitment for HR with himself as hiring manager would interview his own candidate.
    const own = await c.create<{ id: string }>('hugo', 'hr.recruitment', { ...need, hiringDepartment: 'hr', hiringManager: c.people.hugo!.id });
    expect((await paths.refusedTransition('hugo', own.id, 'publish')).reasons.map((r) => r.key)).toEqual(['hiring-manager-of-the-department']);
  });

  it('screens the resumes and invites one candidate to the interviews', async () => {
    rec = await update('hana', rec, {
      publishedOn: '2026-03-02',
      candidates: [
        { name: 'Wang Lei', contact: 'wang@example.com', source: 'job-sites', screening: 'shortlisted' },
        { name: 'Zhao Min', contact: 'zhao@example.com', source: 'campus', screening: 'rejected' },
      ],
    });
    rec = await transition('hana', rec, 'interview', { data: { candidateName: 'Wang Lei' } });
    expect(rec.stage.key).toBe('interviews');
  });

  it('holds the initial interview first: the department interview cannot be decided before it', async () => {
    // Only the initial round is open, and it asks HR, but not the HR officer who opened the
    // recruitment: the HR manager. The hiring manager has nothing to decide yet.
    expect(pending(rec)).toEqual([expect.objectContaining({ gate: 'interviews', level: INITIAL, approvers: [{ username: 'hugo' }] })]);
    expect((await paths.refusedDecision('hana', pending(rec)[0]!.id, 'APPROVE')).code).toBe('FORBIDDEN');
    const rajTasks = (await c.ok('raj', '{ myTasks { nodes { id } } }')).myTasks as { nodes: { id: string }[] };
    expect(rajTasks.nodes.map((n) => n.id)).not.toContain(rec.id);
    const early = await c.refused('raj', `mutation { decideApproval(id: "${pending(rec)[0]!.id}", decision: APPROVE) { state } }`);
    expect(early.extensions?.code).toBe('FORBIDDEN');
    const offer = await blocked('hana', rec, 'make-offer');
    expect(offer).toEqual([expect.objectContaining({ kind: 'gate', key: 'interviews' })]);

    await decide('hugo', pending(rec)[0]!, 'APPROVE');
    rec = await reload('hana', rec);
    expect(pending(rec)).toEqual([expect.objectContaining({ level: DEPARTMENT, approvers: [{ username: 'raj' }] })]);
    expect((await blocked('hana', rec, 'make-offer')).map((r) => r.key)).toEqual(['interviews']);
  });

  it('sends the recruitment back to screening when a round fails', async () => {
    const error = await c.refused('raj', `mutation { decideApproval(id: "${pending(rec)[0]!.id}", decision: REJECT) { state } }`);
    expect(error.extensions?.code).toBe('VALIDATION_FAILED');
    await decide('raj', pending(rec)[0]!, 'REJECT', 'Not enough RTOS experience');
    rec = await reload('hana', rec);
    expect(rec.stage.key).toBe('recruiting');
  });

  it('puts the next candidate through the three rounds in order, then makes the offer', async () => {
    rec = await transition('hana', rec, 'interview', { data: { candidateName: 'Chen Jie' } });
    expect(pending(rec).map((a) => a.level)).toEqual([INITIAL]);
    await decide('hugo', pending(rec)[0]!, 'APPROVE');
    rec = await reload('hana', rec);
    expect(pending(rec).map((a) => a.level)).toEqual([DEPARTMENT]);
    await decide('raj', pending(rec)[0]!, 'APPROVE');
    rec = await reload('hana', rec);
    // Each executive is asked; the first to decide decides the round.
    expect(pending(rec).map((a) => [a.level, a.approvers[0]!.username]).sort()).toEqual([[COMPREHENSIVE, 'ceo'], [COMPREHENSIVE, 'cfo']]);
    expect((await blocked('hana', rec, 'make-offer')).map((r) => r.key)).toEqual(['interviews']);
    await decide('ceo', pending(rec).find((a) => a.approvers[0]!.username === 'ceo')!, 'APPROVE');
    rec = await transition('hana', await reload('hana', rec), 'make-offer');
    expect(rec.stage.key).toBe('onboarding');
  });

  it('completes onboarding only with contract, registration, badge and training done', async () => {
    rec = await update('hana', rec, { offerSentOn: '2026-03-20', startDate: '2026-04-01', contractSigned: true, registered: true });
    const reasons = await blocked('hana', rec, 'complete-onboarding');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'onboarding-checklist' })]);
    // The badge sent with the action, training still not arranged: refused the same way, for the HR manager too.
    expect((await paths.refusedTransition('hugo', rec.id, 'complete-onboarding', { data: { badgeIssued: true } })).reasons.map((r) => r.key)).toEqual(['onboarding-checklist']);
    rec = await update('hana', rec, { badgeIssued: true, trainingArranged: true });
    rec = await transition('hana', rec, 'complete-onboarding');
    expect(rec.stage.key).toBe('hired');
  });
});
