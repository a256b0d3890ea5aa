import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';

// sales.opportunity: lead → visit → contract (reviewed by the sales manager) → order execution →
// closed won, or closed lost with a reason; every opportunity names its channel.
let company: Company;
beforeAll(async () => {
  company = await createCompany();
});
afterAll(async () => {
  await company?.close();
});

const RECORD = 'id version stage { key } dueAt data approvals { id gate level state approvers { username } }';
type Rec = { id: string; version: number; stage: { key: string }; dueAt: string | null; data: Record<string, unknown>; approvals: { id: string; gate: string; level: number; state: string; approvers: { username: string }[] }[] };

const move = (who: string, id: string, action: string, extra: { comment?: string; data?: Record<string, unknown> } = {}) => company.transition<Rec>(who, id, action, { ...extra, fields: RECORD });
const update = (who: string, id: string, data: Record<string, unknown>) => company.update<Rec>(who, id, data, RECORD);

const create = (who: string, procedure: string, data: Record<string, unknown>) => company.create<Rec>(who, procedure, data, RECORD);

const PROCEDURE = 'sales.opportunity';

describe('a won opportunity', () => {
  let id: string;

  it('starts as a lead with its channel, and a distributor must be named', async () => {
    const lead = { customer: 'Ningbo Tools Ltd.', contactPerson: 'Wang Fang', channel: 'distributor', product: 'Bracket B-200', estimatedAmount: '180000' };
    const refusal = await company.refused('sam', 'mutation($data: JSON!) { createRecord(procedure: "sales.opportunity", data: $data) { id } }', { data: lead });
    expect(refusal.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [expect.objectContaining({ path: 'channelPartner' })] });
    const wrongChannel = await company.refused('sam', 'mutation($data: JSON!) { createRecord(procedure: "sales.opportunity", data: $data) { id } }', { data: { ...lead, channel: 'telemarketing' } });
    expect(wrongChannel.extensions?.code).toBe('VALIDATION_FAILED');
    const created = await create('sam', PROCEDURE, { ...lead, channelPartner: 'East Trade Distribution' });
    expect(created.stage.key).toBe('lead');
    expect(created.dueAt).not.toBeNull();
    id = created.id;
  });

  it('moves to the contract only after a customer visit is recorded', async () => {
    expect((await move('sam', id, 'schedule-visit')).stage.key).toBe('visit');
    const { reasons } = await company.refusedTransition('sam', id, 'negotiate-contract');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'field', key: 'visits' })]);
    await update('sam', id, { visits: [{ visitedOn: '2026-06-03', visitedPerson: 'Wang Fang', summary: 'Needs 1000 brackets by September', nextStep: 'Send quotation' }] });
    expect((await move('sam', id, 'negotiate-contract')).stage.key).toBe('contract');
  });

  it('is signed only with the contract terms, after the sales manager reviewed them', async () => {
    const { reasons } = await company.refusedTransition('sam', id, 'sign-contract');
    expect(reasons.map((r) => r.key)).toEqual(['contractNo', 'contractAmount', 'signedOn']);
    const terms = await update('sam', id, { contractNo: 'HT-2026-118', contractAmount: '175000', signedOn: '2026-06-20' });
    expect(terms.approvals).toMatchObject([{ gate: 'contract-review', state: 'PENDING', approvers: [{ username: 'sal' }] }]);
    const waiting = await company.refusedTransition('sam', id, 'sign-contract');
    expect(waiting.reasons).toEqual([expect.objectContaining({ kind: 'gate', key: 'contract-review' })]);
    await company.decide('sal', id, 'APPROVE');
    expect((await move('sam', id, 'sign-contract')).stage.key).toBe('order-execution');
  });

  it('follows the order through execution, linked to its production order, and closes as won', async () => {
    const productionOrder = await create('pia', 'production.order', {
      orderNo: 'HT-2026-118', product: 'Bracket B-200', specification: 'Steel bracket', quantity: 1000, deliveryDate: '2026-09-30',
      batches: [{ batchNo: 'B1', quantity: 1000, startDate: '2026-07-01', endDate: '2026-07-20', workshop: 'Workshop 1' }],
    });
    await update('sam', id, { productionOrder: productionOrder.id, executionNote: 'Production scheduled for July.' });
    const { reasons } = await company.refusedTransition('sam', id, 'complete');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'field', key: 'deliveredOn' })]);
    await update('sam', id, { deliveredOn: '2026-09-25', paymentReceived: true });
    const won = await move('sam', id, 'complete');
    expect(won.stage.key).toBe('won');
  });
});

describe('a lost opportunity', () => {
  it('is closed as lost with a reason and a comment', async () => {
    const created = await create('sara', PROCEDURE, { customer: 'Online Shop Co.', channel: 'e-commerce' });
    await move('sara', created.id, 'schedule-visit');
    const { reasons } = await company.refusedTransition('sara', created.id, 'lose');
    expect(reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'comment' }), expect.objectContaining({ kind: 'field', key: 'lostReason' })]));
    // Another salesperson cannot close it.
    expect((await company.refusedTransition('sam', created.id, 'lose')).reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'permission' })]));
    const lost = await move('sara', created.id, 'lose', { comment: 'Went with a cheaper offer.', data: { lostReason: 'price' } });
    expect(lost.stage.key).toBe('lost');
  });
});
