import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createCompany, type Company } from '../support/company.js';
import { definitionsWithRiskNote } from '../support/world.js';

// `formState`: the server's own answer to what a generated form shows, requires, computes and
// lets the caller change, for the draft the form holds — what the admin UI renders its forms from.

const FORM_STATE = `query($procedure: String!, $recordId: ID, $data: JSON!) {
  formState(procedure: $procedure, recordId: $recordId, data: $data) { data fields { path visible required editable } fieldErrors { path message } }
}`;

interface FieldState {
  path: string;
  visible: boolean;
  required: boolean;
  editable: boolean;
}
interface FormState {
  data: Record<string, unknown>;
  fields: FieldState[];
  fieldErrors: { path: string; message: string }[];
}

const field = (state: FormState, path: string) => state.fields.find((f) => f.path === path);
const editable = (state: FormState) => state.fields.filter((f) => f.editable).map((f) => f.path);

describe('formState on the shipped procedures', () => {
  let company: Company;
  const formState = async (who: string, procedure: string, data: Record<string, unknown>, recordId?: string) =>
    (await company.ok(who, FORM_STATE, { procedure, data, recordId })).formState as FormState;

  beforeAll(async () => {
    company = await createCompany();
  });
  afterAll(async () => {
    await company?.close();
  });

  const application = {
    budgetYear: 2027,
    reason: 'market-change',
    currentAmount: '1000000.10',
    requestedAmount: '1000000.30',
    explanation: 'Two more trade fairs.',
    lines: [
      { item: 'Trade fair', amount: '0.10' },
      { item: 'Second trade fair', amount: '0.20' },
    ],
  };

  it('shows and requires "which other reason" only while the reason is "other"', async () => {
    const market = await formState('sam', 'finance.budget-adjustment', { reason: 'market-change', reasonDetail: 'left over' });
    expect(field(market, 'reasonDetail')).toEqual({ path: 'reasonDetail', visible: false, required: false, editable: false });
    // A hidden field is not kept, as a save would not keep it.
    expect(market.data).not.toHaveProperty('reasonDetail');

    const other = await formState('sam', 'finance.budget-adjustment', { reason: 'other' });
    expect(field(other, 'reasonDetail')).toEqual({ path: 'reasonDetail', visible: true, required: true, editable: true });
    expect(other.fieldErrors.map((e) => e.path)).toContain('reasonDetail');
    expect(field(other, 'reason')).toMatchObject({ visible: true, required: true, editable: true });
    // Columns are described too, under their table.
    expect(field(other, 'lines.amount')).toEqual({ path: 'lines.amount', visible: true, required: true, editable: true });
  });

  it('computes money totals exactly, as the person types', async () => {
    const state = await formState('sam', 'finance.budget-adjustment', application);
    // 0.10 + 0.20 in binary floating point is 0.30000000000000004; money is decimal text.
    expect(state.data).toMatchObject({ linesTotal: '0.30', difference: '0.20', currentAmount: '1000000.10', requestedAmount: '1000000.30' });
    expect(field(state, 'linesTotal')).toMatchObject({ visible: true, editable: false });
    expect(field(state, 'difference')).toMatchObject({ visible: true, editable: false });

    const more = await formState('sam', 'finance.budget-adjustment', { ...application, lines: [...application.lines, { item: 'Booth', amount: '12345.675' }] });
    // The amount has too many decimals: the total leaves it out, and the error names its cell.
    expect(more.fieldErrors.map((e) => e.path)).toContain('lines.2.amount');
    const typed = await formState('sam', 'finance.budget-adjustment', { ...application, lines: [...application.lines, { item: 'Booth', amount: '12345.67' }] });
    expect(typed.data.linesTotal).toBe('12345.97');
    expect(typed.fieldErrors).toEqual([]);
  });

  it('lets each person change only what their stage gives them', async () => {
    const created = await company.create<{ id: string }>('sam', 'finance.budget-adjustment', application);
    const asSam = await formState('sam', 'finance.budget-adjustment', {}, created.id);
    expect(editable(asSam).sort()).toEqual(['budget', 'budgetYear', 'currentAmount', 'explanation', 'lines', 'lines.amount', 'lines.item', 'reason', 'requestedAmount'].sort());
    expect(asSam.data).toMatchObject({ linesTotal: '0.30', explanation: 'Two more trade fairs.' });

    // The department's manager may read the application, but it is not theirs to change.
    const asSal = await formState('sal', 'finance.budget-adjustment', {}, created.id);
    expect(editable(asSal)).toEqual([]);
    expect(asSal.data).toMatchObject({ linesTotal: '0.30' });

    // A draft of what the caller may not change is not refused: the stored value stands.
    const salDraft = await formState('sal', 'finance.budget-adjustment', { explanation: 'Changed by the manager', currentAmount: '5' }, created.id);
    expect(salDraft.data).toMatchObject({ explanation: 'Two more trade fairs.', currentAmount: '1000000.10' });
    expect(salDraft.fieldErrors).toEqual([]);

    // Sam's draft is merged over the stored data as updateRecord would merge it; null clears.
    const samDraft = await formState('sam', 'finance.budget-adjustment', { requestedAmount: '1000001.10', explanation: null }, created.id);
    expect(samDraft.data).toMatchObject({ requestedAmount: '1000001.10', difference: '1.00', budgetYear: 2027 });
    expect(samDraft.data).not.toHaveProperty('explanation');

    // In the approval stage nobody may change the application any more.
    const budget = await approvedBudget(company);
    // With nothing typed yet, the form shows the record as reading it does, rollups included.
    const budgetState = await formState('sal', 'finance.budget', {}, budget);
    const { data: stored } = await company.record<{ data: Record<string, unknown> }>('sal', budget, 'data');
    expect(budgetState.data).toEqual(stored);
    expect(budgetState.data).toMatchObject({ paidAmount: '0.00', remaining: '500000.00' });
    expect(editable(budgetState)).toEqual([]);
    await company.update('sam', created.id, { budget, lines: [{ item: 'Trade fairs', amount: '1000000.30' }] });
    await company.transition('sam', created.id, 'submit');
    const submitted = await formState('sam', 'finance.budget-adjustment', { explanation: 'Too late' }, created.id);
    expect(editable(submitted)).toEqual([]);
    expect(submitted.data.explanation).toBe('Two more trade fairs.');
  });

  it('shows on create only the first stage as inputs: later-stage fields are not editable', async () => {
    // A performance review is opened by a manager; the scores are given in later stages.
    const review = await formState('sal', 'hr.performance-review', { supervisorScore: 90, bonus: false });
    expect(editable(review)).toEqual(expect.arrayContaining(['employee', 'post', 'cycle', 'periodEnd', 'indicators', 'peer', 'customerRater']));
    for (const later of ['supervisorScore', 'peerScore', 'selfScore', 'customerScore', 'feedbackSummary', 'bonus', 'promotion']) {
      expect(field(review, later), later).toMatchObject({ editable: false });
    }
    expect(review.data).not.toHaveProperty('supervisorScore');
    // Nothing is refused for what the form filled in by itself.
    expect(review.fieldErrors.map((e) => e.path)).not.toContain('bonus');
    expect(review.fieldErrors.map((e) => e.path)).not.toContain('supervisorScore');
  });

  it('never shows fields the caller may not read', async () => {
    // The salary outcome is for HR only: another department's manager does not learn of it.
    const asSal = await formState('sal', 'hr.performance-review', { salaryOutcome: 'raise' });
    expect(asSal.fields.map((f) => f.path)).not.toContain('salaryOutcome');
    expect(asSal.fields.map((f) => f.path)).not.toContain('salaryChange');
    expect(asSal.data).not.toHaveProperty('salaryOutcome');
    // The HR manager reads it (it is not theirs to fill in when the review is opened).
    const asHugo = await formState('hugo', 'hr.performance-review', {});
    expect(field(asHugo, 'salaryOutcome')).toEqual({ path: 'salaryOutcome', visible: true, required: false, editable: false });
  });

  it('refuses a record the caller may not read, as reading it would', async () => {
    const created = await company.create<{ id: string }>('sam', 'finance.budget-adjustment', application);
    const read = await company.refused('pia', 'query($id: ID!) { record(id: $id) { id } }', { id: created.id });
    const form = await company.refused('pia', FORM_STATE, { procedure: 'finance.budget-adjustment', recordId: created.id, data: {} });
    expect(form.extensions?.code).toBe(read.extensions?.code);
    expect(form.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(form)).not.toContain('Trade fair');

    const missing = await company.refused('sam', FORM_STATE, { procedure: 'finance.budget-adjustment', recordId: '00000000-0000-4000-8000-000000000000', data: {} });
    expect(missing.extensions?.code).toBe('NOT_FOUND');
    const notAnId = await company.refused('sam', FORM_STATE, { procedure: 'finance.budget-adjustment', recordId: 'nope', data: {} });
    expect(notAnId.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers a new form only to those who may start the procedure', async () => {
    // A performance review is opened by managers only.
    const error = await company.refused('sam', FORM_STATE, { procedure: 'hr.performance-review', data: {} });
    expect(error.extensions?.code).toBe('FORBIDDEN');
    const unknown = await company.refused('sam', FORM_STATE, { procedure: 'no.such-procedure', data: {} });
    expect(unknown.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses bad input with a coded error, never an internal one', async () => {
    const notAnObject = await company.refused('sam', FORM_STATE, { procedure: 'finance.budget-adjustment', data: [1, 2] });
    expect(notAnObject.extensions?.code).toBe('BAD_REQUEST');
    const created = await company.create<{ id: string }>('sam', 'finance.budget-adjustment', application);
    const otherProcedure = await company.refused('sam', FORM_STATE, { procedure: 'finance.budget', recordId: created.id, data: {} });
    expect(otherProcedure.extensions?.code).toBe('BAD_REQUEST');
    // Nonsense values are the draft's problems, reported per field.
    const nonsense = await formState('sam', 'finance.budget-adjustment', { lines: 'many', currentAmount: { a: 1 }, budgetYear: 'soon', nope: 1 });
    expect(nonsense.fieldErrors.map((e) => e.path)).toEqual(expect.arrayContaining(['lines', 'currentAmount', 'budgetYear', 'nope']));
    const anonymous = await company.t.graphql(FORM_STATE, { variables: { procedure: 'finance.budget-adjustment', data: {} } });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

/** The sales department's approved budget (finance.budget), as sal, fiona and the CEO approve it. */
async function approvedBudget(company: Company): Promise<string> {
  const { id } = await company.create<{ id: string }>('sal', 'finance.budget', { budgetYear: 2027, basis: 'Sales plan 2027', lines: [{ category: 'marketing', item: 'Trade fairs', amount: '500000' }] });
  await company.transition('sal', id, 'submit');
  await company.transition('fiona', id, 'forward');
  await company.decide('ceo', id, 'APPROVE');
  await company.transition('ceo', id, 'approve');
  return id;
}

describe('formState and a field only finance officers may read', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let recordId: string;
  const formState = async (who: string, data: Record<string, unknown>) => {
    const result = await t.graphql(FORM_STATE, { token: tokens[who], variables: { procedure: 'test.budget-adjustment', recordId, data } });
    expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
    return (result.body.data as { formState: FormState }).formState;
  };

  beforeAll(async () => {
    t = await createTestApp(await definitionsWithRiskNote());
    tokens.alice = (await t.user('alice', { department: 'sales' })).token;
    tokens.fiona = (await t.user('fiona', { department: 'finance', roles: ['finance-officer'] })).token;
    const run = async (who: string, query: string, variables: Record<string, unknown>) => {
      const result = await t.graphql(query, { token: tokens[who], variables });
      expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
      return result.body.data as Record<string, { id: string; version: number }>;
    };
    const created = await run('alice', 'mutation($data: JSON!) { createRecord(procedure: "test.budget-adjustment", data: $data) { id version } }', {
      data: { title: 'Trade fair', currentAmount: '100', requestedAmount: '150' },
    });
    recordId = created.createRecord!.id;
    const submitted = await run('alice', 'mutation($id: ID!, $v: Int!) { transition(id: $id, action: "submit", expectedVersion: $v) { id version } }', { id: recordId, v: created.createRecord!.version });
    await run('fiona', 'mutation($id: ID!, $v: Int!, $data: JSON!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { id version } }', {
      id: recordId,
      v: submitted.transition!.version,
      data: { riskNote: 'Exchange rate exposure' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives the finance officer the note and the right to change it', async () => {
    const state = await formState('fiona', {});
    expect(state.data.riskNote).toBe('Exchange rate exposure');
    expect(state.fields.find((f) => f.path === 'riskNote')).toEqual({ path: 'riskNote', visible: true, required: false, editable: true });
    expect(state.fields.filter((f) => f.editable).map((f) => f.path).sort()).toEqual(['approvedOn', 'riskNote']);
  });

  it('never shows the note to the applicant: not its value, not its field, not its errors', async () => {
    const state = await formState('alice', { riskNote: 'x'.repeat(100_000), requestedAmount: '160' });
    expect(JSON.stringify(state)).not.toContain('Exchange rate');
    expect(state.data).not.toHaveProperty('riskNote');
    expect(state.fields.map((f) => f.path)).not.toContain('riskNote');
    expect(state.fieldErrors.map((e) => e.path)).not.toContain('riskNote');
    // What the applicant may change in review: the requested amount, and the increase follows it.
    expect(state.fields.filter((f) => f.editable).map((f) => f.path)).toEqual(['requestedAmount']);
    expect(state.data).toMatchObject({ requestedAmount: '160.00', increase: '60.00' });
  });
});
