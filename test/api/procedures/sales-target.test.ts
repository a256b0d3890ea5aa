import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// sales.target: a period target broken down by region and by salesperson; both breakdowns must add up
// to the total before it is submitted; the sales manager approves. Beside each rule's main path the
// test tries another: the typed mutation, the action's own data, a colleague, a person of the wrong
// role or department, a person who changed roles since, a target submitted again after a rejection.
let company: Company;
let paths: OtherPaths;
/** A salesperson of the service department: the right role, the wrong department. */
let olga: string;
beforeAll(async () => {
  company = await createCompany();
  paths = otherPaths(company);
  olga = await paths.hire('olga', { department: 'service', roles: ['employee', 'salesperson'] });
  await paths.hire('admin', { admin: true });
});
afterAll(async () => {
  await company?.close();
});

const RECORD = 'id version stage { key } dueAt data approvals { id gate level state approvers { username } }';
type Rec = { id: string; version: number; stage: { key: string }; dueAt: string | null; data: Record<string, unknown>; approvals: { id: string; gate: string; level: number; state: string; approvers: { username: string }[] }[] };

const read = (who: string, id: string) => company.record<Rec>(who, id, RECORD);
const move = (who: string, id: string, action: string, extra: { comment?: string; data?: Record<string, unknown> } = {}) => company.transition<Rec>(who, id, action, { ...extra, fields: RECORD });
const update = (who: string, id: string, data: Record<string, unknown>) => company.update<Rec>(who, id, data, RECORD);

const create = (who: string, procedure: string, data: Record<string, unknown>) => company.create<Rec>(who, procedure, data, RECORD);

const PROCEDURE = 'sales.target';

