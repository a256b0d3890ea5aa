import { beforeEach, describe, expect, it } from 'vitest';
import type { ProcedureDef } from '../../../server/src/definitions/definition.types.js';
import { normaliseProcedure } from '../../../server/src/definitions/normalise.js';
import { EngineHarness, loadEngineDefinitions } from '../../support/engine-harness.js';

const { organisation, procedure } = await loadEngineDefinitions();
const budget = procedure('test.budget-adjustment');

/** Friday 27 November 2026, 10:00 UTC. */
const FRIDAY = new Date('2026-11-27T10:00:00Z');
const HOUR = 3_600_000;

const people = [
  { username: 'alice', roles: ['employee'], department: 'sales' },
  { username: 'mark', roles: ['employee', 'manager'], department: 'sales' },
  { username: 'fiona', roles: ['finance-officer'], department: 'finance' },
  { username: 'felix', roles: ['finance-officer'], department: 'finance' },
  { username: 'erin', roles: ['employee'], department: 'sales' },
];

function harness(options: { procedure?: typeof budget } = {}): EngineHarness {
  return new EngineHarness(options.procedure ?? budget, organisation, { users: people, managers: { sales: 'mark' }, now: FRIDAY });
}

/** An AppError's code and structured detail, or a failure when the promise resolves. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; extensions: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: string; message: string; extensions: Record<string, unknown> };
    return { code: e.code, message: e.message, extensions: e.extensions };
  }
  throw new Error('expected the command to be refused');
}

const bigIncrease = { title: 'More servers', currentAmount: 100000, requestedAmount: '250000' };
const smallIncrease = { title: 'A few laptops', currentAmount: '100000.00', requestedAmount: 150000 };

/** A record by alice, submitted, with the increase gate opened (manager level). */
async function submittedBigIncrease(): Promise<EngineHarness> {
  const h = harness();
  await h.create(bigIncrease, 'alice');
  await h.transition('submit', 'alice');
  return h;
}

describe('budget adjustment: create', () => {
  it('stores money as exact decimal strings and computes the increase', async () => {
    const h = harness();
    const outcome = await h.create(bigIncrease, 'alice');
    expect(h.current()).toMatchObject({
      stage: 'draft',
      version: 1,
      createdBy: h.id('alice'),
      department: 'sales',
      procedureVersion: 1,
      dueAt: null,
      closedAt: null,
      gates: {},
      data: { title: 'More servers', currentAmount: '100000.00', requestedAmount: '250000.00', increase: '150000.00' },
    });
    expect(outcome.approvalRequests).toEqual([]);
    expect(h.events).toMatchObject([
      {
        seq: 1,
        type: 'created',
        actor: h.id('alice'),
        toStage: 'draft',
        changes: {
          title: { from: null, to: 'More servers' },
          currentAmount: { from: null, to: '100000.00' },
          requestedAmount: { from: null, to: '250000.00' },
          increase: { from: null, to: '150000.00' },
        },
      },
    ]);
  });

  it('refuses a title that a create rule blocks, with the rule\'s message in both languages', async () => {
    const h = harness();
    const error = await refusal(h.create({ ...bigIncrease, title: 'forbidden' }, 'alice'));
    expect(error.code).toBe('TRANSITION_BLOCKED');
    expect(error.extensions.reasons).toEqual([
      { kind: 'rule', key: 'no-decrease-below-zero', message: { en: 'This title is not allowed.', 'zh-CN': '不允许使用此标题。' } },
    ]);
    expect(h.record).toBeUndefined();
    expect(h.events).toEqual([]);
  });

  it('refuses a user without a starting role with FORBIDDEN', async () => {
    const error = await refusal(harness().create(bigIncrease, 'fiona'));
    expect(error.code).toBe('FORBIDDEN');
  });
});

