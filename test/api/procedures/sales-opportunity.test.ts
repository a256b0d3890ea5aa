import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, type Company } from '../../support/company.js';
import { otherPaths, type OtherPaths } from '../../support/scenario-paths.js';

// sales.opportunity: lead → visit → contract (reviewed by the sales manager) → order execution →
// closed won, or closed lost with a reason; every opportunity names its channel. Beside each rule's
// main path the test tries another: the typed mutation, the action's own data instead of an update,
// another salesperson, the manager, a contract negotiated again after a rejection.
let company: Company;
let paths: OtherPaths;
beforeAll(async () => {
  company = await createCompany();
  paths = otherPaths(company);
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
const pendingReviewers = (rec: Rec) => rec.approvals.filter((a) => a.state === 'PENDING').flatMap((a) => a.approvers.map((p) => p.username));
const VISIT = { visitedOn: '2026-06-03', visitedPerson: 'Wang Fang', summary: 'Needs 1000 brackets by September', nextStep: 'Send quotation' };
const TERMS = { contractNo: 'HT-2026-118', contractAmount: '175000', signedOn: '2026-06-20' };

describe('a won opportunity', () => {
  let id: string;

  it('starts as a lead with its channel, and a distributor must be named', async () => {
    const lead = { customer: 'Ningbo Tools Ltd.', contactPerson: 'Wang Fang', channel: 'distributor', product: 'Bracket B-200', estimatedAmount: '180000' };
    const refusal = await company.refused('sam', 'mutation($data: JSON!) { createRecord(procedure: "sales.opportunity", data: $data) { id } }', { data: lead });
    expect(refusal.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [expect.objectContaining({ path: 'channelPartner' })] });
    const wrongChannel = await company.refused('sam', 'mutation($data: JSON!) { createRecord(procedure: "sales.opportunity", data: $data) { id } }', { data: { ...lead, channel: 'telemarketing' } });
    expect(wrongChannel.extensions?.code).toBe('VALIDATION_FAILED');
    // The typed mutation asks for the distributor the same way; only salespeople start opportunities.
    const typed = await paths.refusedTypedCreate('sam', PROCEDURE, { customer: lead.customer, channel: 'DISTRIBUTOR', estimatedAmount: '180000' });
    expect(typed).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['channelPartner'] });
    expect((await paths.refusedCreate('sal', PROCEDURE, { ...lead, channelPartner: 'East Trade Distribution' })).code).toBe('FORBIDDEN');
    const created = await create('sam', PROCEDURE, { ...lead, channelPartner: 'East Trade Distribution' });
    expect(created.stage.key).toBe('lead');
    expect(created.dueAt).not.toBeNull();
    id = created.id;
  });

  it('moves to the contract only after a customer visit is recorded', async () => {
    expect((await move('sam', id, 'schedule-visit')).stage.key).toBe('visit');
    const { reasons } = await company.refusedTransition('sam', id, 'negotiate-contract');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'field', key: 'visits' })]);
    // An empty list of visits in the action's data is no visit either.
    expect((await company.blockedReasons('sam', id, 'negotiate-contract', { data: { visits: [] } })).map((r) => [r.kind, r.key])).toEqual([['field', 'visits']]);
    // Another salesperson neither records sam's visit nor moves sam's opportunity on.
    expect(await paths.refusedUpdate('sara', id, { visits: [VISIT] })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['visits'] });
    expect((await company.blockedReasons('sara', id, 'negotiate-contract')).map((r) => [r.kind, r.key])).toEqual([['permission', 'negotiate-contract'], ['field', 'visits']]);
    await update('sam', id, { visits: [VISIT] });
    // The sales manager may move it on, as the salesperson may.
    expect((await move('sal', id, 'negotiate-contract')).stage.key).toBe('contract');
  });

  it('is signed only with the contract terms, after the sales manager reviewed them', async () => {
    const { reasons } = await company.refusedTransition('sam', id, 'sign-contract');
    expect(reasons.map((r) => r.key)).toEqual(['contractNo', 'contractAmount', 'signedOn']);
    // The terms given in the signing's own data do not skip the review: the amount makes the rule hold,
    // the review is not approved, and nothing is kept.
    expect((await company.blockedReasons('sam', id, 'sign-contract', { data: TERMS })).map((r) => [r.kind, r.key])).toEqual([['gate', 'contract-review']]);
    expect((await company.record<Rec>('sam', id, RECORD)).data).not.toHaveProperty('contractAmount');
    const terms = await update('sam', id, TERMS);
    expect(terms.approvals).toMatchObject([{ gate: 'contract-review', state: 'PENDING', approvers: [{ username: 'sal' }] }]);
    const waiting = await company.refusedTransition('sam', id, 'sign-contract');
    expect(waiting.reasons).toEqual([expect.objectContaining({ kind: 'gate', key: 'contract-review' })]);
    // Leaving the amount out to escape the review leaves a contract without an amount.
    expect((await company.blockedReasons('sam', id, 'sign-contract', { data: { contractAmount: null } })).map((r) => [r.kind, r.key])).toEqual([['field', 'contractAmount']]);
    // Only the sales manager reviews: not the salesperson, not a colleague.
    const review = terms.approvals[0]!;
    expect((await paths.refusedDecision('sam', review.id, 'APPROVE')).code).toBe('FORBIDDEN');
    expect((await paths.refusedDecision('sara', review.id, 'APPROVE')).code).toBe('FORBIDDEN');
    await company.decide('sal', id, 'APPROVE');

    // A different amount after the review is a contract the manager has not seen: by update, the
    // review opens again; in the signing's data, the signing is refused and nothing is kept.
    const raised = await update('sam', id, { contractAmount: '190000' });
    expect(pendingReviewers(raised)).toEqual(['sal']);
    expect((await paths.history('sam', id)).slice(-3)).toMatchObject([
      { type: 'updated', actor: { username: 'sam' }, changes: { contractAmount: { from: '175000.00', to: '190000.00' } } },
      { type: 'gate-reopened', data: { gate: 'contract-review' } },
      { type: 'approval-requested', data: { gate: 'contract-review' } },
    ]);
    expect((await company.blockedReasons('sam', id, 'sign-contract')).map((r) => [r.kind, r.key])).toEqual([['gate', 'contract-review']]);
    await company.decide('sal', id, 'APPROVE');
    expect((await company.blockedReasons('sam', id, 'sign-contract', { data: { contractAmount: '250000' } })).map((r) => [r.kind, r.key])).toEqual([['gate', 'contract-review']]);
    expect((await company.record<Rec>('sam', id, RECORD)).data.contractAmount).toBe('190000.00');
    expect((await move('sam', id, 'sign-contract')).stage.key).toBe('order-execution');
  });

  it('follows the order through execution, linked to its production order, and closes as won', async () => {
    const productionOrder = await create('pia', 'production.order', {
      orderNo: 'HT-2026-118', product: 'Bracket B-200', specification: 'Steel bracket', quantity: 1000, deliveryDate: '2026-09-30',
      batches: [{ batchNo: 'B1', quantity: 1000, startDate: '2026-07-01', endDate: '2026-07-20', workshop: 'Workshop 1' }],
    });
    // The link names a production order, not just any record.
    expect(await paths.refusedUpdate('sam', id, { productionOrder: id })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['productionOrder'] });
    await update('sam', id, { productionOrder: productionOrder.id, executionNote: 'Production scheduled for July.' });
    const { reasons } = await company.refusedTransition('sam', id, 'complete');
    expect(reasons).toEqual([expect.objectContaining({ kind: 'field', key: 'deliveredOn' })]);
    expect((await company.blockedReasons('sara', id, 'complete', { data: {} })).map((r) => r.kind)).toEqual(['permission', 'field']);
    await update('sam', id, { deliveredOn: '2026-09-25', paymentReceived: true });
    const won = await move('sam', id, 'complete');
    expect(won.stage.key).toBe('won');
  });
});

