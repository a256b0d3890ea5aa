import { describe, expect, it } from 'vitest';
import { EngineHarness, loadEngineDefinitions } from '../../support/engine-harness.js';

const { organisation, procedure } = await loadEngineDefinitions();
const purchase = procedure('test.purchase-request');
const NOW = new Date('2026-05-04T08:30:00Z');

const people = [
  { username: 'paul', roles: ['employee'], department: 'sales' },
  { username: 'olga', roles: ['employee'], department: 'sales' },
  { username: 'oscar', roles: ['employee'], department: 'rnd' },
  { username: 'eve', roles: ['executive'], department: 'management' },
];

function harness(): EngineHarness {
  return new EngineHarness(purchase, organisation, { users: people, now: NOW });
}

/** A request by paul whose lines belong to olga and oscar, submitted for approval. */
async function submitted(amounts: readonly [number, number]): Promise<EngineHarness> {
  const h = harness();
  await h.create(
    {
      lines: [
        { item: 'Desk', amount: amounts[0], owner: h.id('olga') },
        { item: 'Oscilloscope', amount: amounts[1], owner: h.id('oscar') },
      ],
    },
    'paul',
  );
  await h.transition('submit', 'paul');
  return h;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; extensions: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; extensions: Record<string, unknown> };
  }
  throw new Error('expected the command to be refused');
}

describe('purchase request: one approval per line', () => {
  it('asks each line\'s owner for that line only', async () => {
    const h = await submitted([2000, 3000]);
    expect(h.current().data.total).toBe('5000.00');
    expect(h.approvalRows({ gate: 'line-approval' })).toEqual([
      { approver: 'olga', gate: 'line-approval', level: 0, rowIndex: 0, round: 1, state: 'pending' },
      { approver: 'oscar', gate: 'line-approval', level: 0, rowIndex: 1, round: 1, state: 'pending' },
    ]);
    expect(h.current().gates['line-approval']).toEqual({
      round: 1,
      status: 'pending',
      chains: { '0': { level: 0, status: 'pending' }, '1': { level: 0, status: 'pending' } },
      stage: 'approval',
    });
  });

  it('approves the gate only when every line is approved', async () => {
    const h = await submitted([2000, 3000]);
    await h.decide('olga', 'APPROVE', undefined, { rowIndex: 0 });
    expect(h.current().gates['line-approval']).toMatchObject({ status: 'pending', chains: { '0': { status: 'approved' }, '1': { status: 'pending' } } });
    expect(h.events.at(-1)).toMatchObject({ type: 'approval-decided', data: { gate: 'line-approval', rowIndex: 0, decision: 'APPROVE' } });

    const blocked = await refusal(h.transition('order', 'paul'));
    expect(blocked.extensions.reasons).toEqual([
      { kind: 'gate', key: 'line-approval', message: { en: 'The approval "Line approval" is still pending.', 'zh-CN': '“明细审批”审批尚未完成。' } },
    ]);

    const seq = h.lastSeq();
    await h.decide('oscar', 'APPROVE', undefined, { rowIndex: 1 });
    expect(h.current().gates['line-approval']!.status).toBe('approved');
    expect(h.eventTypesSince(seq)).toEqual(['approval-decided', 'gate-approved']);
    await h.transition('order', 'paul');
    expect(h.current()).toMatchObject({ stage: 'ordered', closedAt: NOW });
  });

  it('gives an owner of two lines one approval per line', async () => {
    const h = harness();
    await h.create({ lines: [{ item: 'Desk', amount: 10, owner: h.id('olga') }, { item: 'Chair', amount: 20, owner: h.id('olga') }] }, 'paul');
    await h.transition('submit', 'paul');
    expect(h.approvalRows({ gate: 'line-approval' }).map((a) => [a.approver, a.rowIndex])).toEqual([['olga', 0], ['olga', 1]]);
    await h.decide('olga', 'APPROVE', undefined, { rowIndex: 1 });
    expect(h.current().gates['line-approval']).toMatchObject({ status: 'pending', chains: { '0': { status: 'pending' }, '1': { status: 'approved' } } });
  });
});

describe('purchase request: the executive level', () => {
  it('needs no executive for a total of 10 000 or less: the gate is approved at once', async () => {
    const h = await submitted([4000, 6000]);
    expect(h.current().data.total).toBe('10000.00');
    expect(h.current().gates['executive-approval']).toEqual({ round: 1, status: 'approved', chains: { '*': { level: 1, status: 'approved' } }, stage: 'approval' });
    expect(h.approvalRows({ gate: 'executive-approval' })).toEqual([]);
    expect(h.events.find((e) => e.type === 'gate-approved')).toMatchObject({ actor: null, data: { gate: 'executive-approval', round: 1, reason: 'no level applies' } });
  });

  it('asks an executive for a total above 10 000, and refuses order until they approve', async () => {
    const h = await submitted([4000, 6000.01]);
    expect(h.current().gates['executive-approval']).toEqual({ round: 1, status: 'pending', chains: { '*': { level: 0, status: 'pending' } }, stage: 'approval' });
    expect(h.pendingApprovers({ gate: 'executive-approval' })).toEqual(['eve']);

    await h.decide('olga', 'APPROVE', undefined, { rowIndex: 0 });
    await h.decide('oscar', 'APPROVE', undefined, { rowIndex: 1 });
    const blocked = await refusal(h.transition('order', 'paul'));
    expect(blocked.extensions.reasons).toEqual([
      { kind: 'gate', key: 'executive-approval', message: { en: 'The approval "Executive approval" is still pending.', 'zh-CN': '“管理层审批”审批尚未完成。' } },
    ]);

    await h.decide('eve', 'APPROVE');
    await h.transition('order', 'paul');
    expect(h.current().stage).toBe('ordered');
  });
});

describe('purchase request: rejection', () => {
  it('sends the record back to draft when a line owner rejects, cancelling every open decision', async () => {
    const h = await submitted([5000, 7000]);
    const seq = h.lastSeq();
    await h.decide('oscar', 'REJECT', 'We have one already.', { rowIndex: 1 });

    expect(h.current().stage).toBe('draft');
    expect(h.current().gates['line-approval']).toMatchObject({ status: 'rejected', chains: { '0': { status: 'pending' }, '1': { status: 'rejected' } } });
    expect(h.current().gates['executive-approval']!.status).toBe('cancelled');
    expect(h.approvalRows().map((a) => [a.approver, a.gate, a.state])).toEqual([
      ['olga', 'line-approval', 'cancelled'],
      ['oscar', 'line-approval', 'rejected'],
      ['eve', 'executive-approval', 'cancelled'],
    ]);
    expect(h.eventTypesSince(seq)).toEqual(['approval-decided', 'gate-rejected', 'transitioned']);
    expect(h.events.at(-1)).toMatchObject({ fromStage: 'approval', toStage: 'draft', comment: 'We have one already.', data: { gate: 'line-approval', reason: 'rejected' } });

    await h.update({ lines: [{ item: 'Desk', amount: 5000, owner: h.id('olga') }] }, 'paul');
    await h.transition('submit', 'paul');
    expect(h.current().gates['line-approval']).toEqual({ round: 2, status: 'pending', chains: { '0': { level: 0, status: 'pending' } }, stage: 'approval' });
    expect(h.current().gates['executive-approval']).toMatchObject({ round: 2, status: 'approved' });
    expect(h.pendingApprovers()).toEqual(['olga']);
  });
});
