import { describe, expect, it } from 'vitest';
import { EngineHarness, loadEngineDefinitions } from '../../support/engine-harness.js';

const { organisation, procedure } = await loadEngineDefinitions();
const duties = procedure('test.duties');
const NOW = new Date('2026-03-02T09:00:00Z');

const people = [
  { username: 'hana', roles: ['employee'], department: 'finance' },
  { username: 'emil', roles: ['employee', 'reviewer'], department: 'sales' },
  { username: 'mona', roles: ['employee', 'reviewer'], department: 'sales' },
  { username: 'rex', roles: ['reviewer'], department: 'finance' },
];

async function submitted(bonus = '40'): Promise<EngineHarness> {
  const h = new EngineHarness(duties, organisation, { users: people, now: NOW, managers: { sales: 'mona' } });
  await h.create({ employee: h.id('emil'), score: 4, bonus }, 'hana');
  await h.transition('submit', 'hana');
  return h;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; extensions: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; extensions: Record<string, unknown> };
  }
  throw new Error('expected the command to be refused');
}

describe('separation of duties', () => {
  it('never asks the person reviewed, though they hold the approvers\' role (exclude: userField)', async () => {
    const h = await submitted();
    expect(h.pendingApprovers()).toEqual(['mona', 'rex']);
  });

  it('asks the manager of the person a user field names (managerOf)', async () => {
    const h = await submitted();
    expect(h.approvalRows({ level: 0 }).map((a) => a.approver)).toContain('mona');
  });

  it('does not let whoever approved the first level decide the second (distinctApprovers)', async () => {
    const h = await submitted('200');
    await h.decide('mona', 'APPROVE');
    expect(h.pendingApprovers({ level: 1 })).toEqual(['rex']);
  });
});

describe('an approval does not survive the record leaving its stage', () => {
  it('asks again when the record comes back to review, though no watched field changed', async () => {
    const h = await submitted();
    await h.decide('rex', 'APPROVE');
    expect(h.current().gates.review).toMatchObject({ round: 1, status: 'approved' });
    await h.transition('back', 'hana');
    await h.transition('submit', 'hana');
    expect(h.current().gates.review).toMatchObject({ round: 2, status: 'pending' });
    const blocked = await refusal(h.transition('finish', 'hana'));
    expect(blocked.code).toBe('TRANSITION_BLOCKED');
  });

  it('reopens on a field a level condition reads through a computed field (bonus → total)', async () => {
    const h = await submitted();
    await h.decide('rex', 'APPROVE');
    const seq = h.lastSeq();
    await h.update({ bonus: '45' }, 'hana');
    expect(h.eventTypesSince(seq)).toContain('gate-reopened');
    expect(h.events.find((e) => e.type === 'gate-reopened')).toMatchObject({ data: { gate: 'review', fields: expect.arrayContaining(['bonus', 'total']) } });
  });
});

describe('recheck at a transition', () => {
  it('refuses to submit when the person named has since left the directory', async () => {
    const h = new EngineHarness(duties, organisation, { users: people, now: NOW, managers: { sales: 'mona' } });
    await h.create({ employee: h.id('emil'), score: 4 }, 'hana');
    (h.users as { id: string }[]).splice(h.users.findIndex((u) => u.id === h.id('emil')), 1);
    const blocked = await refusal(h.transition('submit', 'hana'));
    expect(blocked.code).toBe('TRANSITION_BLOCKED');
    expect(blocked.extensions.reasons).toMatchObject([{ kind: 'field', key: 'employee', message: { en: expect.stringContaining('"Employee" no longer holds') } }]);
  });
});
