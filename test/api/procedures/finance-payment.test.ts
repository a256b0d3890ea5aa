import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// finance.payment (资金结算): approved before it is paid, and never above what remains of its budget
// (the budget's `remaining` = approved amount + approved adjustments − paid payments, added up when read).

let company: Company;
let budgetId: string;
beforeAll(async () => {
  company = await createCompany();
  budgetId = await approvedBudget('100000');
});
afterAll(async () => {
  await company?.close();
});

const RECORD = 'id version stage { key } data approvals { id gate level state approvers { username } }';
type RecordResult = { id: string; version: number; stage: { key: string }; data: Record<string, unknown>; approvals: { id: string; state: string; approvers: { username: string }[] }[] };
const current = (who: string, id: string) => company.record<RecordResult>(who, id, RECORD);
const move = (who: string, id: string, action: string, data?: Record<string, unknown>) => company.transition<RecordResult>(who, id, action, { data, fields: RECORD });
const reasons = (who: string, id: string, action: string, data?: Record<string, unknown>) => company.blockedReasons(who, id, action, { data });
async function approveAll(id: string, people: string[]): Promise<void> {
  for (const who of people) await company.decide(who, id, 'APPROVE');
}

/** A sales budget walked to `approved` (finance review, then management). */
async function approvedBudget(amount: string): Promise<string> {
  const created = (await company.ok('sam', 'mutation($d: JSON!) { createRecord(procedure: "finance.budget", data: $d) { id } }', {
    d: { budgetYear: 2027, basis: 'Trade fairs for 2027.', lines: [{ category: 'marketing', item: 'Trade fairs', amount }] },
  })).createRecord as { id: string };
  await move('sam', created.id, 'submit');
  await move('fiona', created.id, 'forward');
  await approveAll(created.id, ['ceo']);
  const approved = await move('ceo', created.id, 'approve');
  expect(approved.stage.key).toBe('approved');
  return created.id;
}

async function newPayment(amount: string): Promise<string> {
  const created = (await company.ok('sam', 'mutation($d: JSON!) { createRecord(procedure: "finance.payment", data: $d) { id } }', {
    d: { budget: budgetId, payee: 'Expo Centre Ltd', purpose: 'Stand rental', amount, method: 'bank-transfer' },
  })).createRecord as { id: string };
  return created.id;
}

describe('a payment', () => {
  it('is paid only after its approval, by the department manager and then finance', async () => {
    const id = await newPayment('30000');
    await move('sam', id, 'submit');
    expect(await reasons('fiona', id, 'release')).toEqual([expect.objectContaining({ kind: 'gate', key: 'payment-approval' })]);
    await approveAll(id, ['sal', 'fred']);
    await move('fiona', id, 'release');
    expect((await reasons('fiona', id, 'pay')).map((r) => r.key)).toEqual(['paidOn', 'reference']);
    const paid = await move('fiona', id, 'pay', { paidOn: '2026-12-01', reference: 'TRF-0001' });
    expect(paid.stage.key).toBe('paid');

    const budget = await current('fiona', budgetId);
    expect(budget.data).toMatchObject({ approvedAmount: '100000.00', paidAmount: '30000.00', remaining: '70000.00' });
  });

  it('may not exceed what remains of its budget, checked again when it is paid', async () => {
    const tooMuch = await newPayment('80000');
    expect(await reasons('sam', tooMuch, 'submit')).toEqual([expect.objectContaining({ kind: 'rule', key: 'within-remaining-budget' })]);

    const first = await newPayment('50000');
    const second = await newPayment('40000');
    for (const id of [first, second]) await move('sam', id, 'submit');
    // 50 000 needs no executive; both fit the 70 000 left while neither is paid.
    await approveAll(first, ['sal', 'fred']);
    await approveAll(second, ['sal', 'fred']);
    await move('fiona', first, 'release');
    await move('fiona', second, 'release');
    await move('fiona', first, 'pay', { paidOn: '2026-12-02', reference: 'TRF-0002' });
    // Only 20 000 remain now: the second payment can no longer be paid.
    expect((await reasons('fiona', second, 'pay', { paidOn: '2026-12-02', reference: 'TRF-0003' })).map((r) => r.key)).toContain('within-remaining-budget');
    expect((await current('fiona', budgetId)).data).toMatchObject({ paidAmount: '80000.00', remaining: '20000.00' });
  });

  it('links only to approved budgets', async () => {
    const draftBudget = (await company.ok('sam', 'mutation($d: JSON!) { createRecord(procedure: "finance.budget", data: $d) { id } }', {
      d: { budgetYear: 2028, basis: 'Next year.', lines: [{ category: 'marketing', item: 'Fairs', amount: '10' }] },
    })).createRecord as { id: string };
    const error = await company.refused('sam', 'mutation($d: JSON!) { createRecord(procedure: "finance.payment", data: $d) { id } }', {
      d: { budget: draftBudget.id, payee: 'X', purpose: 'Y', amount: '1', method: 'cash' },
    });
    expect(error.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [expect.objectContaining({ path: 'budget' })] });
  });
});
