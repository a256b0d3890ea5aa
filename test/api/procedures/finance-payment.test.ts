import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// finance.payment (资金结算): approved before it is paid, and never above what remains of its budget
// (the budget's `remaining` = approved amount + approved adjustments − paid payments, added up when read).
// Beside each rule's main path, the test tries another: the typed mutation, updateRecord instead of an
// action's data, another person, coming back to the approval stage.

let company: Company;
let paths: OtherPaths;
let budgetId: string;
beforeAll(async () => {
  company = await createCompany();
  paths = otherPaths(company);
  budgetId = await approvedBudget('100000');
});
afterAll(async () => {
  await company?.close();
});

const RECORD = 'id version stage { key } data approvals { id gate level round state approvers { username } }';
type Approval = { id: string; gate: string; level: number; round: number; state: string; approvers: { username: string }[] };
type RecordResult = { id: string; version: number; stage: { key: string }; data: Record<string, unknown>; approvals: Approval[] };
const current = (who: string, id: string) => company.record<RecordResult>(who, id, RECORD);
const move = (who: string, id: string, action: string, data?: Record<string, unknown>) => company.transition<RecordResult>(who, id, action, { data, fields: RECORD });
const reasons = (who: string, id: string, action: string, data?: Record<string, unknown>) => company.blockedReasons(who, id, action, { data });
const kindsAndKeys = async (who: string, id: string, action: string, data?: Record<string, unknown>) => (await reasons(who, id, action, data)).map((r) => [r.kind, r.key]);
async function approveAll(id: string, people: string[]): Promise<void> {
  for (const who of people) await company.decide(who, id, 'APPROVE');
}
/** Who is asked now, as `level: username` (levels count from 0). */
const pending = async (id: string) =>
  (await current('fiona', id)).approvals.filter((a) => a.state === 'PENDING').flatMap((a) => a.approvers.map((p) => `${a.level}: ${p.username}`)).sort();

/** A sales budget for `year` walked to `approved` (finance review, then management); one per department and year. */
async function approvedBudget(amount: string, year = 2027): Promise<string> {
  const created = (await company.ok('sam', 'mutation($d: JSON!) { createRecord(procedure: "finance.budget", data: $d) { id } }', {
    d: { budgetYear: year, basis: `Trade fairs for ${year}.`, lines: [{ category: 'marketing', item: 'Trade fairs', amount }] },
  })).createRecord as { id: string };
  await move('sam', created.id, 'submit');
  await move('fiona', created.id, 'forward');
  await approveAll(created.id, ['ceo']);
  const approved = await move('ceo', created.id, 'approve');
  expect(approved.stage.key).toBe('approved');
  return created.id;
}

const paymentData = (amount: string, budget = budgetId) => ({ budget, payee: 'Expo Centre Ltd', purpose: 'Stand rental', amount, method: 'bank-transfer' });

async function newPayment(amount: string, budget = budgetId, who = 'sam'): Promise<string> {
  const created = (await company.ok(who, 'mutation($d: JSON!) { createRecord(procedure: "finance.payment", data: $d) { id } }', { d: paymentData(amount, budget) })).createRecord as { id: string };
  return created.id;
}

