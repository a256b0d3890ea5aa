import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// finance.budget (预算编制): a department drafts its budget → finance reviews and consolidates →
// management approves → approved, or returned for revision. Bold rule: budgets are approved by
// finance (the `forward` action, finance officers only) and management (gate `management-approval`).
// A department has one budget a year (`unique`, withdrawn budgets left out). Beside each rule's main
// path, the test tries another: the typed mutation, updateRecord, another person, an action's data.

let company: Company;
let paths: OtherPaths;
beforeAll(async () => {
  company = await createCompany();
  paths = otherPaths(company);
});
afterAll(async () => {
  await company?.close();
});

const RECORD = 'id version department stage { key } dueAt data history { type comment actor { username } } approvals { id gate level state approvers { username } }';
type Approval = { id: string; gate: string; level: number; state: string; approvers: { username: string }[] };
type RecordResult = {
  id: string;
  version: number;
  department: string;
  stage: { key: string };
  dueAt: string | null;
  data: Record<string, unknown>;
  history: { type: string; comment: string | null; actor: { username: string } | null }[];
  approvals: Approval[];
};

const DECIDE = 'mutation($id: ID!, $decision: ApprovalDecision!, $comment: String) { decideApproval(id: $id, decision: $decision, comment: $comment) { state } }';

const current = (who: string, id: string) => company.record<RecordResult>(who, id, RECORD);
const move = (who: string, id: string, action: string, comment?: string) => company.transition<RecordResult>(who, id, action, { comment, fields: RECORD });
const blocked = (who: string, id: string, action: string, comment?: string) => company.blockedReasons(who, id, action, { comment });

const draft = {
  budgetYear: 2027,
  basis: 'Two trade fairs and a new regional office, following the 2027 business plan.',
  lines: [
    { category: 'marketing', item: 'Trade fairs', amount: '180000' },
    { category: 'travel', item: 'Customer visits', amount: 45000.5 },
    { category: 'personnel', item: 'Two regional salespeople', amount: '320000', note: 'From April' },
  ],
};