describe('a quarterly sales target', () => {
  let id: string;

  it('is drafted by a salesperson, with the quarter required for a quarterly target', async () => {
    const base = { periodType: 'quarterly', year: 2026, total: '3000000', basis: 'Strategy 2026: grow East China by 15 %.' };
    const missing = await company.refused('sam', 'mutation($data: JSON!) { createRecord(procedure: "sales.target", data: $data) { id } }', { data: base });
    expect(missing.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [expect.objectContaining({ path: 'quarter' })] });
    expect(await paths.refusedTypedCreate('sam', PROCEDURE, { periodType: 'QUARTERLY', year: 2026, total: '3000000' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['quarter'] });
    // The breakdown names salespeople of the sales department: not the sales manager, not a salesperson elsewhere.
    const wrongPeople = [{ salesperson: company.people.sal!.id, amount: '1500000' }, { salesperson: olga, amount: '1500000' }];
    const refused = await paths.refusedCreate('sam', PROCEDURE, { ...base, quarter: 'q3', byRegion: [{ region: 'East China', amount: '3000000' }], bySalesperson: wrongPeople });
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['bySalesperson.0.salesperson', 'bySalesperson.1.salesperson'] });
    expect(await paths.refusedTypedCreate('sam', PROCEDURE, { periodType: 'QUARTERLY', quarter: 'Q3', year: 2026, total: '3000000', bySalesperson: wrongPeople })).toMatchObject({
      code: 'VALIDATION_FAILED', paths: ['bySalesperson.0.salesperson', 'bySalesperson.1.salesperson'],
    });
    // Only salespeople of sales draft targets.
    expect((await paths.refusedCreate('olga', PROCEDURE, { ...base, quarter: 'q3' })).code).toBe('FORBIDDEN');
    expect((await paths.refusedCreate('sal', PROCEDURE, { ...base, quarter: 'q3' })).code).toBe('FORBIDDEN');
    const created = await create('sam', PROCEDURE, {
      ...base,
      quarter: 'q3',
      month: 7, // not shown for a quarterly target, so not stored
      byRegion: [{ region: 'East China', amount: '2000000' }, { region: 'North China', amount: '800000' }],
      bySalesperson: [{ salesperson: company.people.sam!.id, amount: '1500000' }, { salesperson: company.people.sara!.id, amount: '1500000' }],
    });
    expect(created.stage.key).toBe('draft');
    expect(created.data).toMatchObject({ total: '3000000.00', regionTotal: '2800000.00', salespersonTotal: '3000000.00' });
    expect(created.data).not.toHaveProperty('month');
    id = created.id;
  });

  it('cannot be submitted while the regions do not add up to the total', async () => {
    const { code, reasons } = await company.refusedTransition('sam', id, 'submit');
    expect(code).toBe('TRANSITION_BLOCKED');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'regions-match-total' })]);
    // A colleague neither fixes nor submits sam's target.
    expect(await paths.refusedUpdate('sara', id, { byRegion: [{ region: 'East China', amount: '3000000' }] })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['byRegion'] });
    expect((await company.blockedReasons('sara', id, 'submit')).map((r) => [r.kind, r.key])).toEqual([['permission', 'submit'], ['rule', 'regions-match-total']]);
  });

  it('cannot be submitted while the salespeople do not add up to the total', async () => {
    await update('sam', id, {
      byRegion: [{ region: 'East China', amount: '2000000' }, { region: 'North China', amount: '1000000' }],
      bySalesperson: [{ salesperson: company.people.sam!.id, amount: '1500000' }, { salesperson: company.people.sara!.id, amount: '1499999.99' }],
    });
    const { reasons } = await company.refusedTransition('sam', id, 'submit');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'salespeople-match-total' })]);
  });

  it('names people who are salespeople now, on every change of the target', async () => {
    // sara moves to customer service for a while: the breakdown that names her can no longer be saved,
    // whatever the change, until she is a salesperson again or someone else takes her share.
    await paths.changeUser('admin', 'sara', { roles: ['employee', 'service-agent'] });
    const kept = await paths.refusedUpdate('sam', id, { basis: 'Strategy 2026: grow East China by 15 %, North China by 5 %.' });
    expect(kept).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['bySalesperson.1.salesperson'] });
    await paths.changeUser('admin', 'sara', { roles: ['employee', 'salesperson'] });
    expect((await update('sam', id, { basis: 'Strategy 2026: grow East China by 15 %, North China by 5 %.' })).data.basis).toContain('North China by 5 %');
  });

  // The check above holds on every write of data; `submit` and `approve` also `recheck` the
  // salespeople, so a target naming someone who is no longer a salesperson is not moved on unsaved.
  it('is not submitted while it names someone who is no longer a salesperson', async () => {
    const other = await create('sam', PROCEDURE, {
      periodType: 'annual', year: 2027, total: '100',
      byRegion: [{ region: 'East China', amount: '100' }],
      bySalesperson: [{ salesperson: company.people.sara!.id, amount: '100' }],
    });
    await paths.changeUser('admin', 'sara', { roles: ['employee', 'service-agent'] });
    try {
      expect(await company.blockedReasons('sam', other.id, 'submit')).toEqual([expect.objectContaining({ kind: 'field', key: 'bySalesperson' })]);
    } finally {
      await paths.changeUser('admin', 'sara', { roles: ['employee', 'salesperson'] });
    }
  });

  it('is submitted once both breakdowns match, and approved by the sales manager', async () => {
    const fixed = await update('sam', id, { bySalesperson: [{ salesperson: company.people.sam!.id, amount: '1500000' }, { salesperson: company.people.sara!.id, amount: '1500000' }] });
    expect(fixed.data).toMatchObject({ regionTotal: '3000000.00', salespersonTotal: '3000000.00' });
    // A new total in the submit's own data is checked against both breakdowns, and is not kept.
    expect((await company.blockedReasons('sam', id, 'submit', { data: { total: '3100000' } })).map((r) => r.key)).toEqual(['regions-match-total', 'salespeople-match-total']);
    expect((await read('sam', id)).data.total).toBe('3000000.00');
    const submitted = await move('sam', id, 'submit');
    expect(submitted.stage.key).toBe('review');
    expect(submitted.dueAt).not.toBeNull();
    expect(submitted.approvals).toMatchObject([{ gate: 'target-approval', state: 'PENDING', approvers: [{ username: 'sal' }] }]);

    const early = await company.refusedTransition('sal', id, 'approve');
    expect(early.reasons).toEqual([expect.objectContaining({ kind: 'gate', key: 'target-approval' })]);
    const notManager = await company.refusedTransition('sara', id, 'approve');
    expect(notManager.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'permission' })]));
    expect((await paths.refusedDecision('sam', submitted.approvals[0]!.id, 'APPROVE')).code).toBe('FORBIDDEN');

    await company.decide('sal', id, 'APPROVE');
    // The manager approves the target as submitted: it cannot be changed in the approving action.
    expect(await paths.refusedTransition('sal', id, 'approve', { data: { total: '3500000' } })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['total'] });
    const approved = await move('sal', id, 'approve');
    expect(approved.stage.key).toBe('approved');
    // Management and finance read it; other departments do not.
    expect((await read('fiona', id)).stage.key).toBe('approved');
    expect((await paths.refusedRead('hana', id)).code).toBe('FORBIDDEN');
  });
});

describe('a rejected monthly target', () => {
  it('goes back to the draft for its author, and is approved anew when submitted again', async () => {
    // Through the typed mutation this time.
    const created = await paths.typedCreate('sara', PROCEDURE, {
      periodType: 'MONTHLY', year: 2026, month: 8, total: 500000,
      byRegion: [{ region: 'South China', amount: 500000 }],
      bySalesperson: [{ salesperson: company.people.sara!.id, amount: 500000 }],
    });
    await move('sara', created.id, 'submit');
    await company.decide('sal', created.id, 'REJECT', 'Too low for August.');
    expect((await read('sara', created.id)).stage.key).toBe('draft');
    expect((await paths.history('sara', created.id)).filter((h) => h.type === 'transitioned').at(-1)).toMatchObject({ actor: { username: 'sal' }, toStage: 'draft', comment: 'Too low for August.' });

    // Submitted again unchanged, it waits for the manager again: the rejection is not undone by resubmitting.
    const again = await move('sara', created.id, 'submit');
    expect(again.approvals.filter((a) => a.state === 'PENDING')).toMatchObject([{ gate: 'target-approval', approvers: [{ username: 'sal' }] }]);
    expect((await company.blockedReasons('sal', created.id, 'approve')).map((r) => [r.kind, r.key])).toEqual([['gate', 'target-approval']]);
  });
});
