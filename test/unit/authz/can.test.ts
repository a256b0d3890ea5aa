import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { can, type RecordParticipants } from '../../../server/src/authz/can.js';
import { redactChanges, redactData } from '../../../server/src/authz/redact.js';
import { loadDefinitions } from '../../../server/src/definitions/definition-set.js';
import type { Procedure } from '../../../server/src/definitions/definition.types.js';
import type { Actor, Directory, RecordState } from '../../../server/src/engine/engine.types.js';
import { fixturesDir, validDefinitionsDir } from '../../support/fixtures.js';

async function procedures(dir: string): Promise<ReadonlyMap<string, Procedure>> {
  const loaded = await loadDefinitions(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems, null, 2));
  return loaded.set.registry.procedures;
}

let expense: Procedure;
let budget: Procedure;
beforeAll(async () => {
  expense = (await procedures(validDefinitionsDir)).get('test.expense')!;
  budget = (await procedures(path.join(fixturesDir, 'engine'))).get('test.budget-adjustment')!;
});

const actor = (username: string, department: string | null, roles: string[], isAdmin = false): Actor => ({ id: `u-${username}`, username, department, roles, isAdmin });
const alice = actor('alice', 'sales', ['employee']);
const bob = actor('bob', 'sales', ['employee']);
const gus = actor('gus', 'management', ['manager']); // manages sales without belonging to it
const eve = actor('eve', 'management', ['executive']);
const fiona = actor('fiona', 'finance', ['finance-officer']);
const frank = actor('frank', 'management', ['finance-officer']);
const otto = actor('otto', 'finance', ['employee']);
const ivan = actor('ivan', 'finance', ['employee']);
const ann = actor('ann', 'finance', ['manager']);
const root = actor('root', null, [], true);

const directory: Directory = {
  departmentManagers: new Map([['sales', gus.id], ['finance', null]]),
  userIds: new Map(),
  people: new Map(),
  departments: new Set(['management', 'finance', 'sales']),
  linkedRecords: new Map(),
};
const nobodyAsked: RecordParticipants = { approvers: new Set() };

function record(over: Partial<RecordState> = {}): RecordState {
  const at = new Date('2026-11-27T09:00:00Z');
  return {
    id: 'rec-1',
    procedureKey: 'test.expense',
    procedureVersion: 1,
    stage: 'draft',
    data: { title: 'Fair', category: 'travel', lines: [{ spentOn: '2026-11-20', amount: '120.00', approver: ann.id }], total: '120.00', paidOn: '2026-11-30' },
    version: 1,
    createdBy: alice.id,
    department: 'sales',
    assignee: null,
    dueAt: null,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    gates: {},
    ...over,
  };
}

const read = (who: Actor, rec: RecordState, participants = nobodyAsked, procedure = expense) =>
  can(who, 'record.read', { procedure, record: rec, participants, directory });

describe('procedure.start', () => {
  it('allows whoever matches `start`: an employee, or a manager of sales', () => {
    expect(can(alice, 'procedure.start', { procedure: expense, directory })).toEqual({ allowed: true });
    expect(can(actor('mona', 'sales', ['manager']), 'procedure.start', { procedure: expense, directory }).allowed).toBe(true);
  });

  it('refuses a manager of another department, with the reason', () => {
    expect(can(ann, 'procedure.start', { procedure: expense, directory })).toEqual({
      allowed: false,
      reason: 'You may not start "Expense claim": the procedure names who may start it, and your roles and department are not among them.',
    });
  });

  it('gives administrators no exception: starting is a business act', () => {
    expect(can(root, 'procedure.start', { procedure: expense, directory }).allowed).toBe(false);
    expect(can({ ...alice, isAdmin: true }, 'procedure.start', { procedure: expense, directory }).allowed).toBe(true);
  });
});

describe('record.read', () => {
  const refused = {
    allowed: false,
    reason: 'You may not see this record: it belongs to another department, you take no part in it, and its procedure does not name you as a reader.',
  };

  it('lets administrators read any record', () => {
    expect(read(root, record())).toEqual({ allowed: true });
  });

  it("lets the record's department read it, and refuses another department", () => {
    expect(read(bob, record()).allowed).toBe(true);
    expect(read(otto, record())).toEqual(refused);
  });

  it('lets the creator, the assignee and anyone asked to approve read it', () => {
    const elsewhere = record({ department: 'management', createdBy: alice.id, assignee: ivan.id });
    expect(read(alice, elsewhere).allowed).toBe(true);
    expect(read(ivan, elsewhere).allowed).toBe(true);
    expect(read(ann, elsewhere)).toEqual(refused);
    // Asked once, whatever became of the approval: still part of the record.
    expect(read(ann, elsewhere, { approvers: new Set([ann.id]) }).allowed).toBe(true);
  });

  it("lets the procedure's readers read it in every stage", () => {
    for (const stage of ['draft', 'review', 'payment', 'paid']) expect(read(eve, record({ stage })).allowed).toBe(true);
  });

  it('lets those responsible for the current stage read it, and only in that stage', () => {
    // payment: finance officers of finance; fiona is one, frank (management) is not.
    expect(read(fiona, record({ stage: 'payment' })).allowed).toBe(true);
    expect(read(fiona, record({ stage: 'review' }))).toEqual(refused);
    // review: the department manager (gus manages sales without belonging to it).
    expect(read(gus, record({ stage: 'review' })).allowed).toBe(true);
    expect(read(gus, record({ stage: 'paid' }))).toEqual(refused);
  });

  it('lets whoever may take an action from the current stage read it, guards notwithstanding', () => {
    // `pay` (payment → paid) is by finance officers of any department.
    expect(read(frank, record({ stage: 'payment' })).allowed).toBe(true);
    expect(read(frank, record({ stage: 'review' }))).toEqual(refused);
    // A budget adjustment in review can be approved by finance officers; in draft only its creator acts.
    const adjustment = record({ procedureKey: 'test.budget-adjustment', data: { title: 'Fair' } });
    expect(read(frank, { ...adjustment, stage: 'review' }, nobodyAsked, budget).allowed).toBe(true);
    expect(read(frank, adjustment, nobodyAsked, budget)).toEqual(refused);
  });
});

