import { describe, expect, it } from 'vitest';
import { EngineHarness, loadEngineDefinitions } from '../../support/engine-harness.js';

const { organisation, procedure } = await loadEngineDefinitions();
const designReview = procedure('test.design-review');
const NOW = new Date('2026-03-02T09:00:00Z');

const people = [
  { username: 'dana', roles: ['employee'], department: 'rnd' },
  { username: 'rita', roles: ['reviewer'], department: 'rnd' },
  { username: 'max', roles: ['reviewer'], department: 'market' },
  { username: 'pat', roles: ['reviewer'], department: 'production' },
  // A reviewer in a department the gate does not name, and a production employee without the role.
  { username: 'sam', roles: ['reviewer'], department: 'sales' },
  { username: 'paula', roles: ['employee'], department: 'production' },
];

async function submitted(): Promise<EngineHarness> {
  const h = new EngineHarness(designReview, organisation, { users: people, now: NOW });
  await h.create({ design: 'A lighter chassis.' }, 'dana');
  await h.transition('submit', 'dana');
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

describe('design review: two of three departments', () => {
  it('asks the three department reviewers in parallel, and no one else', async () => {
    const h = await submitted();
    expect(h.current().stage).toBe('review');
    expect(h.current().gates['design-review']).toEqual({ round: 1, status: 'pending', chains: { '*': { level: 0, status: 'pending' } }, stage: 'review' });
    expect(h.pendingApprovers()).toEqual(['max', 'pat', 'rita']);
    expect(h.events.at(-1)).toMatchObject({
      type: 'approval-requested',
      data: { gate: 'design-review', level: 0, levelKey: 'reviewers', round: 1, approvers: [h.id('rita'), h.id('max'), h.id('pat')].sort() },
    });
  });

  it('stays pending after one approval and refuses finalize meanwhile', async () => {
    const h = await submitted();
    await h.decide('rita', 'APPROVE');
    expect(h.current().gates['design-review']!.status).toBe('pending');
    expect(h.pendingApprovers()).toEqual(['max', 'pat']);
    expect(h.events.at(-1)).toMatchObject({ type: 'approval-decided', data: { gate: 'design-review', decision: 'APPROVE' } });

    const error = await refusal(h.transition('finalize', 'dana'));
    expect(error.code).toBe('TRANSITION_BLOCKED');
    expect(error.extensions.reasons).toEqual([
      { kind: 'gate', key: 'design-review', message: { en: 'The approval "Design review" is still pending.', 'zh-CN': '“设计评审”审批尚未完成。' } },
    ]);
  });

  it('approves the gate at the second approval, cancels the third, and lets finalize through', async () => {
    const h = await submitted();
    await h.decide('rita', 'APPROVE');
    const seq = h.lastSeq();
    await h.decide('pat', 'APPROVE', 'Production can build it.');

    expect(h.current().gates['design-review']).toEqual({ round: 1, status: 'approved', chains: { '*': { level: 0, status: 'approved' } }, stage: 'review' });
    expect(Object.fromEntries(h.approvalRows().map((a) => [a.approver, a.state]))).toEqual({ rita: 'approved', max: 'cancelled', pat: 'approved' });
    expect(h.eventTypesSince(seq)).toEqual(['approval-decided', 'gate-approved']);
    const cancelled = await refusal(h.run({ type: 'decide', approvalId: h.approvals.find((a) => a.approver === h.id('max'))!.id, decision: 'APPROVE' }, 'max'));
    expect(cancelled.code).toBe('BAD_REQUEST');

    await h.transition('finalize', 'dana');
    expect(h.current()).toMatchObject({ stage: 'final', closedAt: NOW });
  });

  it('rejects the gate when two reviewers reject; without onReject the record stays in review', async () => {
    const h = await submitted();
    await h.decide('max', 'REJECT', 'Too costly to market.');
    expect(h.current().gates['design-review']!.status).toBe('pending');
    const seq = h.lastSeq();
    await h.decide('rita', 'REJECT', 'Not stiff enough.');

    expect(h.current()).toMatchObject({ stage: 'review', gates: { 'design-review': { round: 1, status: 'rejected', chains: { '*': { level: 0, status: 'rejected' } } } } });
    expect(Object.fromEntries(h.approvalRows().map((a) => [a.approver, a.state]))).toEqual({ rita: 'rejected', max: 'rejected', pat: 'cancelled' });
    expect(h.eventTypesSince(seq)).toEqual(['approval-decided', 'gate-rejected']);

    const error = await refusal(h.transition('finalize', 'dana'));
    expect(error.extensions.reasons).toEqual([
      { kind: 'gate', key: 'design-review', message: { en: 'The approval "Design review" was rejected.', 'zh-CN': '“设计评审”审批已被驳回。' } },
    ]);
  });

  it('opens round 2 for the rejected gate after rework and a new submit', async () => {
    const h = await submitted();
    await h.decide('max', 'REJECT', 'No.');
    await h.decide('pat', 'REJECT', 'No.');
    await h.transition('rework', 'dana');
    expect(h.current().stage).toBe('design');
    // Leaving the stage does not touch a rejected round: it stays rejected until the record comes back.
    expect(h.current().gates['design-review']!.status).toBe('rejected');

    await h.update({ design: 'A stiffer chassis.' }, 'dana');
    await h.transition('submit', 'dana');
    expect(h.current().gates['design-review']).toEqual({ round: 2, status: 'pending', chains: { '*': { level: 0, status: 'pending' } }, stage: 'review' });
    expect(h.pendingApprovers({ round: 2 })).toEqual(['max', 'pat', 'rita']);
    expect(h.approvalRows({ round: 1 }).every((a) => a.state !== 'pending')).toBe(true);
  });

  it('cancels a pending round on rework and opens a new one on the next submit', async () => {
    const h = await submitted();
    await h.decide('rita', 'APPROVE');
    await h.transition('rework', 'dana');
    expect(h.current().gates['design-review']!.status).toBe('cancelled');
    expect(h.pendingApprovers()).toEqual([]);
    await h.transition('submit', 'dana');
    expect(h.current().gates['design-review']!.round).toBe(2);
    expect(h.pendingApprovers()).toEqual(['max', 'pat', 'rita']);
  });

  it('asks again when an approved record comes back to review after rework (the approval survived re-entry)', async () => {
    const h = await submitted();
    await h.decide('rita', 'APPROVE');
    await h.decide('max', 'APPROVE');
    await h.transition('rework', 'dana');
    await h.update({ design: 'Something else entirely.' }, 'dana');
    await h.transition('submit', 'dana');
    expect(h.current().gates['design-review']).toMatchObject({ round: 2, status: 'pending' });
    expect(h.pendingApprovers({ round: 2 })).toEqual(['max', 'pat', 'rita']);
    await expect(h.transition('finalize', 'dana')).rejects.toMatchObject({ code: 'TRANSITION_BLOCKED' });
  });


  it('refuses to start a design review outside R&D', async () => {
    const h = new EngineHarness(designReview, organisation, { users: people, now: NOW });
    const error = await refusal(h.create({ design: 'x' }, 'paula'));
    expect(error.code).toBe('FORBIDDEN');
  });
});
