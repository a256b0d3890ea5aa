import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../support/company.js';

// Issue 11, part 4: links are not a side channel. A salesperson linked another department's budget
// to a payment and learnt its remaining amount from the blocked submit (16 updates, binary search);
// an unknown id and a forbidden one answered differently. Picking a record for a link now needs the
// right to read it and, where the field says so (`pick`), that it belongs to the right department.

let company: Company;
/** Sales' two approved budgets (the second is the more recent), a sales draft, marketing's approved budget. */
let sales: string;
let salesLater: string;
let salesDraft: string;
let market: string;
const UNKNOWN = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

const LINES = [{ category: 'marketing', item: 'Trade fairs', amount: '100000' }];
const CREATE = 'mutation($p: String!, $d: JSON!) { createRecord(procedure: $p, data: $d) { id version } }';
const UPDATE = 'mutation($id: ID!, $d: JSON!, $v: Int!) { updateRecord(id: $id, data: $d, expectedVersion: $v) { id } }';
const TRANSITION = 'mutation($id: ID!, $a: String!, $d: JSON, $v: Int!) { transition(id: $id, action: $a, data: $d, expectedVersion: $v) { id } }';
const TYPED_CREATE = `mutation($b: ID!) { createFinancePayment(input: { budget: $b, payee: "Expo Centre Ltd", purpose: "Stand rental", amount: "1000", method: BANK_TRANSFER }) { id } }`;
const CANDIDATES = `query($p: String!, $f: String!, $s: String, $n: Int, $record: ID) {
  linkCandidates(procedure: $p, field: $f, search: $s, first: $n, record: $record) { id title procedure stage { key label } }
}`;

interface Candidate { id: string; title: string; procedure: string; stage: { key: string; label: string } }

/** A finance.budget of `who`'s department for `year`, walked to `approved` unless `approve` is false. */
async function budget(who: string, year: number, basis: string, approve = true): Promise<string> {
  const { id } = (await company.ok(who, CREATE, { p: 'finance.budget', d: { budgetYear: year, basis, lines: LINES } })).createRecord as { id: string };
  if (!approve) return id;
  await company.transition(who, id, 'submit');
  await company.transition('fiona', id, 'forward');
  await company.decide('ceo', id, 'APPROVE');
  await company.transition('ceo', id, 'approve');
  return id;
}

const payment = (budgetId: string) => ({ budget: budgetId, payee: 'Expo Centre Ltd', purpose: 'Stand rental', amount: '1000', method: 'bank-transfer' });
const candidates = async (who: string, variables: Record<string, unknown> = {}) =>
  (await company.ok(who, CANDIDATES, { p: 'finance.payment', f: 'budget', ...variables })).linkCandidates as Candidate[];

/** The error with the id it names replaced: an unknown and a forbidden id must answer alike. */
function withoutId(error: unknown, id: string): unknown {
  return JSON.parse(JSON.stringify(error).replaceAll(id, '<id>'));
}

beforeAll(async () => {
  company = await createCompany();
  sales = await budget('sal', 2027, 'Sales plan 2027: trade fairs.');
  market = await budget('max', 2027, 'Market research 2027: panels.');
  salesDraft = await budget('sal', 2028, 'Sales plan 2028, not submitted yet.', false);
  salesLater = await budget('sal', 2029, 'Second half campaigns.');
});
afterAll(async () => {
  await company?.close();
});

describe('a link names only a record the writer may pick', () => {
  it('a salesperson cannot link another department\'s budget, and learns nothing of it', async () => {
    // createRecord: marketing's budget answers exactly as an id no record has.
    const forbidden = await company.refused('sam', CREATE, { p: 'finance.payment', d: payment(market) });
    const unknown = await company.refused('sam', CREATE, { p: 'finance.payment', d: payment(UNKNOWN) });
    expect(forbidden.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'budget', message: { en: `no record has the id ${market}` } }] });
    expect(withoutId(forbidden, market)).toEqual(withoutId(unknown, UNKNOWN));

    // The typed mutation goes the same way.
    const typedForbidden = await company.refused('sam', TYPED_CREATE, { b: market });
    const typedUnknown = await company.refused('sam', TYPED_CREATE, { b: UNKNOWN });
    expect(typedForbidden.extensions?.code).toBe('VALIDATION_FAILED');
    expect(withoutId(typedForbidden, market)).toEqual(withoutId(typedUnknown, UNKNOWN));

    // updateRecord and transition with data, on a payment that links a sales budget.
    const { id, version } = (await company.ok('sam', CREATE, { p: 'finance.payment', d: payment(sales) })).createRecord as { id: string; version: number };
    const updateForbidden = await company.refused('sam', UPDATE, { id, v: version, d: { budget: market, amount: '1' } });
    const updateUnknown = await company.refused('sam', UPDATE, { id, v: version, d: { budget: UNKNOWN, amount: '1' } });
    expect(updateForbidden.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'budget' }] });
    expect(withoutId(updateForbidden, market)).toEqual(withoutId(updateUnknown, UNKNOWN));
    const submitForbidden = await company.refused('sam', TRANSITION, { id, a: 'submit', v: version, d: { budget: market, amount: '200000' } });
    const submitUnknown = await company.refused('sam', TRANSITION, { id, a: 'submit', v: version, d: { budget: UNKNOWN, amount: '200000' } });
    expect(submitForbidden.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'budget' }] });
    expect(withoutId(submitForbidden, market)).toEqual(withoutId(submitUnknown, UNKNOWN));

    // Nothing was written: the payment still links the sales budget at its first version.
    expect(await company.record('sam', id, 'version data')).toMatchObject({ version, data: { budget: sales } });
  });

  it('a finance officer can still act on a payment linking a budget they could not pick', async () => {
    // Finance reads every budget, but pays from its own (pick: department actor): the sales budget
    // is not a finance officer's pick, and naming it answers as an unknown id does.
    expect(await company.record('fiona', salesLater, 'id')).toEqual({ id: salesLater });
    const error = await company.refused('fiona', CREATE, { p: 'finance.payment', d: payment(salesLater) });
    expect(error.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'budget', message: { en: `no record has the id ${salesLater}` } }] });

    const { id } = (await company.ok('sam', CREATE, { p: 'finance.payment', d: payment(salesLater) })).createRecord as { id: string };
    await company.transition('sam', id, 'submit');
    await company.decide('sal', id, 'APPROVE');
    await company.decide('fred', id, 'APPROVE');
    await company.transition('fiona', id, 'release');
    // The budget is kept as it was: not the finance officer's pick, and not re-judged as one.
    await company.update('fiona', id, { reference: 'TRF-0101' });
    const paid = await company.transition<{ stage: { key: string } }>('fiona', id, 'pay', { data: { paidOn: '2026-12-01', budget: salesLater } });
    expect(paid.stage.key).toBe('paid');
    expect((await company.record<{ data: Record<string, unknown> }>('fiona', salesLater, 'data')).data).toMatchObject({ paidAmount: '1000.00' });
  });
});

