import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// production.supplier-qualification: a buyer applies, the quality inspector and the production
// manager evaluate and approve; a qualified supplier is on the list until it is disqualified.
let company: Company;
beforeAll(async () => {
  company = await createCompany();
});
afterAll(async () => {
  await company?.close();
});

const PROCEDURE = 'production.supplier-qualification';
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

const application = {
  supplierName: 'Huadong Steel Co.',
  contactPerson: 'Zhang Wei',
  contactPhone: '+86 21 5555 0101',
  materialKinds: ['raw-material'],
  selectionMethod: 'tender',
  applicationReason: 'Lowest bid in the spring tender.',
};

describe('a supplier qualification', () => {
  let id: string;

  it('is started by a buyer, not by a salesperson', async () => {
    const refusal = await company.refused('sam', `mutation($data: JSON!) { createRecord(procedure: "${PROCEDURE}", data: $data) { id } }`, { data: application });
    expect(refusal.extensions?.code).toBe('FORBIDDEN');
    const created = (await company.ok('bob', `mutation($data: JSON!) { createRecord(procedure: "${PROCEDURE}", data: $data) { ${RECORD} } }`, { data: application })).createRecord as Rec;
    expect(created.stage.key).toBe('application');
    id = created.id;
  });

  it('goes to evaluation with a due date, and the quality inspector is asked first', async () => {
    const submitted = await move('bob', id, 'submit');
    expect(submitted.stage.key).toBe('evaluation');
    expect(submitted.dueAt).not.toBeNull();
    expect(submitted.approvals).toMatchObject([{ gate: 'qualification-approval', level: 0, state: 'PENDING', approvers: [{ username: 'quinn' }] }]);
  });

  it('cannot be approved before the evaluation is complete and both approvers have approved', async () => {
    const { code, reasons } = await blocked('pete', id, 'approve');
    expect(code).toBe('TRANSITION_BLOCKED');
    expect(reasons).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'field', key: 'qualityScore' }),
      expect.objectContaining({ kind: 'gate', key: 'qualification-approval' }),
    ]));
  });

  it('is evaluated on quality by the inspector and on delivery and price by the buyer', async () => {
    // Only the quality inspector scores quality.
    const { version } = await read('bob', id);
    const wrong = await company.refused('bob', 'mutation($id: ID!, $v: Int!) { updateRecord(id: $id, data: { qualityScore: 90 }, expectedVersion: $v) { id } }', { id, v: version });
    expect(wrong.extensions?.code).toBe('VALIDATION_FAILED');
    await update('quinn', id, { qualityScore: 88, qualityNote: 'ISO 9001 certified, sample batch within tolerance.' });
    const scored = await update('bob', id, { deliveryScore: 80, priceScore: 92 });
    expect(scored.data).toMatchObject({ qualityScore: 88, deliveryScore: 80, priceScore: 92, overallScore: 86.7 });
  });

  it('is approved by the quality inspector, then the production manager, and enters the qualified list', async () => {
    await decide('quinn', id, 'APPROVE');
    await decide('pete', id, 'APPROVE');
    const qualified = await move('pete', id, 'approve');
    expect(qualified.stage.key).toBe('qualified');
    const list = (await company.ok('bob', `{ records(procedure: "${PROCEDURE}", stage: "qualified") { nodes { id } } }`)).records as { nodes: { id: string }[] };
    expect(list.nodes.map((n) => n.id)).toContain(id);
  });

  it('can be taken off the list by the production manager, with a reason', async () => {
    const other = (await company.ok('bob', `mutation($data: JSON!) { createRecord(procedure: "${PROCEDURE}", data: $data) { id } }`, { data: { ...application, supplierName: 'Delta Packaging' } })).createRecord as { id: string };
    await move('bob', other.id, 'submit');
    await update('quinn', other.id, { qualityScore: 70 });
    await update('bob', other.id, { deliveryScore: 75, priceScore: 60 });
    await decide('quinn', other.id, 'APPROVE');
    await decide('pete', other.id, 'APPROVE');
    await move('pete', other.id, 'approve');
    const { reasons } = await blocked('pete', other.id, 'disqualify');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'comment' })]);
    const gone = await move('pete', other.id, 'disqualify', { comment: 'Repeated late deliveries.' });
    expect(gone.stage.key).toBe('disqualified');
  });
});

describe('a rejected supplier', () => {
  it('is rejected by the quality inspector with a reason and never reaches the list', async () => {
    const created = (await company.ok('bob', `mutation($data: JSON!) { createRecord(procedure: "${PROCEDURE}", data: $data) { id } }`, { data: { ...application, supplierName: 'Cheap Parts Ltd.', selectionMethod: 'inquiry' } })).createRecord as { id: string };
    await move('bob', created.id, 'submit');
    await update('quinn', created.id, { qualityScore: 35, qualityNote: 'Sample failed hardness test.' });
    const rejected = await move('quinn', created.id, 'reject', { comment: 'Quality below standard.' });
    expect(rejected.stage.key).toBe('rejected');
  });
});