describe('a payment', () => {
  it('is paid only after its approval, by the department manager and then finance', async () => {
    const id = await newPayment('30000');
    await move('sam', id, 'submit');
    expect(await reasons('fiona', id, 'release')).toEqual([expect.objectContaining({ kind: 'gate', key: 'payment-approval' })]);
    // The applicant may not release it either, and nobody but the person asked decides a level:
    // not the finance officer who releases, not the applicant.
    expect(await kindsAndKeys('sam', id, 'release')).toEqual([['permission', 'release'], ['gate', 'payment-approval']]);
    const managers = (await current('fiona', id)).approvals.find((a) => a.state === 'PENDING')!;
    expect(managers.approvers.map((p) => p.username)).toEqual(['sal']);
    expect((await paths.refusedDecision('fiona', managers.id, 'APPROVE')).code).toBe('FORBIDDEN');
    expect((await paths.refusedDecision('sam', managers.id, 'APPROVE')).code).toBe('FORBIDDEN');
    // While it is being approved, the amount is what was asked for: the applicant cannot change it.
    const raise = await paths.refusedUpdate('sam', id, { amount: '31000' });
    expect(raise).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['amount'] });

    await approveAll(id, ['sal', 'fred']);
    await move('fiona', id, 'release');
    expect((await reasons('fiona', id, 'pay')).map((r) => r.key)).toEqual(['paidOn', 'reference']);
    // Only finance records the payment: the applicant cannot fill in the bank details for it.
    expect(await paths.refusedUpdate('sam', id, { paidOn: '2026-12-01', reference: 'TRF-0001' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['paidOn', 'reference'] });
    // Finance pays from a sales budget it could not have picked for a payment of its own: the link
    // the payment already holds is not judged for the finance officer again.
    const paid = await move('fiona', id, 'pay', { paidOn: '2026-12-01', reference: 'TRF-0001' });
    expect(paid.stage.key).toBe('paid');
    const moves = (await paths.history('sam', id)).filter((h) => h.type === 'transitioned').map((h) => [h.actor?.username, h.toStage]);
    expect(moves).toEqual([['sam', 'approval'], ['fiona', 'payment'], ['fiona', 'paid']]);

    const budget = await current('fiona', budgetId);
    expect(budget.data).toMatchObject({ approvedAmount: '100000.00', paidAmount: '30000.00', remaining: '70000.00' });
  });

  it('is read by finance and management, not by other departments', async () => {
    const id = await newPayment('10');
    expect((await current('cfo', id)).stage.key).toBe('draft');
    expect((await current('fiona', id)).stage.key).toBe('draft');
    expect((await paths.refusedRead('hana', id)).code).toBe('FORBIDDEN');
    // A colleague of the applicant sees it (it is the sales department's), but may not change or submit it.
    expect(await paths.refusedUpdate('sara', id, { amount: '20' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['amount'] });
    expect(await kindsAndKeys('sara', id, 'submit')).toEqual([['permission', 'submit']]);
  });

  it('is not marked paid when it is created, through createRecord or the typed mutation', async () => {
    const early = { paidOn: '2026-12-01', reference: 'TRF-0000' };
    expect(await paths.refusedCreate('sam', 'finance.payment', { ...paymentData('100'), ...early })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['paidOn', 'reference'] });
    const typed = await paths.refusedTypedCreate('sam', 'finance.payment', { budget: budgetId, payee: 'Expo Centre Ltd', purpose: 'Stand rental', amount: '100', method: 'BANK_TRANSFER', ...early });
    expect(typed).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['paidOn', 'reference'] });
  });

  it('may not exceed what remains of its budget, checked again when it is paid', async () => {
    const tooMuch = await newPayment('80000');
    expect(await reasons('sam', tooMuch, 'submit')).toEqual([expect.objectContaining({ kind: 'rule', key: 'within-remaining-budget' })]);
    // Another salesperson, through the typed mutation, is held to the same remainder.
    const typed = await paths.typedCreate('sara', 'finance.payment', { budget: budgetId, payee: 'Fair Services', purpose: 'Booth', amount: '75000', method: 'CHEQUE' });
    expect(typed.stage.key).toBe('draft');
    expect(await reasons('sara', typed.id, 'submit')).toEqual([expect.objectContaining({ kind: 'rule', key: 'within-remaining-budget' })]);

    const first = await newPayment('50000');
    const second = await newPayment('40000');
    // Raising the amount in the submit's own data is checked as a saved amount would be, and nothing is kept.
    expect(await reasons('sam', first, 'submit', { amount: '80000' })).toEqual([expect.objectContaining({ kind: 'rule', key: 'within-remaining-budget' })]);
    expect((await current('sam', first)).data.amount).toBe('50000.00');
    for (const id of [first, second]) await move('sam', id, 'submit');
    // 50 000 needs no executive; both fit the 70 000 left while neither is paid.
    await approveAll(first, ['sal', 'fred']);
    await approveAll(second, ['sal', 'fred']);
    await move('fiona', first, 'release');
    await move('fiona', second, 'release');
    await move('fiona', first, 'pay', { paidOn: '2026-12-02', reference: 'TRF-0002' });
    // Only 20 000 remain now: the second payment can no longer be paid.
    expect((await reasons('fiona', second, 'pay', { paidOn: '2026-12-02', reference: 'TRF-0003' })).map((r) => r.key)).toContain('within-remaining-budget');
    // Nor can finance make it fit by lowering the approved amount on the way to paid.
    const lowered = await paths.refusedTransition('fiona', second, 'pay', { data: { paidOn: '2026-12-02', reference: 'TRF-0003', amount: '20000' } });
    expect(lowered).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['amount'] });
    expect((await current('fiona', budgetId)).data).toMatchObject({ paidAmount: '80000.00', remaining: '20000.00' });
  });

  it('links only to approved budgets, however the link is written', async () => {
    const draftBudget = (await company.ok('sam', 'mutation($d: JSON!) { createRecord(procedure: "finance.budget", data: $d) { id } }', {
      d: { budgetYear: 2028, basis: 'Next year.', lines: [{ category: 'marketing', item: 'Fairs', amount: '10' }] },
    })).createRecord as { id: string };
    const error = await company.refused('sam', 'mutation($d: JSON!) { createRecord(procedure: "finance.payment", data: $d) { id } }', {
      d: { budget: draftBudget.id, payee: 'X', purpose: 'Y', amount: '1', method: 'cash' },
    });
    expect(error.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [expect.objectContaining({ path: 'budget' })] });
    // The typed mutation, updateRecord and the submit's data are refused alike.
    expect(await paths.refusedTypedCreate('sam', 'finance.payment', { budget: draftBudget.id, payee: 'X', purpose: 'Y', amount: '1', method: 'CASH' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['budget'] });
    const id = await newPayment('1');
    expect(await paths.refusedUpdate('sam', id, { budget: draftBudget.id })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['budget'] });
    expect(await paths.refusedTransition('sam', id, 'submit', { data: { budget: draftBudget.id } })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['budget'] });
    expect((await current('sam', id)).data.budget).toBe(budgetId);
    // A finance officer may read every budget, but pays on a payment of her own only from finance's:
    // sales' budget is answered as an id no record has.
    const picked = await paths.refusedCreate('fiona', 'finance.payment', paymentData('1'));
    expect(picked).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['budget'] });
    expect(picked.fieldErrors[0]!.message.en).toBe(`no record has the id ${budgetId}`);
  });

  it('is approved again from the first level when a rejection sends it back and it is submitted again', async () => {
    const bigBudget = await approvedBudget('200000', 2029);
    const id = await newPayment('60000', bigBudget);
    await move('sam', id, 'submit');
    await approveAll(id, ['sal', 'fred']);
    // Above 50 000 the executives are asked after finance; one of them rejects.
    expect(await pending(id)).toEqual(['2: ceo', '2: cfo']);
    await company.decide('cfo', id, 'REJECT', 'Split the stand rental over two quarters.');
    const back = await current('sam', id);
    expect(back.stage.key).toBe('draft');
    expect((await paths.history('sam', id)).filter((h) => h.type === 'transitioned').at(-1)).toMatchObject({
      actor: { username: 'cfo' }, toStage: 'draft', comment: 'Split the stand rental over two quarters.', data: { gate: 'payment-approval', reason: 'rejected' },
    });

    // Resubmitted with a smaller amount: the round starts again with the department manager; the
    // earlier approvals of the manager and finance do not carry over.
    await company.update('sam', id, { amount: '40000' });
    await move('sam', id, 'submit');
    expect(await pending(id)).toEqual(['0: sal']);
    expect(await reasons('fiona', id, 'release')).toEqual([expect.objectContaining({ kind: 'gate', key: 'payment-approval' })]);
    await approveAll(id, ['sal', 'fred']);
    // 40 000 asks no executive this time.
    expect(await pending(id)).toEqual([]);
    expect((await move('fiona', id, 'release')).stage.key).toBe('payment');
  });
});