describe('a department budget', () => {
  let id: string;

  it('is drafted by the department as budget lines with a computed total, and no approved amount yet', async () => {
    const created = (await company.ok('sal', `mutation($data: JSON!) { createRecord(procedure: "finance.budget", data: $data) { ${RECORD} } }`, { data: draft }))
      .createRecord as RecordResult;
    id = created.id;
    expect(created).toMatchObject({ stage: { key: 'draft' }, department: 'sales', data: { budgetYear: 2027, total: '545000.50' } });
    expect(created.data.approvedAmount).toBeUndefined();

    // Budget lines need a category from the list and an amount of money.
    const bad = await company.refused('sam', 'mutation($data: JSON!) { createRecord(procedure: "finance.budget", data: $data) { id } }', {
      data: { ...draft, lines: [{ category: 'lunch', item: 'x', amount: '1.001' }] },
    });
    expect(bad.extensions?.code).toBe('VALIDATION_FAILED');
    expect((bad.extensions?.fieldErrors as { path: string }[]).map((e) => e.path).sort()).toEqual(['lines.0.amount', 'lines.0.category']);
    // The same by the typed mutation: a money amount with too many decimals.
    expect(await paths.refusedTypedCreate('sam', 'finance.budget', { budgetYear: 2031, basis: 'x', lines: [{ category: 'TRAVEL', item: 'x', amount: '1.001' }] }))
      .toMatchObject({ code: 'VALIDATION_FAILED', paths: ['lines.0.amount'] });
  });

  it('is one per department and year: another 2027 budget of sales is refused, by anyone and any path, until the first is withdrawn', async () => {
    const duplicate = (existing: string) => [
      { path: 'budgetYear', message: { en: `your department already has a budget for this year (record ${existing}).`, 'zh-CN': `本部门已有该年度的预算（记录 ${existing}）。` } },
    ];
    // Another salesperson, by createRecord; the manager, by the typed mutation.
    expect(await paths.refusedCreate('sam', 'finance.budget', draft)).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: duplicate(id) });
    expect(await paths.refusedTypedCreate('sal', 'finance.budget', { budgetYear: 2027, basis: 'Typed', lines: [{ category: 'TRAVEL', item: 'Visits', amount: '10' }] }))
      .toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: duplicate(id) });
    // A 2028 budget moved to 2027 by updateRecord, or by the data of its submit.
    const next = await company.create<{ id: string }>('sam', 'finance.budget', { ...draft, budgetYear: 2028 });
    expect(await paths.refusedUpdate('sam', next.id, { budgetYear: 2027 })).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: duplicate(id) });
    expect(await paths.refusedTransition('sam', next.id, 'submit', { data: { budgetYear: 2027 } })).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: duplicate(id) });
    // Another department has its own 2027 budget.
    expect((await company.create<{ department: string }>('max', 'finance.budget', draft, 'department')).department).toBe('market');
    // A withdrawn budget no longer counts: the department drafts that year again.
    await move('sam', next.id, 'withdraw', 'Merged into the 2027 budget.');
    const again = await company.create<{ id: string; stage: { key: string } }>('sal', 'finance.budget', { ...draft, budgetYear: 2028 });
    expect(again.stage.key).toBe('draft');
  });

  it('cannot skip finance: no one but a finance officer passes the review on, and nobody approves before management', async () => {
    const submitted = await move('sal', id, 'submit');
    expect(submitted.stage.key).toBe('finance-review');
    expect(submitted.dueAt).not.toBeNull();

    // The department cannot forward its own budget to management: finance must review it.
    expect(await blocked('sal', id, 'forward')).toEqual([expect.objectContaining({ kind: 'permission', key: 'forward' })]);
    expect(await blocked('ceo', id, 'forward')).toEqual([expect.objectContaining({ kind: 'permission', key: 'forward' })]);
    // Nor is there any way to approved from the review.
    expect(await blocked('ceo', id, 'approve')).toEqual([expect.objectContaining({ kind: 'action', key: 'approve' })]);
  });

  it('is returned for revision by finance with the reasons, revised and submitted again', async () => {
    expect(await blocked('fiona', id, 'return')).toEqual([expect.objectContaining({ kind: 'comment' })]);
    const returned = await move('fiona', id, 'return', 'Travel is not itemised: split it by region.');
    expect(returned.stage.key).toBe('draft');
    expect(returned.history.at(-1)).toMatchObject({ type: 'transitioned', comment: 'Travel is not itemised: split it by region.', actor: { username: 'fiona' } });

    const { version } = await current('sal', id);
    const lines = [draft.lines[0], { category: 'travel', item: 'Customer visits, north', amount: '25000' }, { category: 'travel', item: 'Customer visits, south', amount: '20000.50' }, draft.lines[2]];
    const revised = (await company.ok('sal', `mutation($id: ID!, $data: JSON!, $v: Int!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { ${RECORD} } }`, { id, v: version, data: { lines } }))
      .updateRecord as RecordResult;
    expect(revised.data.total).toBe('545000.50');
    expect((await move('sal', id, 'submit')).stage.key).toBe('finance-review');
  });

  it('is reviewed by finance and waits for management: approving before the gate is refused', async () => {
    const { version } = await current('fiona', id);
    await company.ok('fiona', 'mutation($id: ID!, $v: Int!, $data: JSON!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { id } }', {
      id,
      v: version,
      data: { financeOpinion: 'Consistent with the sales plan, consolidated into the 2027 company budget.' },
    });
    const forwarded = await move('fiona', id, 'forward');
    expect(forwarded.stage.key).toBe('management-approval');
    const pending = forwarded.approvals.filter((a) => a.state === 'PENDING');
    // Each executive is asked (one approval each); the first decision decides for management.
    expect(pending.map((a) => a.gate)).toEqual(['management-approval', 'management-approval']);
    expect(pending.flatMap((a) => a.approvers.map((p) => p.username)).sort()).toEqual(['ceo', 'cfo']);

    // Management has not approved yet: the executive cannot close it, and neither can finance.
    expect(await blocked('ceo', id, 'approve')).toEqual([expect.objectContaining({ kind: 'gate', key: 'management-approval' })]);
    expect((await blocked('fiona', id, 'approve')).map((r) => [r.kind, r.key])).toEqual([
      ['permission', 'approve'],
      ['gate', 'management-approval'],
    ]);
  });

  it('goes back to the department when management rejects it, with the comment', async () => {
    const approval = await company.pendingApproval('cfo', id);
    // Finance, which forwarded it, is not asked and cannot decide for management.
    expect((await paths.refusedDecision('fiona', approval.id, 'APPROVE')).code).toBe('FORBIDDEN');
    const noComment = await company.refused('cfo', DECIDE, { id: approval.id, decision: 'REJECT' });
    expect(noComment.extensions?.code).toBe('VALIDATION_FAILED');
    await company.ok('cfo', DECIDE, { id: approval.id, decision: 'REJECT', comment: 'Hire one salesperson, not two.' });
    const record = await current('sal', id);
    expect(record.stage.key).toBe('draft');
    expect(record.history.find((h) => h.type === 'transitioned' && h.actor?.username === 'cfo')).toMatchObject({ comment: 'Hire one salesperson, not two.' });
  });

  it('is approved by management after revision and carries its approved amount', async () => {
    const { version, data } = await current('sal', id);
    const lines = (data.lines as { category: string; item: string; amount: string }[]).map((l) => (l.category === 'personnel' ? { ...l, item: 'One regional salesperson', amount: '160000' } : l));
    await company.ok('sal', 'mutation($id: ID!, $data: JSON!, $v: Int!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { id } }', { id, v: version, data: { lines } });
    await move('sal', id, 'submit');
    const forwarded = await move('fiona', id, 'forward');
    expect(forwarded.approvals.filter((a) => a.state === 'PENDING')).toHaveLength(2);

    await company.ok('ceo', DECIDE, { id: (await company.pendingApproval('ceo', id)).id, decision: 'APPROVE', comment: 'Approved.' });
    const approved = await move('ceo', id, 'approve');
    expect(approved.stage.key).toBe('approved');
    expect(approved.data).toMatchObject({ total: '385000.50', approvedAmount: '385000.50', paidAmount: '0.00', adjustedAmount: '0.00', remaining: '385000.50' });

    // Finance and management read every department's budget; another department does not.
    expect((await current('fiona', id)).data.approvedAmount).toBe('385000.50');
    expect((await company.refused('rita', `query { record(id: "${id}") { id } }`)).extensions?.code).toBe('FORBIDDEN');
  });
});
