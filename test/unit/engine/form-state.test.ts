import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../server/src/engine/engine.types.js';
import { formState, type FormState } from '../../../server/src/engine/form-state.js';
import { EngineHarness, loadEngineDefinitions } from '../../support/engine-harness.js';

// The pure form state: the same merge, computation and grants the commands use, as an answer.
const { organisation, procedure } = await loadEngineDefinitions();
const budget = procedure('test.budget-adjustment');
const NOW = new Date('2026-11-27T10:00:00Z');

const people = [
  { username: 'alice', roles: ['employee'], department: 'sales' },
  { username: 'mark', roles: ['employee', 'manager'], department: 'sales' },
  { username: 'fiona', roles: ['finance-officer'], department: 'finance' },
];

function harness(): EngineHarness {
  return new EngineHarness(budget, organisation, { users: people, managers: { sales: 'mark' }, now: NOW });
}

function actor(h: EngineHarness, username: string): Actor {
  const user = h.user(username);
  return { id: user.id, username: user.username, roles: user.roles, department: user.department, isAdmin: false };
}

const editable = (state: FormState) => state.fields.filter((f) => f.editable).map((f) => f.path);

describe('formState', () => {
  it('describes a new record as create would start it: the initial stage, its grants, defaults and computed fields', async () => {
    const h = harness();
    const state = await formState({
      procedure: budget,
      newRecord: { procedureVersion: 1, department: 'sales' },
      actor: actor(h, 'alice'),
      draft: { title: 'Laptops', currentAmount: '100', requestedAmount: '150.5', approvedOn: '2026-12-01' },
      directory: h.directory(),
      now: NOW,
    });
    expect(state.record).toMatchObject({ stage: 'draft', createdBy: h.id('alice'), department: 'sales', data: {} });
    expect(editable(state)).toEqual(['title', 'currentAmount', 'requestedAmount']);
    // approvedOn is a later stage's: the draft's value is ignored, and nothing is refused for it.
    expect(state.data).toEqual({ title: 'Laptops', currentAmount: '100.00', requestedAmount: '150.50', increase: '50.50' });
    expect(state.fieldErrors).toEqual([]);
    expect(state.fields.find((f) => f.path === 'title')).toEqual({ path: 'title', visible: true, required: true, editable: true });
  });

  it('gives what the update command then stores for the same draft', async () => {
    // The last is refused (too many decimals), with the errors the form state names.
    const drafts = [{ requestedAmount: '175.25' }, { title: 'Servers', currentAmount: '0.1', requestedAmount: '0.3' }, { currentAmount: '12.345' }];
    const outcomes: string[] = [];
    for (const draft of drafts) {
      const h = harness();
      await h.create({ title: 'Laptops', currentAmount: '100', requestedAmount: '150' }, 'alice');
      const state = await formState({ procedure: budget, record: h.current(), actor: actor(h, 'alice'), draft, directory: h.directory(), now: NOW });
      const refused = await h.update(draft, 'alice').then(
        () => undefined,
        (error: { extensions?: { fieldErrors?: unknown } }) => error.extensions?.fieldErrors,
      );
      if (refused) expect(state.fieldErrors, JSON.stringify(draft)).toEqual(refused);
      else expect(state.data, JSON.stringify(draft)).toEqual(h.current().data);
      outcomes.push(refused ? 'refused' : 'stored');
    }
    expect(outcomes).toEqual(['stored', 'stored', 'refused']);
  });

  it('follows the stage and the person: in review the applicant may change the amount, finance the date', async () => {
    const h = harness();
    await h.create({ title: 'Laptops', currentAmount: '100', requestedAmount: '150' }, 'alice');
    await h.transition('submit', 'alice');
    const of = (username: string, draft = {}) => formState({ procedure: budget, record: h.current(), actor: actor(h, username), draft, directory: h.directory(), now: NOW });
    expect(editable(await of('alice'))).toEqual(['requestedAmount']);
    expect(editable(await of('fiona'))).toEqual(['approvedOn']);
    expect(editable(await of('mark'))).toEqual([]);
    // What the caller may not change keeps its stored value.
    expect((await of('mark', { requestedAmount: '999' })).data).toMatchObject({ requestedAmount: '150.00', increase: '50.00' });
    expect((await of('alice', { requestedAmount: '999' })).data).toMatchObject({ requestedAmount: '999.00', increase: '899.00' });
  });

  it('lets nobody change a closed record', async () => {
    const h = harness();
    await h.create({ title: 'Laptops', currentAmount: '100', requestedAmount: '150' }, 'alice');
    await h.transition('withdraw', 'alice', { comment: 'Not needed' });
    expect(h.current().closedAt).not.toBeNull();
    const state = await formState({ procedure: budget, record: h.current(), actor: actor(h, 'alice'), draft: { title: 'Again' }, directory: h.directory(), now: NOW });
    expect(editable(state)).toEqual([]);
    expect(state.data.title).toBe('Laptops');
  });
});