describe('a lost opportunity', () => {
  it('is closed as lost with a reason and a comment', async () => {
    // Started through the typed mutation: an e-commerce sale names no channel partner.
    const created = await paths.typedCreate('sara', PROCEDURE, { customer: 'Online Shop Co.', channel: 'E_COMMERCE' });
    expect(created.stage.key).toBe('lead');
    await move('sara', created.id, 'schedule-visit');
    const { reasons } = await company.refusedTransition('sara', created.id, 'lose');
    expect(reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'comment' }), expect.objectContaining({ kind: 'field', key: 'lostReason' })]));
    // Another salesperson cannot close it.
    expect((await company.refusedTransition('sam', created.id, 'lose')).reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'permission' })]));
    // A blank comment is no comment.
    expect((await company.blockedReasons('sara', created.id, 'lose', { comment: '   ', data: { lostReason: 'price' } })).map((r) => r.kind)).toEqual(['comment']);
    const lost = await move('sara', created.id, 'lose', { comment: 'Went with a cheaper offer.', data: { lostReason: 'price' } });
    expect(lost.stage.key).toBe('lost');
  });

  it('may be closed as lost by the sales manager too, who gives the reason in the action', async () => {
    const created = await create('sam', PROCEDURE, { customer: 'Harbour Tools', channel: 'direct' });
    const lost = await move('sal', created.id, 'lose', { comment: 'Customer cancelled the project.', data: { lostReason: 'no-need' } });
    expect(lost.stage.key).toBe('lost');
    expect((await paths.history('sam', created.id)).at(-1)).toMatchObject({ type: 'transitioned', actor: { username: 'sal' }, toStage: 'lost', comment: 'Customer cancelled the project.' });
  });
});

describe('a contract the sales manager rejects', () => {
  it('goes back to the visit, and is reviewed again when the contract is negotiated again', async () => {
    const created = await create('sam', PROCEDURE, { customer: 'Delta Pumps', channel: 'agent', channelPartner: 'South Agency' });
    await move('sam', created.id, 'schedule-visit');
    await update('sam', created.id, { visits: [VISIT] });
    await move('sam', created.id, 'negotiate-contract');
    await update('sam', created.id, { ...TERMS, contractNo: 'HT-2026-131' });
    await company.decide('sal', created.id, 'REJECT', 'The discount is too deep.');
    const back = await company.record<Rec>('sam', created.id, RECORD);
    expect(back.stage.key).toBe('visit');
    expect((await paths.history('sam', created.id)).filter((h) => h.type === 'transitioned').at(-1)).toMatchObject({
      actor: { username: 'sal' }, toStage: 'visit', comment: 'The discount is too deep.', data: { gate: 'contract-review', reason: 'rejected' },
    });
    // In the visit stage the contract terms are not the salesperson's to change.
    expect(await paths.refusedUpdate('sam', created.id, { contractAmount: '170000' })).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['contractAmount'] });

    // Back at the contract with the same terms, the manager is asked again: the rejection is not forgotten.
    const again = await move('sam', created.id, 'negotiate-contract');
    expect(pendingReviewers(again)).toEqual(['sal']);
    expect((await company.blockedReasons('sam', created.id, 'sign-contract')).map((r) => [r.kind, r.key])).toEqual([['gate', 'contract-review']]);
    await company.decide('sal', created.id, 'APPROVE');
    expect((await move('sam', created.id, 'sign-contract')).stage.key).toBe('order-execution');
  });
});
