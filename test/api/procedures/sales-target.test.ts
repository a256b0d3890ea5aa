import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// sales.target: a period target broken down by region and by salesperson; both breakdowns must add up
// to the total before it is submitted; the sales manager approves.
let company: Company;
beforeAll(async () => {
  company = await createCompany();
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
  });

  it('cannot be submitted while the salespeople do not add up to the total', async () => {
    await update('sam', id, {
      byRegion: [{ region: 'East China', amount: '2000000' }, { region: 'North China', amount: '1000000' }],
      bySalesperson: [{ salesperson: company.people.sam!.id, amount: '1500000' }, { salesperson: company.people.sara!.id, amount: '1499999.99' }],
    });
    const { reasons } = await company.refusedTransition('sam', id, 'submit');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'salespeople-match-total' })]);
  });

  it('is submitted once both breakdowns match, and approved by the sales manager', async () => {
    const fixed = await update('sam', id, { bySalesperson: [{ salesperson: company.people.sam!.id, amount: '1500000' }, { salesperson: company.people.sara!.id, amount: '1500000' }] });
    expect(fixed.data).toMatchObject({ regionTotal: '3000000.00', salespersonTotal: '3000000.00' });
    const submitted = await move('sam', id, 'submit');
    expect(submitted.stage.key).toBe('review');
    expect(submitted.dueAt).not.toBeNull();
    expect(submitted.approvals).toMatchObject([{ gate: 'target-approval', state: 'PENDING', approvers: [{ username: 'sal' }] }]);

    const early = await company.refusedTransition('sal', id, 'approve');
    expect(early.reasons).toEqual([expect.objectContaining({ kind: 'gate', key: 'target-approval' })]);
    const notManager = await company.refusedTransition('sara', id, 'approve');
    expect(notManager.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'permission' })]));

    await company.decide('sal', id, 'APPROVE');
    const approved = await move('sal', id, 'approve');
    expect(approved.stage.key).toBe('approved');
  });
});

describe('a rejected monthly target', () => {
  it('goes back to the draft for its author', async () => {
    const created = await create('sara', PROCEDURE, {
      periodType: 'monthly', year: 2026, month: 8, total: 500000,
      byRegion: [{ region: 'South China', amount: 500000 }],
      bySalesperson: [{ salesperson: company.people.sara!.id, amount: 500000 }],
    });
    await move('sara', created.id, 'submit');
    await company.decide('sal', created.id, 'REJECT', 'Too low for August.');
    expect((await read('sara', created.id)).stage.key).toBe('draft');
  });
});