describe('budget adjustment: submit', () => {
  it('moves to review, due when the submit rule says (P2D, over the stage\'s 3 working days), and notifies finance', async () => {
    const h = harness();
    await h.create(bigIncrease, 'alice');
    const outcome = await h.transition('submit', 'alice', { comment: '  please look  ' });

    const record = h.current();
    expect(record.stage).toBe('review');
    expect(record.version).toBe(2);
    // Entering `review` sets dueAt from the stage's `dueIn: { workingDays: 3 }` (Wednesday 10:00);
    // the rule notify-finance's `setDue: P2D` applies after entering and wins: Sunday 29th 10:00.
    expect(record.dueAt).toEqual(new Date('2026-11-29T10:00:00Z'));

    expect(outcome.effects).toEqual([
      {
        topic: 'notify',
        payload: {
          recordId: record.id,
          procedure: 'test.budget-adjustment',
          // Rule outcomes of a transition apply after the move: the notice names the new stage.
          stage: 'review',
          to: [{ roles: ['finance-officer'] }],
          message: { en: 'A budget increase was submitted.', 'zh-CN': '有新的预算增加申请。' },
          rule: 'notify-finance',
        },
      },
    ]);
    expect(h.events.slice(1)).toMatchObject([
      { type: 'transitioned', actor: h.id('alice'), fromStage: 'draft', toStage: 'review', comment: 'please look', data: { action: 'submit' }, changes: null },
      { type: 'approval-requested', actor: null, data: { gate: 'increase-approval', level: 0, levelKey: 'manager', rowIndex: null, round: 1, approvers: [h.id('mark')] } },
    ]);
  });

  it('opens the increase gate at the department manager level only: finance has nothing to decide yet', async () => {
    const h = await submittedBigIncrease();
    expect(h.current().gates).toEqual({ 'increase-approval': { round: 1, status: 'pending', chains: { '*': { level: 0, status: 'pending' } }, stage: 'review' } });
    expect(h.approvalRows()).toEqual([{ approver: 'mark', gate: 'increase-approval', level: 0, rowIndex: null, round: 1, state: 'pending' }]);
    expect(() => h.pendingFor('fiona')).toThrow(/0 pending approvals/);
  });

  it('opens no gate for an increase of 50 000: approve needs only the approval date', async () => {
    const h = harness();
    await h.create({ title: 'Small', currentAmount: 100000, requestedAmount: 150000 }, 'alice');
    expect(h.current().data.increase).toBe('50000.00');
    const submitted = await h.transition('submit', 'alice');
    expect(submitted.approvalRequests).toEqual([]);
    expect(h.current().gates).toEqual({});

    await h.transition('approve', 'fiona', { data: { approvedOn: '2026-11-30' } });
    expect(h.current()).toMatchObject({ stage: 'approved', closedAt: FRIDAY, dueAt: null, data: { approvedOn: '2026-11-30' } });
    expect(h.events.at(-1)).toMatchObject({
      type: 'transitioned', actor: h.id('fiona'), fromStage: 'review', toStage: 'approved',
      changes: { approvedOn: { from: null, to: '2026-11-30' } }, data: { action: 'approve' },
    });
  });
});

