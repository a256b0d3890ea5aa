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

async function read(who: string, id: string): Promise<Rec> {
  return (await company.ok(who, `query($id: ID!) { record(id: $id) { ${RECORD} } }`, { id })).record as Rec;
}
async function move(who: string, id: string, action: string, extra: { comment?: string; data?: Record<string, unknown> } = {}): Promise<Rec> {
  const { version } = await read(who, id);
  const query = `mutation($id: ID!, $action: String!, $v: Int!, $comment: String, $data: JSON) { transition(id: $id, action: $action, expectedVersion: $v, comment: $comment, data: $data) { ${RECORD} } }`;
  return (await company.ok(who, query, { id, action, v: version, ...extra })).transition as Rec;
}
async function update(who: string, id: string, data: Record<string, unknown>): Promise<Rec> {
  const { version } = await read(who, id);
  return (await company.ok(who, `mutation($id: ID!, $data: JSON!, $v: Int!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { ${RECORD} } }`, { id, data, v: version })).updateRecord as Rec;
}
async function blocked(who: string, id: string, action: string): Promise<{ code: unknown; reasons: { kind: string; key: string }[] }> {
  const { version } = await read(who, id);
  const error = await company.refused(who, `mutation($id: ID!, $action: String!, $v: Int!) { transition(id: $id, action: $action, expectedVersion: $v) { id } }`, { id, action, v: version });
  return { code: error.extensions?.code, reasons: (error.extensions?.reasons ?? []) as { kind: string; key: string }[] };
}
async function decide(who: string, id: string, decision: 'APPROVE' | 'REJECT', comment?: string): Promise<void> {
  const record = await read(who, id);
  const approval = record.approvals.find((a) => a.state === 'PENDING' && a.approvers.some((p) => p.username === who));
  expect(approval, `${who} has a pending approval`).toBeDefined();
  await company.ok(who, 'mutation($id: ID!, $d: ApprovalDecision!, $c: String) { decideApproval(id: $id, decision: $d, comment: $c) { state } }', { id: approval!.id, d: decision, c: comment });
}

async function create(who: string, procedure: string, data: Record<string, unknown>): Promise<Rec> {
  return (await company.ok(who, `mutation($p: String!, $data: JSON!) { createRecord(procedure: $p, data: $data) { ${RECORD} } }`, { p: procedure, data })).createRecord as Rec;
}

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
    const { code, reasons } = await blocked('sam', id, 'submit');
    expect(code).toBe('TRANSITION_BLOCKED');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'regions-match-total' })]);
  });

  it('cannot be submitted while the salespeople do not add up to the total', async () => {
    await update('sam', id, {
      byRegion: [{ region: 'East China', amount: '2000000' }, { region: 'North China', amount: '1000000' }],
      bySalesperson: [{ salesperson: company.people.sam!.id, amount: '1500000' }, { salesperson: company.people.sara!.id, amount: '1499999.99' }],
    });
    const { reasons } = await blocked('sam', id, 'submit');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'salespeople-match-total' })]);
  });

  it('is submitted once both breakdowns match, and approved by the sales manager', async () => {
    const fixed = await update('sam', id, { bySalesperson: [{ salesperson: company.people.sam!.id, amount: '1500000' }, { salesperson: company.people.sara!.id, amount: '1500000' }] });
    expect(fixed.data).toMatchObject({ regionTotal: '3000000.00', salespersonTotal: '3000000.00' });
    const submitted = await move('sam', id, 'submit');
    expect(submitted.stage.key).toBe('review');
    expect(submitted.dueAt).not.toBeNull();
    expect(submitted.approvals).toMatchObject([{ gate: 'target-approval', state: 'PENDING', approvers: [{ username: 'sal' }] }]);

    const early = await blocked('sal', id, 'approve');
    expect(early.reasons).toEqual([expect.objectContaining({ kind: 'gate', key: 'target-approval' })]);
    const notManager = await blocked('sara', id, 'approve');
    expect(notManager.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'permission' })]));

    await decide('sal', id, 'APPROVE');
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
    await decide('sal', created.id, 'REJECT', 'Too low for August.');
    expect((await read('sara', created.id)).stage.key).toBe('draft');
  });
});
