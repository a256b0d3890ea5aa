import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// production.order: plan → procurement (qualified suppliers only) → production control (inspection per
// step) → finished goods inspection → warehousing (passed goods only) → shipped → closed.
let company: Company;
let qualifiedSupplier: string;
let unqualifiedSupplier: string;

beforeAll(async () => {
  company = await createCompany();
  // Two suppliers: one approved onto the qualified list, one still under evaluation.
  const supplier = { contactPerson: 'Li Na', materialKinds: ['raw-material'], selectionMethod: 'tender' };
  const listed = await create('bob', 'production.supplier-qualification', { ...supplier, supplierName: 'Huadong Steel Co.' });
  await move('bob', listed.id, 'submit');
  await update('quinn', listed.id, { qualityScore: 90 });
  await update('bob', listed.id, { deliveryScore: 85, priceScore: 80 });
  await company.decide('quinn', listed.id, 'APPROVE');
  await company.decide('pete', listed.id, 'APPROVE');
  expect((await move('pete', listed.id, 'approve')).stage.key).toBe('qualified');
  qualifiedSupplier = listed.id;
  const pending = await create('bob', 'production.supplier-qualification', { ...supplier, supplierName: 'Unvetted Metals' });
  await move('bob', pending.id, 'submit');
  unqualifiedSupplier = pending.id;
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
async function updateRefused(who: string, id: string, data: Record<string, unknown>): Promise<{ code: unknown; fieldErrors: { path: string; message: { en: string } }[] }> {
  const { version } = await read(who, id);
  const error = await company.refused(who, 'mutation($id: ID!, $data: JSON!, $v: Int!) { updateRecord(id: $id, data: $data, expectedVersion: $v) { id } }', { id, data, v: version });
  return { code: error.extensions?.code, fieldErrors: (error.extensions?.fieldErrors ?? []) as { path: string; message: { en: string } }[] };
}

const PROCEDURE = 'production.order';
const order = {
  orderNo: 'SO-2026-0042',
  customer: 'Shanghai Auto Parts',
  product: 'Bracket B-200',
  specification: 'Steel bracket, 200 mm, zinc plated',
  quantity: 1000,
  deliveryDate: '2026-09-30',
  batches: [{ batchNo: 'B1', quantity: 600, startDate: '2026-08-01', endDate: '2026-08-10', workshop: 'Workshop 1' }],
};
const line = { material: 'Steel sheet 2 mm', kind: 'raw-material', quantity: 5000, neededBy: '2026-07-25', poNumber: 'PO-7781', amount: '125000.00', delivered: false };

describe('a production order', () => {
  let id: string;

  it('is planned by the production planner from the order analysis', async () => {
    const refusal = await company.refused('sam', 'mutation($data: JSON!) { createRecord(procedure: "production.order", data: $data) { id } }', { data: order });
    expect(refusal.extensions?.code).toBe('FORBIDDEN');
    const created = await create('pia', PROCEDURE, order);
    expect(created.stage.key).toBe('planning');
    expect(created.data).toMatchObject({ plannedQuantity: 600, equipmentCapacityOk: false });
    id = created.id;
  });

  it('is released only when capacity is confirmed and the batches cover the order', async () => {
    const { code, reasons } = await company.refusedTransition('pia', id, 'release-plan');
    expect(code).toBe('TRANSITION_BLOCKED');
    expect(reasons).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'guard' }),
      expect.objectContaining({ kind: 'rule', key: 'plan-covers-order' }),
    ]));
    await update('pia', id, {
      equipmentCapacityOk: true, staffingOk: true, materialSupplyOk: true,
      batches: [...order.batches, { batchNo: 'B2', quantity: 400, startDate: '2026-08-11', endDate: '2026-08-20', workshop: 'Workshop 2' }],
    });
    const released = await move('pia', id, 'release-plan');
    expect(released.stage.key).toBe('procurement');
    expect(released.dueAt).not.toBeNull();
  });

  it('buys only from suppliers on the qualified supplier list', async () => {
    const { code, fieldErrors } = await updateRefused('bob', id, { purchaseLines: [{ ...line, supplier: unqualifiedSupplier }] });
    expect(code).toBe('VALIDATION_FAILED');
    expect(fieldErrors).toEqual([{ path: 'purchaseLines.0.supplier', message: expect.objectContaining({ en: expect.stringContaining('qualified') }) }]);
    const bought = await update('bob', id, { purchaseLines: [{ ...line, supplier: qualifiedSupplier }] });
    expect(bought.data).toMatchObject({ purchaseTotal: '125000.00' });
  });

  it('starts production once every purchase order line is delivered', async () => {
    const { reasons } = await company.refusedTransition('bob', id, 'start-production');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'materials-delivered' })]);
    await update('bob', id, { purchaseLines: [{ ...line, supplier: qualifiedSupplier, delivered: true }] });
    expect((await move('bob', id, 'start-production')).stage.key).toBe('production');
  });

  it('finishes production only when every process step passed its quality inspection', async () => {
    await update('pia', id, { fiveSChecked: true, progressPercent: 60, adjustments: [{ cause: 'equipment-failure', description: 'Press 3 down for a day, B2 moved one day', adjustedOn: '2026-08-12' }] });
    await update('quinn', id, { stepInspections: [
      { step: 'Cutting', inspectedOn: '2026-08-05', result: 'passed' },
      { step: 'Plating', inspectedOn: '2026-08-15', result: 'failed', note: 'Uneven coating' },
    ] });
    const { reasons } = await company.refusedTransition('pete', id, 'complete-production');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'every-step-inspected' })]);
    await update('quinn', id, { stepInspections: [
      { step: 'Cutting', inspectedOn: '2026-08-05', result: 'passed' },
      { step: 'Plating', inspectedOn: '2026-08-17', result: 'passed', note: 'Re-plated' },
    ] });
    await update('pia', id, { progressPercent: 100 });
    const done = await move('pia', id, 'complete-production');
    expect(done.stage.key).toBe('final-inspection');
    expect(done.dueAt).not.toBeNull();
  });

  it('warehouses only finished goods that passed inspection', async () => {
    await update('quinn', id, { finalInspectionResult: 'failed', inspectedQuantity: 1000, finalInspectionReport: 'Packaging damaged' });
    const { code, reasons } = await company.refusedTransition('wendy', id, 'warehouse');
    expect(code).toBe('TRANSITION_BLOCKED');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'only-passed-goods-warehoused' })]);
    await update('quinn', id, { finalInspectionResult: 'passed', finalInspectionReport: 'Repacked, all within specification' });
    expect((await move('wendy', id, 'warehouse')).stage.key).toBe('warehoused');
  });

  it('is shipped with a delivery record and closed after the customer feedback', async () => {
    const { reasons } = await company.refusedTransition('wendy', id, 'ship');
    expect(reasons.map((r) => r.key)).toEqual(['warehouseLocation', 'storedOn', 'shippedOn', 'deliveryRecord']);
    await update('wendy', id, { warehouseLocation: 'A-03-2', storedOn: '2026-08-22', shippedOn: '2026-09-25', deliveryRecord: 'SF Express waybill 9912-334' });
    expect((await move('wendy', id, 'ship')).stage.key).toBe('shipped');
    await update('sam', id, { customerFeedback: 'Received in good order.' });
    const closed = await move('pia', id, 'close');
    expect(closed.stage.key).toBe('closed');
  });
});

describe('the rework path', () => {
  it('sends failed goods back to production with a reason', async () => {
    const created = await create('pia', PROCEDURE, { ...order, orderNo: 'SO-2026-0043', quantity: 600, equipmentCapacityOk: true, staffingOk: true, materialSupplyOk: true });
    await move('pia', created.id, 'release-plan');
    await update('bob', created.id, { purchaseLines: [{ ...line, supplier: qualifiedSupplier, delivered: true }] });
    await move('bob', created.id, 'start-production');
    await update('quinn', created.id, { stepInspections: [{ step: 'Cutting', inspectedOn: '2026-08-05', result: 'passed' }] });
    await move('pia', created.id, 'complete-production');
    const back = await move('quinn', created.id, 'rework', { comment: 'Burrs on the edges' });
    expect(back.stage.key).toBe('production');
  });
});
