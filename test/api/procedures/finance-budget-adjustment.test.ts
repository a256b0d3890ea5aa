import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// finance.budget-adjustment (预算调整): an application to change an approved budget, approved by
// finance and then management (gate `adjustment-approval`), with a third level of two executives
// for increases above 100 000. Bold rule: "Budget adjustment needs an application and approval
// through the defined procedure." A rejection returns it to the applicant with the comment;
// changing the requested amount after approval reopens the approval (reopenOn). Beside each rule's
// main path the test tries another: the typed mutation, updateRecord or an action's data, another
// person, taking the application back and submitting it again.

let company: Company;
let paths: OtherPaths;
let budgetId: string;
let draftBudgetId: string;

const RECORD = 'id version stage { key } dueAt data history { type comment actor { username } } approvals { id gate level round state approvers { username } } actions { key allowed }';
type Approval = { id: string; gate: string; level: number; round: number; state: string; approvers: { username: string }[] };
type RecordResult = {
  id: string;
  version: number;
  stage: { key: string };
  dueAt: string | null;
  data: Record<string, unknown>;
  history: { type: string; comment: string | null; actor: { username: string } | null }[];
  approvals: Approval[];
  actions: { key: string; allowed: boolean }[];
};

const CREATE = `mutation($procedure: String!, $data: JSON!) { createRecord(procedure: $procedure, data: $data) { ${RECORD} } }`;
const UPDATE = `mutation($id: ID!, $data: JSON!, $v: Int!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { ${RECORD} } }`;
const DECIDE = 'mutation($id: ID!, $decision: ApprovalDecision!, $comment: String) { decideApproval(id: $id, decision: $decision, comment: $comment) { state } }';

const current = (who: string, id: string) => company.record<RecordResult>(who, id, RECORD);
const update = (who: string, id: string, data: Record<string, unknown>) => company.update<RecordResult>(who, id, data, RECORD);
const move = (who: string, id: string, action: string, comment?: string) => company.transition<RecordResult>(who, id, action, { comment, fields: RECORD });

const pendingApprovers = (record: RecordResult) =>
  record.approvals
    .filter((a) => a.state === 'PENDING')
    .flatMap((a) => a.approvers.map((p) => p.username))
    .sort();

beforeAll(async () => {
  company = await createCompany();
  paths = otherPaths(company);
  // The sales department's approved 2027 budget of 500 000 (finance.budget), and a budget still in draft.
  const lines = [{ category: 'marketing', item: 'Trade fairs', amount: '500000' }];
  const budget = (await company.ok('sal', CREATE, { procedure: 'finance.budget', data: { budgetYear: 2027, basis: 'Sales plan 2027', lines } })).createRecord as RecordResult;
  budgetId = budget.id;
  await move('sal', budgetId, 'submit');
  await move('fiona', budgetId, 'forward');
  await company.decide('ceo', budgetId, 'APPROVE');
  expect((await move('ceo', budgetId, 'approve')).data).toMatchObject({ approvedAmount: '500000.00' });
  draftBudgetId = ((await company.ok('sal', CREATE, { procedure: 'finance.budget', data: { budgetYear: 2028, basis: 'Draft', lines } })).createRecord as RecordResult).id;
});
afterAll(async () => {
  await company?.close();
});

