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

const read = (who: string, id: string) => company.record<Rec>(who, id, RECORD);
const move = (who: string, id: string, action: string, extra: { comment?: string; data?: Record<string, unknown> } = {}) => company.transition<Rec>(who, id, action, { ...extra, fields: RECORD });
const update = (who: string, id: string, data: Record<string, unknown>) => company.update<Rec>(who, id, data, RECORD);

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
    const { code, reasons } = await company.refusedTransition('pete', id, 'approve');
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
    await company.decide('quinn', id, 'APPROVE');
    await company.decide('pete', id, 'APPROVE');
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
    await company.decide('quinn', other.id, 'APPROVE');
    await company.decide('pete', other.id, 'APPROVE');
    await move('pete', other.id, 'approve');
    const { reasons } = await company.refusedTransition('pete', other.id, 'disqualify');
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