describe('linkCandidates', () => {
  it('linkCandidates lists only the budgets of my department', async () => {
    // Approved (the field's stages), readable, of the picker's department; most recent first.
    expect(await candidates('sam')).toEqual([
      { id: salesLater, title: 'Second half campaigns.', procedure: 'finance.budget', stage: { key: 'approved', label: 'Approved' } },
      { id: sales, title: 'Sales plan 2027: trade fairs.', procedure: 'finance.budget', stage: { key: 'approved', label: 'Approved' } },
    ]);
    expect((await candidates('max')).map((c) => c.id)).toEqual([market]);
    // Finance may read every budget and pick none of them: it has none of its own.
    expect(await candidates('fiona')).toEqual([]);
    // The budget adjustment picks the same way.
    expect((await candidates('sam', { p: 'finance.budget-adjustment' })).map((c) => c.id)).toEqual([salesLater, sales]);
  });

  it('searches like records(search:) and bounds first', async () => {
    expect((await candidates('sam', { s: 'second HALF' })).map((c) => c.id)).toEqual([salesLater]);
    // Marketing's budget matches the text, but is not sam's to pick.
    expect(await candidates('sam', { s: 'panels' })).toEqual([]);
    expect(await candidates('sam', { s: '100%' })).toEqual([]);
    expect((await candidates('sam', { n: 1 })).map((c) => c.id)).toEqual([salesLater]);
    expect((await candidates('sam', { n: 100000 })).map((c) => c.id)).toEqual([salesLater, sales]);
    expect(await candidates('sam', { n: 0 })).toEqual([]);
  });

  it('agrees with what a write accepts, for every budget and every picker', async () => {
    for (const who of ['sam', 'max', 'fiona']) {
      const offered = new Set((await candidates(who)).map((c) => c.id));
      for (const id of [sales, salesLater, salesDraft, market]) {
        const body = (await company.t.graphql(CREATE, { token: company.people[who]!.token, variables: { p: 'finance.payment', d: payment(id) } })).body;
        expect(body.errors === undefined, `${who} linking ${id}`).toBe(offered.has(id));
      }
    }
  });

  it('takes the record being edited, as its reader sees it', async () => {
    const { id } = (await company.ok('sam', CREATE, { p: 'finance.payment', d: payment(sales) })).createRecord as { id: string };
    expect((await candidates('sam', { record: id })).map((c) => c.id)).toEqual([salesLater, sales]);
    const CANDIDATES_FOR = 'query($p: String!, $r: ID) { linkCandidates(procedure: $p, field: "budget", record: $r) { id } }';
    // A record of another procedure, and one the caller may not read, are refused as reading them would be.
    const other = await company.refused('sam', CANDIDATES_FOR, { p: 'finance.payment', r: sales });
    expect(other.extensions?.code).toBe('BAD_REQUEST');
    expect(other.message).toMatch(/"record"/);
    expect((await company.refused('mia', CANDIDATES_FOR, { p: 'finance.payment', r: id })).extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an unknown procedure, an unknown field and a field that is not a link, naming the argument', async () => {
    const unknownProcedure = await company.refused('sam', CANDIDATES, { p: 'finance.nothing', f: 'budget' });
    expect(unknownProcedure.extensions?.code).toBe('BAD_REQUEST');
    expect(unknownProcedure.message).toMatch(/procedure/);
    const unknownField = await company.refused('sam', CANDIDATES, { p: 'finance.payment', f: 'nothing' });
    expect(unknownField.extensions?.code).toBe('BAD_REQUEST');
    expect(unknownField.message).toMatch(/field/);
    const notALink = await company.refused('sam', CANDIDATES, { p: 'finance.payment', f: 'payee' });
    expect(notALink.extensions?.code).toBe('BAD_REQUEST');
    expect(notALink.message).toMatch(/field/);
    const anonymous = await company.t.graphql(CANDIDATES, { variables: { p: 'finance.payment', f: 'budget' } });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
