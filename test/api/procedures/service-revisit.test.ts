import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// 客户回访与维护: a periodic revisit plan, approved by the service manager, then the revisit
// records and the customers' classification for care. Beside each rule's main path the test tries
// another: the typed mutation, the action's own data, another agent, the manager's own plan, a plan
// submitted again after a rejection.
let c: Company;
let paths: OtherPaths;
beforeAll(async () => {
  c = await createCompany();
  paths = otherPaths(c);
  await paths.hire('cody', { department: 'service', roles: ['employee', 'service-agent'] });
});
afterAll(async () => {
  await c?.close();
});

const RECORD = 'id version stage { key } data approvals { id gate state approvers { username } }';
type Rec = { id: string; version: number; stage: { key: string }; data: Record<string, unknown>; approvals: { id: string; gate: string; state: string; approvers: { username: string }[] }[] };

const transition = (who: string, rec: Rec, action: string, data?: Record<string, unknown>) => c.transition<Rec>(who, rec.id, action, { data, fields: RECORD });
const reload = (who: string, rec: Rec) => c.record<Rec>(who, rec.id, RECORD);
const pendingApprovers = (rec: Rec) => rec.approvals.filter((a) => a.state === 'PENDING').flatMap((a) => a.approvers.map((p) => p.username));
const PLAN = { period: 'QUARTERLY', periodEnd: '2026-06-30', planned: [{ customer: 'Acme Ltd', plannedOn: '2026-06-10', method: 'PHONE' }] };

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
    // The plan is its author's until submitted: another agent neither changes nor submits it.
    expect(await paths.refusedUpdate('cody', rec.id, { periodEnd: '2026-04-30' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['periodEnd'] });
    expect((await c.blockedReasons('cody', rec.id, 'submit')).map((r) => [r.kind, r.key])).toEqual([['permission', 'submit']]);
    rec = await transition('cleo', rec, 'submit');
    expect(rec.stage.key).toBe('plan-approval');
    expect(rec.approvals).toEqual([expect.objectContaining({ gate: 'plan-approval', state: 'PENDING', approvers: [{ username: 'carl' }] })]);
    // Only the manager decides; and what he approves is the plan as submitted, not changed meanwhile,
    // neither by update nor in the start's own data.
    expect((await paths.refusedDecision('cleo', rec.approvals[0]!.id, 'APPROVE')).code).toBe('FORBIDDEN');
    expect((await paths.refusedDecision('cody', rec.approvals[0]!.id, 'APPROVE')).code).toBe('FORBIDDEN');
    const extra = [{ customer: 'Omega Ltd', plannedOn: '2026-03-20', method: 'email' }];
    expect(await paths.refusedUpdate('cleo', rec.id, { planned: extra })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['planned'] });
    expect(await paths.refusedTransition('cleo', rec.id, 'start', { data: { planned: extra } })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['planned'] });

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
    expect((await c.blockedReasons('cleo', rec.id, 'revisits-done', { data: { revisits: [] } })).map((r) => [r.kind, r.key])).toEqual([['field', 'revisits']]);
    // The customers are classified from the revisits, not before them; and only customer service keeps the records.
    expect(await paths.refusedUpdate('cleo', rec.id, { classification: [{ customer: 'Acme Ltd', class: 'key', measures: 'Early guess' }] })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['classification'] });
    expect((await paths.refusedUpdate('sam', rec.id, { revisits: [{ customer: 'Acme Ltd', revisitedOn: '2026-03-10', satisfaction: 'satisfied' }] })).code).toBe('FORBIDDEN');
    rec = await transition('cleo', rec, 'revisits-done', {
      revisits: [
        { customer: 'Acme Ltd', revisitedOn: '2026-03-10', usage: 'Running two shifts', satisfaction: 'satisfied', feedback: 'Wants a second pump' },
        { customer: 'Zenith Co', revisitedOn: '2026-03-12', satisfaction: 'unsatisfied', feedback: 'Slow spare parts' },
      ],
    });
    expect(rec.stage.key).toBe('classifying');
    expect((await c.blockedReasons('cody', rec.id, 'complete')).map((r) => [r.kind, r.key])).toEqual([['field', 'classification']]);
    rec = await transition('cleo', rec, 'complete', {
      classification: [
        { customer: 'Acme Ltd', class: 'potential', measures: 'Offer a second pump at the repeat-customer price' },
        { customer: 'Zenith Co', class: 'at-risk', measures: 'Manager call and a spare parts kit on site' },
      ],
    });
    expect(rec.stage.key).toBe('done');
  });
});

describe('a revisit plan the service manager rejects', () => {
  it('goes back to its author, and is approved anew when submitted again', async () => {
    // Through the typed mutation this time.
    const created = await paths.typedCreate('cleo', 'service.revisit', PLAN);
    let rec = await reload('cleo', { id: created.id } as Rec);
    rec = await transition('cleo', rec, 'submit');
    await c.decide('carl', rec.id, 'REJECT', 'Add the customers of the May campaign.');
    rec = await reload('cleo', rec);
    expect(rec.stage.key).toBe('planning');
    expect((await paths.history('cleo', rec.id)).filter((h) => h.type === 'transitioned').at(-1)).toMatchObject({
      actor: { username: 'carl' }, toStage: 'planning', comment: 'Add the customers of the May campaign.', data: { gate: 'plan-approval', reason: 'rejected' },
    });
    rec = await c.update<Rec>('cleo', rec.id, {
      planned: [{ customer: 'Acme Ltd', plannedOn: '2026-06-10', method: 'phone' }, { customer: 'May Campaign Co', plannedOn: '2026-06-12', method: 'visit' }],
    }, RECORD);

    // Submitted again: the manager is asked again, and the start waits for him.
    rec = await transition('cleo', rec, 'submit');
    expect(pendingApprovers(rec)).toEqual(['carl']);
    expect((await c.blockedReasons('cleo', rec.id, 'start')).map((r) => [r.kind, r.key])).toEqual([['gate', 'plan-approval']]);
    await c.decide('carl', rec.id, 'APPROVE');
    // The manager may start the revisits himself.
    expect((await transition('carl', await reload('carl', rec), 'start')).stage.key).toBe('revisiting');
  });
});

describe("the service manager's own plan", () => {
  it('cannot be approved by its author: nobody else may approve it, and the submit says so', async () => {
    const created = await paths.typedCreate('carl', 'service.revisit', PLAN);
    const { code, reasons } = await c.refusedTransition('carl', created.id, 'submit');
    expect(code).toBe('TRANSITION_BLOCKED');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'gate', key: 'plan-approval', message: expect.objectContaining({ en: expect.stringContaining('Nobody can approve') }) })]);
    expect((await reload('carl', { id: created.id } as Rec)).stage.key).toBe('planning');
    // It does not stay in planning for good: its author withdraws it, with the reason.
    expect((await c.refusedTransition('carl', created.id, 'withdraw')).code).toBe('TRANSITION_BLOCKED');
    await c.transition('carl', created.id, 'withdraw', { comment: 'Planned by the agents instead.' });
    expect((await reload('carl', { id: created.id } as Rec)).stage.key).toBe('withdrawn');
  });
});
