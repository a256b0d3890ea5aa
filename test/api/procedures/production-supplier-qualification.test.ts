import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// production.supplier-qualification: a buyer applies, the quality inspector and the production
// manager evaluate and approve; a qualified supplier is on the list until it is disqualified, and a
// purchase order may name only a supplier on the list: when written, on every later write, and
// when production starts (`recheck`). Beside each rule's main path, the test tries another: the
// typed mutation, another person, an action's data.
let company: Company;
let paths: OtherPaths;
beforeAll(async () => {
  company = await createCompany();
  paths = otherPaths(company);
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
    const typed = { supplierName: 'X', contactPerson: 'Y', materialKinds: ['RAW_MATERIAL'], selectionMethod: 'TENDER' };
    expect((await paths.refusedTypedCreate('quinn', PROCEDURE, typed)).code).toBe('FORBIDDEN');
    // The buyer cannot score the supplier's quality on the application, by the typed mutation either.
    expect(await paths.refusedTypedCreate('bob', PROCEDURE, { ...typed, qualityScore: 100 })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['qualityScore'] });
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
    // The buyer who applied may not approve it, even with every score sent along.
    const byBuyer = await paths.refusedTransition('bob', id, 'approve', { data: { deliveryScore: 80, priceScore: 92 } });
    expect(byBuyer.reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(['permission', 'field', 'gate']));
  });

  it('is evaluated on quality by the inspector and on delivery and price by the buyer', async () => {
    // Only the quality inspector scores quality.
    const { version } = await read('bob', id);
    const wrong = await company.refused('bob', 'mutation($id: ID!, $v: Int!) { updateRecord(id: $id, data: { qualityScore: 90 }, expectedVersion: $v) { id } }', { id, v: version });
    expect(wrong.extensions?.code).toBe('VALIDATION_FAILED');
    await update('quinn', id, { qualityScore: 88, qualityNote: 'ISO 9001 certified, sample batch within tolerance.' });
    const scored = await update('bob', id, { deliveryScore: 80, priceScore: 92 });
    expect(scored.data).toMatchObject({ qualityScore: 88, deliveryScore: 80, priceScore: 92, overallScore: 86.7 });
    // Nor as the data of an action.
    expect(await paths.refusedTransition('bob', id, 'withdraw', { comment: 'x', data: { qualityScore: 99 } })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['qualityScore'] });
  });

  it('is approved by the quality inspector, then the production manager, and enters the qualified list', async () => {
    // The production manager cannot decide the quality inspector's level.
    const quality = await company.pendingApproval('quinn', id);
    expect((await paths.refusedDecision('pete', quality.id, 'APPROVE')).code).toBe('FORBIDDEN');
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
    // The buyer cannot take a supplier off the list.
    expect((await paths.refusedTransition('bob', other.id, 'disqualify', { comment: 'Late.' })).reasons).toEqual([expect.objectContaining({ kind: 'permission' })]);

    // A production order buys from it while it is listed.
    const order = await company.create<{ id: string }>('pia', 'production.order', {
      orderNo: 'SO-2026-0099', customer: 'Shanghai Auto Parts', product: 'Boxes', specification: 'Carton', quantity: 10, deliveryDate: '2026-09-30',
      equipmentCapacityOk: true, staffingOk: true, materialSupplyOk: true,
      batches: [{ batchNo: 'B1', quantity: 10, startDate: '2026-08-01', endDate: '2026-08-02', workshop: 'Workshop 1' }],
    });
    await company.transition('pia', order.id, 'release-plan');
    const line = { material: 'Cartons', kind: 'packaging', quantity: 10, neededBy: '2026-07-25', poNumber: 'PO-9', amount: '100.00', delivered: true, supplier: other.id };
    await update('bob', order.id, { purchaseLines: [line] });

    const gone = await move('pete', other.id, 'disqualify', { comment: 'Repeated late deliveries.' });
    expect(gone.stage.key).toBe('disqualified');
    const list = (await company.ok('bob', `{ records(procedure: "${PROCEDURE}", stage: "qualified") { nodes { id } } }`)).records as { nodes: { id: string }[] };
    expect(list.nodes.map((n) => n.id)).not.toContain(other.id);

    // Off the list, it is refused on the order's next write (its line kept as it was) and when production starts.
    const notListed = { en: `only records of ${PROCEDURE} in stage qualified may be linked`, 'zh-CN': expect.any(String) };
    expect(await paths.refusedUpdate('bob', order.id, { purchaseLines: [{ ...line, poNumber: 'PO-9a' }] })).toMatchObject({
      code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'purchaseLines.0.supplier', message: notListed }],
    });
    const start = await paths.refusedTransition('pia', order.id, 'start-production');
    expect(start).toMatchObject({ code: 'TRANSITION_BLOCKED', reasons: [{ kind: 'field', key: 'purchaseLines', message: { en: `"Purchase order lines" no longer holds: ${notListed.en}.` } }] });
    // The supplier still on the list replaces it, and production starts.
    await update('bob', order.id, { purchaseLines: [{ ...line, supplier: id }] });
    expect((await company.transition<{ stage: { key: string } }>('bob', order.id, 'start-production')).stage.key).toBe('production');
  });
});

describe('a rejected supplier', () => {
  it('is rejected by the quality inspector with a reason and never reaches the list', async () => {
    const created = (await company.ok('bob', `mutation($data: JSON!) { createRecord(procedure: "${PROCEDURE}", data: $data) { id } }`, { data: { ...application, supplierName: 'Cheap Parts Ltd.', selectionMethod: 'inquiry' } })).createRecord as { id: string };
    await move('bob', created.id, 'submit');
    await update('quinn', created.id, { qualityScore: 35, qualityNote: 'Sample failed hardness test.' });
    // The buyer who applied cannot reject (or spare) it.
    expect((await paths.refusedTransition('bob', created.id, 'reject', { comment: 'x' })).reasons).toEqual([expect.objectContaining({ kind: 'permission' })]);
    const rejected = await move('quinn', created.id, 'reject', { comment: 'Quality below standard.' });
    expect(rejected.stage.key).toBe('rejected');
  });
});
