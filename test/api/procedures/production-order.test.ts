import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// production.order: plan → procurement (qualified suppliers only) → production control (inspection per
// step) → finished goods inspection → warehousing (passed goods only) → shipped → closed. Beside each
// rule's main path the test tries another: the typed mutation, the action's own data, another role of
// production, sales (who read the order), a supplier disqualified after it was bought from.
let company: Company;
let paths: OtherPaths;
let qualifiedSupplier: string;
let unqualifiedSupplier: string;

const SUPPLIER = { contactPerson: 'Li Na', materialKinds: ['raw-material'], selectionMethod: 'tender' };
/** A supplier walked onto the qualified list by the buyer, the quality inspector and the production manager. */
async function qualify(supplierName: string): Promise<string> {
  const listed = await create('bob', 'production.supplier-qualification', { ...SUPPLIER, supplierName });
  await move('bob', listed.id, 'submit');
  await update('quinn', listed.id, { qualityScore: 90 });
  await update('bob', listed.id, { deliveryScore: 85, priceScore: 80 });
  await company.decide('quinn', listed.id, 'APPROVE');
  await company.decide('pete', listed.id, 'APPROVE');
  expect((await move('pete', listed.id, 'approve')).stage.key).toBe('qualified');
  return listed.id;
}

beforeAll(async () => {
  company = await createCompany();
  paths = otherPaths(company);
  // Two suppliers: one approved onto the qualified list, one still under evaluation.
  qualifiedSupplier = await qualify('Huadong Steel Co.');
  const pending = await create('bob', 'production.supplier-qualification', { ...SUPPLIER, supplierName: 'Unvetted Metals' });
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
const kindsAndKeys = async (who: string, id: string, action: string, extra: { comment?: string; data?: Record<string, unknown> } = {}) =>
  (await company.blockedReasons(who, id, action, extra)).map((r) => [r.kind, r.key]);
const line = { material: 'Steel sheet 2 mm', kind: 'raw-material', quantity: 5000, neededBy: '2026-07-25', poNumber: 'PO-7781', amount: '125000.00', delivered: false };

describe('a production order', () => {
  let id: string;

  it('is planned by the production planner from the order analysis', async () => {
    const refusal = await company.refused('sam', 'mutation($data: JSON!) { createRecord(procedure: "production.order", data: $data) { id } }', { data: order });
    expect(refusal.extensions?.code).toBe('FORBIDDEN');
    // Nor through the typed mutation, nor for the buyer: planners and managers of production plan orders.
    expect((await paths.refusedTypedCreate('sam', PROCEDURE, order)).code).toBe('FORBIDDEN');
    expect((await paths.refusedCreate('bob', PROCEDURE, order)).code).toBe('FORBIDDEN');
    // Material is bought once the plan is released, not written into the plan.
    expect(await paths.refusedTypedCreate('pia', PROCEDURE, { ...order, purchaseLines: [{ ...line, kind: 'RAW_MATERIAL', supplier: qualifiedSupplier }] })).toMatchObject({
      code: 'VALIDATION_FAILED', paths: ['purchaseLines'],
    });
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
    // The buyer neither confirms the capacity nor releases the plan.
    expect(await paths.refusedUpdate('bob', id, { equipmentCapacityOk: true })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['equipmentCapacityOk'] });
    expect((await company.blockedReasons('bob', id, 'release-plan')).map((r) => r.kind)).toEqual(expect.arrayContaining(['permission', 'guard']));
    await update('pia', id, {
      equipmentCapacityOk: true, staffingOk: true, materialSupplyOk: true,
      batches: [...order.batches, { batchNo: 'B2', quantity: 400, startDate: '2026-08-11', endDate: '2026-08-20', workshop: 'Workshop 2' }],
    });
    // Withdrawn in the release's own data, a confirmation or a batch counts as withdrawn, and nothing is kept.
    expect((await company.blockedReasons('pia', id, 'release-plan', { data: { staffingOk: false } })).map((r) => r.kind)).toEqual(['guard']);
    expect(await kindsAndKeys('pia', id, 'release-plan', { data: { batches: order.batches } })).toEqual([['rule', 'plan-covers-order']]);
    expect((await read('pia', id)).data).toMatchObject({ staffingOk: true, plannedQuantity: 1000 });
    const released = await move('pia', id, 'release-plan');
    expect(released.stage.key).toBe('procurement');
    expect(released.dueAt).not.toBeNull();
  });

  it('buys only from suppliers on the qualified supplier list', async () => {
    const { code, fieldErrors } = await updateRefused('bob', id, { purchaseLines: [{ ...line, supplier: unqualifiedSupplier }] });
    expect(code).toBe('VALIDATION_FAILED');
    expect(fieldErrors).toEqual([{ path: 'purchaseLines.0.supplier', message: expect.objectContaining({ en: expect.stringContaining('qualified') }) }]);
    // The same line in the start's own data is refused as an update is.
    const inAction = await paths.refusedTransition('bob', id, 'start-production', { data: { purchaseLines: [{ ...line, supplier: unqualifiedSupplier, delivered: true }] } });
    expect(inAction).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['purchaseLines.0.supplier'] });
    // Buying is the buyer's: the planner does not place purchase orders.
    expect(await paths.refusedUpdate('pia', id, { purchaseLines: [{ ...line, supplier: qualifiedSupplier }] })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['purchaseLines'] });

    // A supplier qualified when the order was placed, and disqualified before the material arrived.
    const coastal = await qualify('Coastal Alloys');
    const zincLine = { ...line, material: 'Zinc', poNumber: 'PO-7782', amount: '5000.00', supplier: coastal };
    const bought = await update('bob', id, { purchaseLines: [{ ...line, supplier: qualifiedSupplier }, zincLine] });
    expect(bought.data).toMatchObject({ purchaseTotal: '130000.00' });
    await move('pete', coastal, 'disqualify', { comment: 'Failed the annual audit.' });
    // The line kept as it was no longer holds: its delivery cannot be recorded, and production cannot start on it.
    const kept = await paths.refusedUpdate('bob', id, { purchaseLines: [{ ...line, supplier: qualifiedSupplier, delivered: true }, { ...zincLine, delivered: true }] });
    expect(kept).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['purchaseLines.1.supplier'] });
    expect(await kindsAndKeys('bob', id, 'start-production')).toEqual(expect.arrayContaining([['field', 'purchaseLines']]));
    // The buyer drops the line (the zinc is bought elsewhere later).
    const dropped = await update('bob', id, { purchaseLines: [{ ...line, supplier: qualifiedSupplier }] });
    expect(dropped.data).toMatchObject({ purchaseTotal: '125000.00' });
  });

  it('starts production once every purchase order line is delivered', async () => {
    const { reasons } = await company.refusedTransition('bob', id, 'start-production');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'materials-delivered' })]);
    // The planner, who may start production too, is held to the same.
    expect(await kindsAndKeys('pia', id, 'start-production')).toEqual([['rule', 'materials-delivered']]);
    // The delivery may be recorded with the start itself.
    expect((await move('bob', id, 'start-production', { data: { purchaseLines: [{ ...line, supplier: qualifiedSupplier, delivered: true }] } })).stage.key).toBe('production');
  });

  it('finishes production only when every process step passed its quality inspection', async () => {
    await update('pia', id, { fiveSChecked: true, progressPercent: 60, adjustments: [{ cause: 'equipment-failure', description: 'Press 3 down for a day, B2 moved one day', adjustedOn: '2026-08-12' }] });
    // The inspections are the quality inspector's: the planner records none, neither by update nor with the action.
    const passedByPlanner = { stepInspections: [{ step: 'Cutting', inspectedOn: '2026-08-05', result: 'passed' }] };
    expect(await paths.refusedUpdate('pia', id, passedByPlanner)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['stepInspections'] });
    expect(await paths.refusedTransition('pia', id, 'complete-production', { data: passedByPlanner })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['stepInspections'] });
    // Without any inspection, production is not finished.
    expect(await kindsAndKeys('pia', id, 'complete-production')).toEqual([['rule', 'every-step-inspected']]);
    // And the inspector inspects, but does not report progress or finish production.
    expect(await paths.refusedUpdate('quinn', id, { progressPercent: 100 })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['progressPercent'] });
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
    expect(await kindsAndKeys('quinn', id, 'complete-production')).toEqual([['permission', 'complete-production']]);
    const done = await move('pia', id, 'complete-production');
    expect(done.stage.key).toBe('final-inspection');
    expect(done.dueAt).not.toBeNull();
  });

  it('warehouses only finished goods that passed inspection', async () => {
    await update('quinn', id, { finalInspectionResult: 'failed', inspectedQuantity: 1000, finalInspectionReport: 'Packaging damaged' });
    const { code, reasons } = await company.refusedTransition('wendy', id, 'warehouse');
    expect(code).toBe('TRANSITION_BLOCKED');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'rule', key: 'only-passed-goods-warehoused' })]);
    // The warehouse keeper cannot pass the goods on the way in, and the inspector does not store them.
    expect(await paths.refusedTransition('wendy', id, 'warehouse', { data: { finalInspectionResult: 'passed' } })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['finalInspectionResult'] });
    expect(await kindsAndKeys('quinn', id, 'warehouse')).toEqual([['permission', 'warehouse'], ['rule', 'only-passed-goods-warehoused']]);
    await update('quinn', id, { finalInspectionResult: 'passed', finalInspectionReport: 'Repacked, all within specification' });
    expect((await move('wendy', id, 'warehouse')).stage.key).toBe('warehoused');
  });

  it('is shipped with a delivery record and closed after the customer feedback', async () => {
    const { reasons } = await company.refusedTransition('wendy', id, 'ship');
    expect(reasons.map((r) => r.key)).toEqual(['warehouseLocation', 'storedOn', 'shippedOn', 'deliveryRecord']);
    // Sales follows the order but records neither the shipment nor, before it is shipped, the feedback.
    expect(await paths.refusedUpdate('sam', id, { shippedOn: '2026-09-25' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['shippedOn'] });
    expect(await paths.refusedUpdate('sam', id, { customerFeedback: 'Looking forward to it.' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['customerFeedback'] });
    await update('wendy', id, { warehouseLocation: 'A-03-2', storedOn: '2026-08-22', shippedOn: '2026-09-25' });
    // The delivery record may come with the shipment itself.
    expect((await move('wendy', id, 'ship', { data: { deliveryRecord: 'SF Express waybill 9912-334' } })).stage.key).toBe('shipped');
    await update('sam', id, { customerFeedback: 'Received in good order.' });
    expect(await kindsAndKeys('sam', id, 'close')).toEqual([['permission', 'close']]);
    // Sales reads its orders; other departments do not.
    expect((await paths.refusedRead('hana', id)).code).toBe('FORBIDDEN');
    const closed = await move('pia', id, 'close');
    expect(closed.stage.key).toBe('closed');
  });
});