describe('record.update and record.transition', () => {
  it('require record.read, with the same reason and no hint about what would be open', () => {
    for (const action of ['record.update', 'record.transition'] as const) {
      const resource = { procedure: expense, record: record(), participants: nobodyAsked, directory };
      expect(can(otto, action, resource)).toEqual(read(otto, record()));
      expect(can(otto, action, resource).allowed).toBe(false);
    }
  });

  it('leave the details to the engine: a reader is let through even without an editable grant', () => {
    const resource = { procedure: expense, record: record(), participants: nobodyAsked, directory };
    expect(can(bob, 'record.update', resource)).toEqual({ allowed: true });
    expect(can(bob, 'record.transition', resource)).toEqual({ allowed: true });
  });
});

describe('field.read', () => {
  const field = (who: Actor, key: string) => can(who, 'field.read', { procedure: expense, field: key, record: record(), directory });

  it('restricts a field with readers to them (paidOn: finance officers)', () => {
    expect(field(fiona, 'paidOn')).toEqual({ allowed: true });
    expect(field(alice, 'paidOn')).toEqual({
      allowed: false,
      reason: 'The field "Paid on" is restricted to the readers its procedure names, and you are not among them.',
    });
    // Reading the record (executives) does not open its restricted fields.
    expect(field(eve, 'paidOn').allowed).toBe(false);
  });

  it('lets administrators read restricted fields: they administer the data', () => {
    expect(field(root, 'paidOn').allowed).toBe(true);
  });

  it('leaves fields without readers, and undeclared keys, open', () => {
    expect(field(alice, 'title').allowed).toBe(true);
    expect(field(alice, 'lines.amount').allowed).toBe(true);
    expect(field(alice, 'legacyNote').allowed).toBe(true);
  });
});

describe('redactData and redactChanges', () => {
  it('strip the restricted field for those who may not read it, and only for them', () => {
    const data = record().data;
    expect(redactData(alice, expense, record(), directory)).toEqual({ ...data, paidOn: undefined });
    expect(Object.keys(redactData(alice, expense, record(), directory))).not.toContain('paidOn');
    expect(redactData(fiona, expense, record(), directory)).toEqual(data);
    expect(redactData(root, expense, record(), directory)).toEqual(data);
  });

  it('strip restricted fields from history changes', () => {
    const changes = { title: { from: 'Fair', to: 'Trade fair' }, paidOn: { from: null, to: '2026-11-30' } };
    expect(redactChanges(alice, expense, record(), directory, changes)).toEqual({ title: changes.title });
    expect(redactChanges(fiona, expense, record(), directory, changes)).toEqual(changes);
  });

  it('strip a restricted column row by row, judging `userField: table.column` readers on each row', () => {
    const perLine: Procedure = {
      ...expense,
      fields: expense.fields.map((f) =>
        f.key === 'lines' ? { ...f, columns: f.columns!.map((c) => (c.key === 'amount' ? { ...c, readers: [{ userField: 'lines.approver' }] } : c)) } : f,
      ),
    };
    const lines = [
      { spentOn: '2026-11-20', amount: '120.00', approver: ann.id },
      { spentOn: '2026-11-21', amount: '80.00', approver: otto.id },
    ];
    const rec = record({ data: { title: 'Fair', lines } });
    expect(redactData(ann, perLine, rec, directory)).toEqual({ title: 'Fair', lines: [lines[0], { spentOn: '2026-11-21', approver: otto.id }] });
    const changes = { lines: { from: [], to: lines } };
    expect(redactChanges(otto, perLine, rec, directory, changes)).toEqual({
      lines: { from: [], to: [{ spentOn: '2026-11-20', approver: ann.id }, lines[1]] },
    });
  });
});

describe('administration', () => {
  it('is for administrators only, with the reason', () => {
    expect(can(root, 'definitions.edit')).toEqual({ allowed: true });
    expect(can(root, 'users.manage')).toEqual({ allowed: true });
    expect(can(root, 'tokens.manageOthers')).toEqual({ allowed: true });
    expect(can(eve, 'definitions.edit')).toEqual({ allowed: false, reason: 'Only an administrator may edit or publish procedure definitions.' });
    expect(can(eve, 'users.manage')).toEqual({ allowed: false, reason: 'Only an administrator may create or change users.' });
    expect(can(eve, 'tokens.manageOthers')).toEqual({ allowed: false, reason: "Only an administrator may manage other users' API tokens." });
  });
});
