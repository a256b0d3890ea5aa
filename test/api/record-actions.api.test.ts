import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../support/company.js';

// `record { actions { allowed reasons } }` is the engine's dry run of each action; it must read the
// same directory the command reads, or a rule over a linked record answers "allowed" on the record
// page and then refuses the click.
let company: Company;
beforeAll(async () => {
  company = await createCompany();
});
afterAll(async () => {
  await company?.close();
});

type Action = { key: string; allowed: boolean; reasons: { kind: string; key: string }[] };

describe("a record's actions", () => {
  it('show a payment above its budget as blocked, as the submit then is (the dry run did not read the linked budget)', async () => {
    const budget = (await company.ok('sam', 'mutation($d: JSON!) { createRecord(procedure: "finance.budget", data: $d) { id } }', {
      d: { budgetYear: 2031, basis: 'Trade fairs.', lines: [{ category: 'marketing', item: 'Trade fairs', amount: '1000' }] },
    })).createRecord as { id: string };
    await company.transition('sam', budget.id, 'submit');
    await company.transition('fiona', budget.id, 'forward');
    await company.decide('ceo', budget.id, 'APPROVE');
    await company.transition('ceo', budget.id, 'approve');

    const payment = (await company.ok('sam', 'mutation($d: JSON!) { createRecord(procedure: "finance.payment", data: $d) { id } }', {
      d: { budget: budget.id, payee: 'Expo Centre Ltd', purpose: 'Stand rental', amount: '5000', method: 'bank-transfer' },
    })).createRecord as { id: string };
    const shown = (await company.record<{ actions: Action[] }>('sam', payment.id, 'actions { key allowed reasons { kind key } }')).actions;
    expect(shown.find((a) => a.key === 'submit')).toMatchObject({ allowed: false, reasons: [{ kind: 'rule', key: 'within-remaining-budget' }] });
    expect(await company.blockedReasons('sam', payment.id, 'submit')).toEqual([expect.objectContaining({ kind: 'rule', key: 'within-remaining-budget' })]);
  });
});