describe('the rework path', () => {
  it('sends failed goods back to production with a reason', async () => {
    // Planned through the typed mutation, capacity confirmed at once.
    const created = await paths.typedCreate('pia', PROCEDURE, { ...order, orderNo: 'SO-2026-0043', quantity: 600, equipmentCapacityOk: true, staffingOk: true, materialSupplyOk: true });
    expect(created.stage.key).toBe('planning');
    await move('pia', created.id, 'release-plan');
    await update('bob', created.id, { purchaseLines: [{ ...line, supplier: qualifiedSupplier, delivered: true }] });
    await move('bob', created.id, 'start-production');
    await update('quinn', created.id, { stepInspections: [{ step: 'Cutting', inspectedOn: '2026-08-05', result: 'passed' }] });
    await move('pia', created.id, 'complete-production');
    expect(await kindsAndKeys('quinn', created.id, 'rework', { comment: '  ' })).toEqual([['comment', 'rework']]);
    expect(await kindsAndKeys('wendy', created.id, 'rework', { comment: 'Looks rough' })).toEqual([['permission', 'rework']]);
    const back = await move('quinn', created.id, 'rework', { comment: 'Burrs on the edges' });
    expect(back.stage.key).toBe('production');
    expect((await paths.history('pia', created.id)).at(-1)).toMatchObject({ type: 'transitioned', actor: { username: 'quinn' }, fromStage: 'final-inspection', toStage: 'production', comment: 'Burrs on the edges' });
  });
});

describe('a cancelled order', () => {
  it('is cancelled by the production manager only, with a reason', async () => {
    const created = await create('pia', PROCEDURE, { ...order, orderNo: 'SO-2026-0044' });
    expect(await kindsAndKeys('pia', created.id, 'cancel', { comment: 'Customer withdrew' })).toEqual([['permission', 'cancel']]);
    expect(await kindsAndKeys('pete', created.id, 'cancel')).toEqual([['comment', 'cancel']]);
    expect((await move('pete', created.id, 'cancel', { comment: 'Customer withdrew the order.' })).stage.key).toBe('cancelled');
  });
});