describe('budget adjustment: the increase gate', () => {
  it('refuses approve for an increase of 150 000 naming both the missing field and the gate, in en and zh-CN', async () => {
    const h = await submittedBigIncrease();
    const error = await refusal(h.transition('approve', 'fiona'));
    expect(error.code).toBe('TRANSITION_BLOCKED');
    expect(error.extensions.reasons).toEqual([
      {
        kind: 'field',
        key: 'approvedOn',
        message: { en: '"Approved on" must be filled in before "Approved".', 'zh-CN': '进入“已批准”之前必须填写“批准日期”。' },
      },
      {
        kind: 'gate',
        key: 'increase-approval',
        message: { en: 'The approval "Increase approval" is still pending.', 'zh-CN': '“增加预算审批”审批尚未完成。' },
      },
    ]);
    expect(error.message).toContain('"approve" cannot be taken now.');
    expect(h.current().stage).toBe('review');
  });

  it('decides the levels in order: the department manager, then finance (either officer), then approve succeeds', async () => {
    const h = await submittedBigIncrease();
    const seq = h.lastSeq();
    await h.decide('mark', 'APPROVE', 'fine by me');
    expect(h.current().gates['increase-approval']).toEqual({ round: 1, status: 'pending', chains: { '*': { level: 1, status: 'pending' } }, stage: 'review' });
    expect(h.pendingApprovers()).toEqual(['felix', 'fiona']);
    expect(h.eventTypesSince(seq)).toEqual(['approval-decided', 'approval-requested']);
    expect(h.events.at(-2)).toMatchObject({
      actor: h.id('mark'), comment: 'fine by me',
      data: { gate: 'increase-approval', level: 0, levelKey: 'manager', rowIndex: null, round: 1, decision: 'APPROVE' },
    });

    // Still blocked: the gate is not approved until finance decides.
    const stillBlocked = await refusal(h.transition('approve', 'fiona', { data: { approvedOn: '2026-11-30' } }));
    expect(stillBlocked.extensions.reasons).toMatchObject([{ kind: 'gate', key: 'increase-approval' }]);

    await h.decide('felix', 'APPROVE');
    expect(h.current().gates['increase-approval']!.status).toBe('approved');
    expect(h.approvalRows({ level: 1 })).toEqual([
      { approver: 'fiona', gate: 'increase-approval', level: 1, rowIndex: null, round: 1, state: 'cancelled' },
      { approver: 'felix', gate: 'increase-approval', level: 1, rowIndex: null, round: 1, state: 'approved' },
    ]);
    expect(h.events.at(-1)).toMatchObject({ type: 'gate-approved', actor: h.id('felix'), data: { gate: 'increase-approval', round: 1 } });

    await h.transition('approve', 'fiona', { data: { approvedOn: '2026-11-30' } });
    expect(h.current()).toMatchObject({ stage: 'approved', closedAt: FRIDAY });
  });

  it('sends the record back to draft when finance rejects with a comment', async () => {
    const h = await submittedBigIncrease();
    await h.decide('mark', 'APPROVE');
    const seq = h.lastSeq();
    h.advance(HOUR);
    await h.decide('fiona', 'REJECT', '  Too much this year.  ');

    expect(h.current()).toMatchObject({ stage: 'draft', dueAt: null, closedAt: null });
    expect(h.current().gates['increase-approval']).toEqual({ round: 1, status: 'rejected', chains: { '*': { level: 1, status: 'rejected' } }, stage: 'review' });
    expect(h.approvalRows({ level: 1 }).map((a) => [a.approver, a.state])).toEqual([['fiona', 'rejected'], ['felix', 'cancelled']]);
    expect(h.approvals.find((a) => a.approver === h.id('fiona'))).toMatchObject({ comment: 'Too much this year.', decidedBy: h.id('fiona'), decidedAt: new Date(FRIDAY.getTime() + HOUR) });
    expect(h.eventTypesSince(seq)).toEqual(['approval-decided', 'gate-rejected', 'transitioned']);
    expect(h.events.at(-1)).toMatchObject({
      type: 'transitioned', fromStage: 'review', toStage: 'draft', comment: 'Too much this year.',
      data: { gate: 'increase-approval', reason: 'rejected' },
    });
  });

  // Regression: the transition that `onReject` routes is recorded as done by the approver who
  // rejected (EventDraft.actor documented accordingly), with their comment.
  it('records the transition routed by onReject as done by the approver who rejected', async () => {
    const h = await submittedBigIncrease();
    await h.decide('mark', 'REJECT', 'No.');
    expect(h.events.at(-1)).toMatchObject({ type: 'transitioned', toStage: 'draft', actor: h.id('mark'), comment: 'No.' });
  });

  it('refuses a rejection without a comment and leaves the approval open', async () => {
    const h = await submittedBigIncrease();
    const error = await refusal(h.decide('mark', 'REJECT', '   '));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.fieldErrors).toEqual([{ path: 'comment', message: { en: 'Say why you reject: a comment is required.', 'zh-CN': '驳回时必须填写意见。' } }]);
    expect(h.pendingApprovers()).toEqual(['mark']);
    expect(h.current().stage).toBe('review');
  });

  it('opens round 2 at the manager level when the rejected record is submitted again', async () => {
    const h = await submittedBigIncrease();
    await h.decide('mark', 'REJECT', 'Explain the servers.');
    expect(h.current().stage).toBe('draft');
    await h.update({ title: 'More servers, explained' }, 'alice');
    await h.transition('submit', 'alice');

    expect(h.current().gates['increase-approval']).toEqual({ round: 2, status: 'pending', chains: { '*': { level: 0, status: 'pending' } }, stage: 'review' });
    expect(h.approvalRows()).toEqual([
      { approver: 'mark', gate: 'increase-approval', level: 0, rowIndex: null, round: 1, state: 'rejected' },
      { approver: 'mark', gate: 'increase-approval', level: 0, rowIndex: null, round: 2, state: 'pending' },
    ]);
    // The round-1 decision can no longer be decided again.
    const stale = h.approvals[0]!;
    const error = await refusal(h.run({ type: 'decide', approvalId: stale.id, decision: 'APPROVE' }, 'mark'));
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('reopens the approved gate when the creator changes the requested amount in review', async () => {
    const h = await submittedBigIncrease();
    await h.decide('mark', 'APPROVE');
    await h.decide('fiona', 'APPROVE');
    expect(h.current().gates['increase-approval']!.status).toBe('approved');
    const seq = h.lastSeq();

    await h.update({ requestedAmount: '300000' }, 'alice');
    expect(h.current().data).toMatchObject({ requestedAmount: '300000.00', increase: '200000.00' });
    expect(h.eventTypesSince(seq)).toEqual(['updated', 'gate-reopened', 'approval-requested']);
    expect(h.events.find((e) => e.type === 'gate-reopened')).toMatchObject({
      actor: h.id('alice'), data: { gate: 'increase-approval', round: 1, fields: ['requestedAmount', 'increase'] },
    });
    expect(h.current().gates['increase-approval']).toEqual({ round: 2, status: 'pending', chains: { '*': { level: 0, status: 'pending' } }, stage: 'review' });
    expect(h.approvalRows({ round: 2 })).toEqual([{ approver: 'mark', gate: 'increase-approval', level: 0, rowIndex: null, round: 2, state: 'pending' }]);

    const blocked = await refusal(h.transition('approve', 'fiona', { data: { approvedOn: '2026-11-30' } }));
    expect(blocked.extensions.reasons).toMatchObject([{ kind: 'gate', key: 'increase-approval', message: { en: 'The approval "Increase approval" is still pending.' } }]);
  });

  it('cancels the open decisions when the amount changes while the gate is still pending', async () => {
    const h = await submittedBigIncrease();
    await h.update({ requestedAmount: 260000 }, 'alice');
    expect(h.approvalRows()).toEqual([
      { approver: 'mark', gate: 'increase-approval', level: 0, rowIndex: null, round: 1, state: 'cancelled' },
      { approver: 'mark', gate: 'increase-approval', level: 0, rowIndex: null, round: 2, state: 'pending' },
    ]);
  });

  // Regression: a transition that carries data used to bypass `reopenOn`, letting a gate approved
  // for one amount pass a different amount.
  it('reopens the gate when a transition carries a change to a reopenOn field', async () => {
    const source = budget.source;
    const variant = normaliseProcedure({
      ...source,
      stages: source.stages.map((s) => (s.key === 'review' ? { ...s, editable: [{ fields: ['approvedOn', 'requestedAmount'], by: { roles: ['finance-officer'] } }] } : s)),
    } as ProcedureDef);
    const h = harness({ procedure: variant });
    await h.create(bigIncrease, 'alice');
    await h.transition('submit', 'alice');
    await h.decide('mark', 'APPROVE');
    await h.decide('fiona', 'APPROVE');

    const error = await refusal(h.transition('approve', 'fiona', { data: { approvedOn: '2026-11-30', requestedAmount: '900000' } }));
    expect(error.code).toBe('TRANSITION_BLOCKED');
    expect(error.extensions.reasons).toContainEqual(expect.objectContaining({ kind: 'gate', key: 'increase-approval' }));
    expect(h.current().gates['increase-approval']!.status).toBe('approved');
  });

  // Regression: a `setField` outcome with `expression` used to be ignored.
  it('applies a setField outcome given as an expression', async () => {
    const source = budget.source;
    const variant = normaliseProcedure({
      ...source,
      rules: [
        ...(source.rules ?? []),
        { key: 'title-upper', on: { events: ['create'] }, when: { all: [{ fact: 'data', path: '$.title', operator: 'isNotEmpty', value: true }] }, then: { type: 'setField', field: 'title', expression: '$uppercase(title)' } },
      ],
    } as ProcedureDef);
    const h = harness({ procedure: variant });
    await h.create(bigIncrease, 'alice');
    expect(h.current().data.title).toBe('MORE SERVERS');
  });

  it('excludes the creator from approving their own record, even as the department manager', async () => {
    const h = harness();
    await h.create(bigIncrease, 'mark');
    const submitted = await h.transition('submit', 'mark');
    expect(submitted.approvalRequests).toEqual([
      { gate: 'increase-approval', level: 0, rowIndex: null, round: 1, approvers: [{ departmentManager: true }], exclude: [h.id('mark')], excludeWho: [] },
    ]);
    expect(h.approvals).toEqual([]);
    expect(h.events.at(-1)).toMatchObject({ type: 'approval-requested', data: { approvers: [] } });

    // Even an approval forged for the creator is refused by the engine.
    h.approvals.push({
      id: '00000009-0000-4000-8000-000000000001', gate: 'increase-approval', level: 0, rowIndex: null, round: 1,
      approver: h.id('mark'), state: 'pending', decidedAt: null, comment: null, decidedBy: null, approvers: [h.id('mark')],
    });
    const error = await refusal(h.decide('mark', 'APPROVE'));
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: '"Increase approval" does not allow approving your own record.' });
  });

  it('refuses a decision by someone other than the approver asked', async () => {
    const h = await submittedBigIncrease();
    const approval = h.pendingFor('mark');
    const error = await refusal(h.run({ type: 'decide', approvalId: approval.id, decision: 'APPROVE' }, 'fiona'));
    expect(error.code).toBe('FORBIDDEN');
    const missing = await refusal(h.run({ type: 'decide', approvalId: '00000009-0000-4000-8000-000000000009', decision: 'APPROVE' }, 'mark'));
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('budget adjustment: refusals', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = harness();
    await h.create(smallIncrease, 'alice');
  });

  it('refuses an update of a field the stage does not let the actor edit, with field errors', async () => {
    await h.transition('submit', 'alice');
    const error = await refusal(h.update({ title: 'Renamed', requestedAmount: 160000 }, 'alice'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.fieldErrors).toEqual([
      { path: 'title', message: { en: 'you may not change this field in this stage', 'zh-CN': '您不能在当前阶段修改此字段' } },
    ]);
    expect(h.current().data.title).toBe('A few laptops');

    const computed = await refusal(h.update({ increase: 1 }, 'alice'));
    expect(computed.extensions.fieldErrors).toEqual([
      { path: 'increase', message: { en: 'is computed from other fields and cannot be set', 'zh-CN': '由其他字段计算得出，不能填写' } },
    ]);
  });

  it('refuses an update that a rule blocks', async () => {
    const error = await refusal(h.update({ title: 'forbidden' }, 'alice'));
    expect(error.code).toBe('TRANSITION_BLOCKED');
    expect(error.extensions.reasons).toMatchObject([{ kind: 'rule', key: 'no-decrease-below-zero', message: { en: 'This title is not allowed.' } }]);
  });

  it('changes nothing, not even the version, for an update that changes nothing', async () => {
    const outcome = await h.update({ title: 'A few laptops' }, 'alice');
    expect(outcome.events).toEqual([]);
    expect(h.current().version).toBe(1);
    expect(h.events).toHaveLength(1);
  });

  it('refuses an action that does not exist in the stage (kind "action")', async () => {
    const error = await refusal(h.transition('approve', 'fiona'));
    expect(error.code).toBe('TRANSITION_BLOCKED');
    expect(error.extensions.reasons).toEqual([
      { kind: 'action', key: 'approve', message: { en: 'There is no action "approve" in the stage "Draft".', 'zh-CN': '“草稿”阶段没有“approve”操作。' } },
    ]);
  });

  it('refuses an action to a user the action does not name (kind "permission")', async () => {
    await h.transition('submit', 'alice');
    const error = await refusal(h.transition('approve', 'erin', { data: {} }));
    expect(error.code).toBe('TRANSITION_BLOCKED');
    expect(error.extensions.reasons).toEqual([
      { kind: 'permission', key: 'approve', message: { en: 'You may not take the action "Approve".', 'zh-CN': '您无权执行“批准”。' } },
      { kind: 'field', key: 'approvedOn', message: { en: '"Approved on" must be filled in before "Approved".', 'zh-CN': '进入“已批准”之前必须填写“批准日期”。' } },
    ]);
  });

  it('refuses withdraw without a comment (kind "comment") and accepts it with one', async () => {
    const error = await refusal(h.transition('withdraw', 'alice', { comment: ' ' }));
    expect(error.extensions.reasons).toEqual([
      { kind: 'comment', key: 'withdraw', message: { en: '"Withdraw" needs a comment.', 'zh-CN': '“撤回”需要填写意见。' } },
    ]);
    await h.transition('withdraw', 'alice', { comment: 'Not needed after all.' });
    expect(h.current()).toMatchObject({ stage: 'withdrawn', closedAt: FRIDAY });
  });

  it('refuses every change to a closed record with BAD_REQUEST, but still takes comments', async () => {
    await h.transition('withdraw', 'alice', { comment: 'Not needed.' });
    const closed = /The record is closed \(stage "withdrawn"\)/;
    for (const attempt of [
      h.update({ title: 'Again' }, 'alice'),
      h.transition('submit', 'alice'),
      h.transition('withdraw', 'alice', { comment: 'again' }),
      h.run({ type: 'decide', approvalId: '00000009-0000-4000-8000-000000000001', decision: 'APPROVE' }, 'mark'),
    ]) {
      const error = await refusal(attempt);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(closed);
    }
    const version = h.current().version;
    await h.run({ type: 'comment', body: ' for the record ' }, 'erin');
    expect(h.events.at(-1)).toMatchObject({ type: 'commented', actor: h.id('erin'), comment: 'for the record' });
    expect(h.current().version).toBe(version);
  });
});