describe('a budget adjustment', () => {
  let id: string;

  it('is an application that cannot be submitted without the approved budget it adjusts and an explanation', async () => {
    const created = (await company.ok('sam', CREATE, {
      procedure: 'finance.budget-adjustment',
      data: { budgetYear: 2027, reason: 'market-change', currentAmount: '500000', requestedAmount: '560000' },
    })).createRecord as RecordResult;
    id = created.id;
    expect(created).toMatchObject({ stage: { key: 'draft' }, data: { difference: '60000.00' } });

    const reasons = await company.blockedReasons('sam', id, 'submit');
    expect(reasons.map((r) => [r.kind, r.key])).toEqual([
      ['field', 'budget'],
      ['field', 'explanation'],
    ]);

    // Only an approved budget can be adjusted.
    const draftLink = await company.refused('sam', UPDATE, { id, v: created.version, data: { budget: draftBudgetId } });
    expect(draftLink.extensions?.code).toBe('VALIDATION_FAILED');
    expect((draftLink.extensions?.fieldErrors as { path: string }[]).map((e) => e.path)).toEqual(['budget']);

    // "Other" needs the reason spelt out.
    const other = await company.refused('sam', UPDATE, { id, v: created.version, data: { reason: 'other' } });
    expect((other.extensions?.fieldErrors as { path: string }[]).map((e) => e.path)).toEqual(['reasonDetail']);
    // The typed mutation holds an application to the same: an approved budget, the other reason spelt out.
    const typed = { budgetYear: 2027, currentAmount: '500000', requestedAmount: '560000' };
    expect(await paths.refusedTypedCreate('sam', 'finance.budget-adjustment', { ...typed, reason: 'MARKET_CHANGE', budget: draftBudgetId })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['budget'] });
    expect(await paths.refusedTypedCreate('sam', 'finance.budget-adjustment', { ...typed, reason: 'OTHER' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['reasonDetail'] });
    // A colleague of the applicant sees the application but does not write it.
    expect(await paths.refusedUpdate('sara', id, { explanation: 'Written by someone else.' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['explanation'] });

    const filled = await update('sam', id, {
      budget: budgetId,
      explanation: 'A competitor entered the northern market: two more trade fairs are needed to hold our share.',
      lines: [
        { item: 'Trade fairs', amount: '500000' },
        { item: 'Two northern trade fairs', amount: '60000' },
      ],
    });
    expect(filled.data).toMatchObject({ budget: budgetId, linesTotal: '560000.00' });
  });

  it('is approved by finance first: nobody can record it before the approval, and executives are asked only after finance', async () => {
    // The explanation cannot be dropped on the way: the submit's own data is checked before the stage's requirements.
    expect((await company.blockedReasons('sam', id, 'submit', { data: { explanation: null } })).map((r) => [r.kind, r.key])).toEqual([['field', 'explanation']]);
    expect(await company.blockedReasons('sara', id, 'submit')).toEqual([expect.objectContaining({ kind: 'permission', key: 'submit' })]);
    const submitted = await move('sam', id, 'submit');
    expect(submitted.stage.key).toBe('approval');
    expect(submitted.dueAt).not.toBeNull();
    expect(pendingApprovers(submitted)).toEqual(['fiona']);
    expect(await company.blockedReasons('fiona', id, 'approve')).toEqual([expect.objectContaining({ kind: 'gate', key: 'adjustment-approval' })]);
    // Neither the applicant nor an executive may record the adjustment.
    expect((await company.blockedReasons('ceo', id, 'approve')).map((r) => [r.kind, r.key])).toEqual([
      ['permission', 'approve'],
      ['gate', 'adjustment-approval'],
    ]);
    // Nor may an executive or the applicant take finance's decision for it.
    const finance = submitted.approvals.find((a) => a.state === 'PENDING')!;
    expect((await paths.refusedDecision('ceo', finance.id, 'APPROVE')).code).toBe('FORBIDDEN');
    expect((await paths.refusedDecision('sam', finance.id, 'APPROVE')).code).toBe('FORBIDDEN');
    // What is being approved stays as submitted: the applicant cannot change the amount meanwhile.
    expect(await paths.refusedUpdate('sam', id, { requestedAmount: '600000' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['requestedAmount'] });
  });

  it('returns to the applicant with the comment when rejected', async () => {
    const record = await current('fiona', id);
    const mine = record.approvals.find((a) => a.state === 'PENDING')!;
    const silent = await company.refused('fiona', DECIDE, { id: mine.id, decision: 'REJECT' });
    expect(silent.extensions?.code).toBe('VALIDATION_FAILED');
    await company.decide('fiona', id, 'REJECT', 'Attach the quotes of the two trade fairs to the explanation.');
    const back = await current('sam', id);
    expect(back.stage.key).toBe('draft');
    expect(back.history.find((h) => h.type === 'transitioned' && h.actor?.username === 'fiona')).toMatchObject({
      comment: 'Attach the quotes of the two trade fairs to the explanation.',
    });
    expect(back.history.map((h) => h.type)).toContain('gate-rejected');
  });

  it('is approved by finance then one executive when the increase is at most 100 000', async () => {
    await update('sam', id, { explanation: 'A competitor entered the northern market: two more trade fairs (quotes of 35 000 and 25 000 attached).' });
    const resubmitted = await move('sam', id, 'submit');
    expect(pendingApprovers(resubmitted)).toEqual(['fiona']);
    await company.decide('fiona', id, 'APPROVE');

    const atManagement = await current('ceo', id);
    expect(pendingApprovers(atManagement)).toEqual(['ceo', 'cfo']);
    expect(await company.blockedReasons('fiona', id, 'approve')).toEqual([expect.objectContaining({ kind: 'gate', key: 'adjustment-approval' })]);
    await company.decide('ceo', id, 'APPROVE');

    const approved = await current('fiona', id);
    expect(approved.history.at(-1)?.type).toBe('gate-approved');
    // No third level was asked: 60 000 is below the threshold.
    expect(new Set(approved.approvals.filter((a) => a.state === 'APPROVED').map((a) => a.level)).size).toBe(2);
    expect(approved.actions.find((a) => a.key === 'approve')?.allowed).toBe(true);
  });

  it('is asked again when the applicant takes it back and submits it unchanged', async () => {
    // Taking it back cannot carry a change with it: in the approval stage nothing is the applicant's to change.
    const carried = await paths.refusedTransition('sam', id, 'revise', { comment: 'One more thing.', data: { requestedAmount: '600000' } });
    expect(carried).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['requestedAmount'] });
    await move('sam', id, 'revise', 'One more look at the quotes.');
    const again = await move('sam', id, 'submit');
    // Coming back to the approval stage asks finance again: the earlier round does not carry over.
    expect(pendingApprovers(again)).toEqual(['fiona']);
    expect(again.actions.find((a) => a.key === 'approve')?.allowed).toBe(false);
    expect(await company.blockedReasons('fiona', id, 'approve')).toEqual([expect.objectContaining({ kind: 'gate', key: 'adjustment-approval' })]);
    await company.decide('fiona', id, 'APPROVE');
    await company.decide('cfo', id, 'APPROVE');
    const reapproved = await current('fiona', id);
    expect(reapproved.history.at(-1)?.type).toBe('gate-approved');
    expect(reapproved.actions.find((a) => a.key === 'approve')).toEqual({ key: 'approve', allowed: true });
  });

  it('reopens the approval when the requested amount changes after approval', async () => {
    // The applicant takes the approved application back and asks for more.
    await move('sam', id, 'revise', 'A third fair in the north after all.');
    const changed = await update('sam', id, {
      requestedAmount: '650000',
      lines: [
        { item: 'Trade fairs', amount: '500000' },
        { item: 'Three northern trade fairs', amount: '150000' },
      ],
    });
    expect(changed.data.difference).toBe('150000.00');
    expect(changed.history.map((h) => h.type)).toContain('gate-reopened');

    const resubmitted = await move('sam', id, 'submit');
    // The approval starts again from finance; the earlier approvals no longer count.
    expect(pendingApprovers(resubmitted)).toEqual(['fiona']);
    expect(await company.blockedReasons('fiona', id, 'approve')).toEqual([expect.objectContaining({ kind: 'gate', key: 'adjustment-approval' })]);
  });

  it('needs two executives more when the increase is above 100 000, then finance records it', async () => {
    await company.decide('fiona', id, 'APPROVE');
    await company.decide('cfo', id, 'APPROVE');

    // Finance and one executive have approved, but 150 000 is above the threshold: two executives must approve too.
    const large = await current('fiona', id);
    expect(pendingApprovers(large)).toEqual(['ceo', 'cfo']);
    expect(await company.blockedReasons('fiona', id, 'approve')).toEqual([expect.objectContaining({ kind: 'gate', key: 'adjustment-approval' })]);
    await company.decide('ceo', id, 'APPROVE');
    expect(await company.blockedReasons('fiona', id, 'approve')).toEqual([expect.objectContaining({ kind: 'gate', key: 'adjustment-approval' })]);
    await company.decide('cfo', id, 'APPROVE', 'Agreed with the CEO.');

    const done = await move('fiona', id, 'approve');
    expect(done.stage.key).toBe('approved');
    expect(done.data).toMatchObject({ budget: budgetId, currentAmount: '500000.00', requestedAmount: '650000.00', difference: '150000.00' });

    // The budget now allows the adjusted amount to be spent.
    expect((await current('fiona', budgetId)).data).toMatchObject({ approvedAmount: '500000.00', adjustedAmount: '150000.00', remaining: '650000.00' });
  });

  it('reopens the approval when the current amount is lowered after approval: the increase it was approved for grows', async () => {
    // Through the typed mutation this time, complete at once.
    const typed = await paths.typedCreate('sam', 'finance.budget-adjustment', {
      budget: budgetId, budgetYear: 2027, reason: 'STRATEGY_CHANGE', currentAmount: '500000', requestedAmount: '560000',
      explanation: 'The strategy adds the western region.', lines: [{ item: 'Western region launch', amount: '560000' }],
    });
    expect(typed.stage.key).toBe('draft');
    await move('sam', typed.id, 'submit');
    await company.decide('fiona', typed.id, 'APPROVE');
    await company.decide('ceo', typed.id, 'APPROVE');
    expect((await current('fiona', typed.id)).actions.find((a) => a.key === 'approve')?.allowed).toBe(true);

    // An increase of 60 000 was approved; with the current amount lowered it becomes 160 000, above the threshold.
    await move('sam', typed.id, 'revise', 'The current amount was wrong.');
    const lowered = await update('sam', typed.id, { currentAmount: '400000' });
    expect(lowered.data.difference).toBe('160000.00');
    expect(lowered.history.at(-1)?.type).toBe('gate-reopened');
    expect((await paths.history('sam', typed.id)).at(-1)).toMatchObject({ type: 'gate-reopened', data: expect.objectContaining({ gate: 'adjustment-approval', fields: expect.arrayContaining(['currentAmount']) }) });

    await move('sam', typed.id, 'submit');
    await company.decide('fiona', typed.id, 'APPROVE');
    await company.decide('ceo', typed.id, 'APPROVE');
    // Now two executives must approve as well before finance may record it.
    expect(pendingApprovers(await current('fiona', typed.id))).toEqual(['ceo', 'cfo']);
    expect(await company.blockedReasons('fiona', typed.id, 'approve')).toEqual([expect.objectContaining({ kind: 'gate', key: 'adjustment-approval' })]);
  });

  it('is read by finance and management, and not by other departments', async () => {
    expect((await current('cfo', id)).stage.key).toBe('approved');
    expect((await paths.refusedRead('hana', id)).code).toBe('FORBIDDEN');
  });
});
