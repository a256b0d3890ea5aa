import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsFrom, can } from '../../../server/src/authz/can.js';
import { myTasksWhere, visibleRecordsWhere, type ProcedureScope } from '../../../server/src/authz/record-visibility.sql.js';
import type { SqlFragment } from '../../../server/src/authz/who.sql.js';
import { loadDefinitions } from '../../../server/src/definitions/definition-set.js';
import type { Procedure, ProcedureDef } from '../../../server/src/definitions/definition.types.js';
import { normaliseProcedure } from '../../../server/src/definitions/normalise.js';
import type { Actor, Directory, RecordData, RecordState } from '../../../server/src/engine/engine.types.js';
import { actorMatches } from '../../../server/src/engine/who.js';
import { whoContext } from '../../../server/src/engine/command-context.js';
import { Approval } from '../../../server/src/persistence/entities/approval.entity.js';
import { Department } from '../../../server/src/persistence/entities/department.entity.js';
import { ProcedureVersion } from '../../../server/src/persistence/entities/procedure-version.entity.js';
import { ProcedureRecord } from '../../../server/src/persistence/entities/record.entity.js';
import { User } from '../../../server/src/persistence/entities/user.entity.js';
import { importDefinitions } from '../../../server/src/services/definitions.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { fixturesDir, validDefinitionsDir } from '../../support/fixtures.js';

const visibilityDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'definitions');

interface Profile {
  readonly department: string | null;
  readonly roles?: string[];
  readonly manages?: string;
  readonly admin?: boolean;
}

/** Who is who: each person is there for one rule of record.read (or none). */
const people: Record<string, Profile> = {
  alice: { department: 'sales', roles: ['employee'] }, // creates most records
  bob: { department: 'sales', roles: ['employee'] }, // the records' department
  gus: { department: 'management', roles: ['manager'], manages: 'sales' }, // department manager from outside
  mona: { department: 'production', roles: ['manager'], manages: 'production' },
  eve: { department: 'management', roles: ['executive'] }, // readers of expense claims; closes visibility records
  fiona: { department: 'finance', roles: ['finance-officer'] }, // responsible for payment
  frank: { department: 'management', roles: ['finance-officer'] }, // may pay, not responsible
  ann: { department: 'finance', roles: ['manager'] }, // readers of visibility records (manager of finance)
  vera: { department: 'market', roles: ['employee'] }, // named reader of visibility version 1
  walt: { department: 'market', roles: ['employee'] }, // named reader of visibility version 2
  rita: { department: 'market', roles: ['reviewer'] }, // may check visibility records; asked on a purchase
  hank: { department: 'rnd', roles: ['employee'] }, // a visibility record's handler
  audrey: { department: 'market', roles: ['employee'] }, // a visibility record's auditor
  ivan: { department: 'rnd', roles: ['employee'] }, // an assignee
  paula: { department: 'rnd', roles: ['reviewer'] }, // asked to approve a design review
  nemo: { department: null, roles: [] }, // nobody in particular
  root: { department: null, roles: [], admin: true },
};

let db: TestDatabase;
let tmp: string;
const ids: Record<string, string> = {};
const actors = new Map<string, Actor>();
/** Every published version by its id. */
const versions = new Map<string, { procedure: Procedure; version: number }>();
let directory: Directory;

const em = () => db.em.fork();
const id = (name: string) => ids[name]!;

async function importDir(dir: string): Promise<void> {
  const loaded = await loadDefinitions(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems, null, 2));
  await importDefinitions(db.em.fork(), loaded.set);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await importDir(validDefinitionsDir);
  await importDir(path.join(fixturesDir, 'engine'));
  await importDir(visibilityDir);
  // Version 2 of test.visibility names another reader: records pinned to version 1 keep vera.
  tmp = await mkdtemp(path.join(tmpdir(), 'procedo-visibility-'));
  await cp(visibilityDir, tmp, { recursive: true });
  const file = path.join(tmp, 'test', 'visibility.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('users: [vera]', 'users: [walt]'));
  await importDir(tmp);

  const setup = em();
  const users = new Map<string, User>();
  for (const [username, profile] of Object.entries(people)) {
    const user = setup.create(User, {
      username,
      displayName: username,
      passwordHash: null,
      department: profile.department,
      roles: profile.roles ?? [],
      isAdmin: profile.admin ?? false,
    });
    users.set(username, user);
    if (profile.manages) setup.assign(await setup.findOneOrFail(Department, { key: profile.manages }), { manager: user });
  }
  await setup.flush();
  for (const [username, { id: userId }] of users) {
    const profile = people[username]!;
    ids[username] = userId;
    actors.set(username, { id: userId, username, roles: profile.roles ?? [], department: profile.department, isAdmin: profile.admin ?? false });
  }

  for (const row of await em().find(ProcedureVersion, { status: 'published' })) {
    versions.set(row.id, { procedure: normaliseProcedure(row.definition as unknown as ProcedureDef), version: row.version });
  }
  const departments = await em().find(Department, {});
  directory = {
    departmentManagers: new Map(departments.map((d) => [d.key, d.manager?.id ?? null])),
    userIds: new Map(Object.entries(ids)),
    people: new Map(Object.values(ids).map((id) => [id, { id, department: null, roles: [], manager: null }])),
    departments: new Set(departments.map((d) => d.key)),
    linkedRecords: new Map(),
  };
  await insertRecords();
});

afterAll(async () => {
  await db?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

interface RecordRow {
  readonly key: string;
  readonly version?: number;
  readonly stage: string;
  readonly by: string;
  readonly department?: string;
  readonly assignee?: string;
  readonly data?: RecordData;
  readonly approvals?: readonly { readonly approver: string; readonly state: 'pending' | 'approved' | 'rejected' | 'cancelled' }[];
}

/** Named records, so that a failing comparison says which one. */
const names = new Map<string, string>();

async function insertRecords(): Promise<void> {
  const rows: Record<string, RecordRow> = {
    'expense draft': { key: 'test.expense', stage: 'draft', by: 'alice', data: { title: 'Fair', paidOn: '2026-11-30' } },
    'expense review': { key: 'test.expense', stage: 'review', by: 'alice' },
    'expense payment': { key: 'test.expense', stage: 'payment', by: 'alice' },
    'expense paid': { key: 'test.expense', stage: 'paid', by: 'alice' },
    'expense rejected': { key: 'test.expense', stage: 'rejected', by: 'alice' },
    'expense of rnd in review': { key: 'test.expense', stage: 'review', by: 'ivan', department: 'rnd' },
    'budget draft': { key: 'test.budget-adjustment', stage: 'draft', by: 'alice' },
    'budget review': { key: 'test.budget-adjustment', stage: 'review', by: 'alice', assignee: 'ivan' },
    'design review': {
      key: 'test.design-review',
      stage: 'review',
      by: 'hank',
      approvals: [{ approver: 'paula', state: 'pending' }, { approver: 'rita', state: 'cancelled' }],
    },
    'purchase approval': { key: 'test.purchase-request', stage: 'approval', by: 'alice', approvals: [{ approver: 'rita', state: 'pending' }] },
    'visibility open': { key: 'test.visibility', version: 1, stage: 'open', by: 'alice', assignee: 'ivan' },
    'visibility handling': {
      key: 'test.visibility',
      version: 1,
      stage: 'handling',
      by: 'alice',
      data: { title: 'Audit', handler: id('hank'), auditor: id('audrey'), note: 'ok' },
    },
    'visibility handling, handler not a user': { key: 'test.visibility', version: 2, stage: 'handling', by: 'alice', data: { title: 'Odd', handler: 42 } },
    'visibility check in sales': { key: 'test.visibility', version: 2, stage: 'check', by: 'alice' },
    'visibility check in rnd': { key: 'test.visibility', version: 2, stage: 'check', by: 'hank', department: 'rnd' },
    'visibility check in production': { key: 'test.visibility', version: 1, stage: 'check', by: 'hank', department: 'production' },
    'visibility public': { key: 'test.visibility', version: 2, stage: 'public', by: 'hank', department: 'rnd' },
    'visibility done': { key: 'test.visibility', version: 1, stage: 'done', by: 'hank', department: 'rnd' },
  };
  const tx = em();
  const created = new Map<string, ProcedureRecord>();
  for (const [name, row] of Object.entries(rows)) {
    const [versionId, { procedure }] = [...versions].find(([, v]) => v.procedure.key === row.key && v.version === (row.version ?? 1))!;
    const stage = procedure.stages.find((s) => s.key === row.stage)!;
    const record = tx.create(ProcedureRecord, {
      procedureKey: row.key,
      procedureVersion: versionId,
      stage: row.stage,
      data: { title: name, ...row.data },
      createdBy: id(row.by),
      department: row.department ?? people[row.by]!.department!,
      assignee: row.assignee ? id(row.assignee) : null,
      closedAt: stage.final ? new Date('2026-11-27T09:00:00Z') : null,
    });
    created.set(name, record);
    for (const approval of row.approvals ?? []) {
      tx.create(Approval, { record, gate: procedure.gates[0]!.key, level: 0, state: approval.state, approvers: {}, approver: id(approval.approver) });
    }
  }
  await tx.flush();
  for (const [name, record] of created) names.set(record.id, name);
}

interface Stored {
  readonly state: RecordState;
  readonly procedure: Procedure;
  readonly approvals: readonly { readonly approver: string; readonly state: string }[];
}

async function storedRecords(): Promise<Stored[]> {
  const rows = await em().find(ProcedureRecord, {}, { populate: ['procedureVersion'] });
  const approvals = await em().find(Approval, {});
  return rows.map((row) => {
    const { procedure, version } = versions.get(row.procedureVersion.id)!;
    const state: RecordState = {
      id: row.id,
      procedureKey: row.procedureKey,
      procedureVersion: version,
      stage: row.stage,
      data: row.data,
      version: row.version,
      createdBy: row.createdBy.id,
      department: row.department,
      assignee: row.assignee?.id ?? null,
      dueAt: null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      closedAt: row.closedAt ?? null,
      gates: {},
    };
    const asked = approvals.filter((a) => a.record.id === row.id).map((a) => ({ approver: a.approver!.id, state: a.state }));
    return { state, procedure, approvals: asked };
  });
}

function managedBy(actor: Actor): string[] {
  return [...directory.departmentManagers].filter(([, manager]) => manager === actor.id).map(([key]) => key);
}

async function select(where: SqlFragment): Promise<string[]> {
  const rows = await em().getConnection().execute<{ id: string }[]>(`select r.id from records r where ${where.sql}`, where.params);
  return rows.map((r) => names.get(r.id)!).sort();
}

/** Every published version, each pinned to its id. */
const pinned = (): ProcedureScope[] => [...versions].map(([versionId, { procedure }]) => ({ procedure, versionId }));

function readableByCan(actor: Actor, records: readonly Stored[]): string[] {
  return records
    .filter(({ state, procedure, approvals }) => {
      const participants = { approvers: new Set(approvals.map((a) => a.approver)) };
      return can(actor, 'record.read', { procedure, record: state, participants, directory }).allowed;
    })
    .map((r) => names.get(r.state.id)!)
    .sort();
}

/** myTasks stated over loaded records with the engine's own matching, to compare with the SQL. */
function tasksByJs(actor: Actor, records: readonly Stored[]): string[] {
  return records
    .filter(({ state, procedure, approvals }) => {
      if (state.closedAt !== null) return false;
      if (approvals.some((a) => a.approver === actor.id && a.state === 'pending')) return true;
      return actionsFrom(procedure, state.stage).some((a) => actorMatches(a.by, actor, whoContext(state), directory));
    })
    .map((r) => names.get(r.state.id)!)
    .sort();
}

describe('visibleRecordsWhere', () => {
  it('selects exactly the records can(record.read) allows, for every actor', async () => {
    const records = await storedRecords();
    for (const [username, actor] of actors) {
      const sql = await select(visibleRecordsWhere(actor, pinned(), managedBy(actor)));
      expect({ username, records: sql }).toEqual({ username, records: readableByCan(actor, records) });
    }
  });

  it('sees what each rule grants, not everything and not nothing', async () => {
    const visible = async (name: string) => select(visibleRecordsWhere(actors.get(name)!, pinned(), managedBy(actors.get(name)!)));
    expect(await visible('root')).toHaveLength(names.size);
    expect(await visible('nemo')).toEqual(['visibility public']);
    // Readers of every expense claim, and closers of visibility records in `public`.
    expect(await visible('eve')).toEqual(['expense draft', 'expense of rnd in review', 'expense paid', 'expense payment', 'expense rejected', 'expense review', 'visibility public']);
    // Responsible for payment; may approve budget adjustments in review.
    expect(await visible('fiona')).toEqual(['budget review', 'expense payment', 'visibility public']);
    // Department manager of sales: expense claims in review (responsible, approve, reject) and payment
    // (reject), visibility records of sales in check (responsible, publish).
    expect(await visible('gus')).toEqual(['expense payment', 'expense review', 'visibility check in sales', 'visibility public']);
    // The handler (user field) of one record, and asked on another; a non-user handler names nobody.
    expect(await visible('hank')).toContain('visibility handling');
    expect(await visible('audrey')).toEqual(['visibility handling', 'visibility public']);
    // Named reader on version 1 only; walt on version 2 only.
    expect((await visible('vera')).filter((n) => n.startsWith('visibility') && !n.endsWith('public'))).toEqual([
      'visibility check in production',
      'visibility done',
      'visibility handling',
      'visibility open',
    ]);
    expect((await visible('walt')).filter((n) => n.startsWith('visibility'))).toEqual([
      'visibility check in rnd',
      'visibility check in sales',
      'visibility handling, handler not a user',
      'visibility public',
    ]);
    // Asked on a purchase (pending) and on a design review (cancelled): both stay visible.
    expect(await visible('rita')).toEqual(['design review', 'purchase approval', 'visibility handling', 'visibility handling, handler not a user', 'visibility public']);
  });

  it('agrees with can() when each procedure is given once, for the latest version', async () => {
    const records = (await storedRecords()).filter((r) => r.state.procedureKey !== 'test.visibility' || r.state.procedureVersion === 2);
    const latest = [...versions.values()].filter((v) => v.procedure.key !== 'test.visibility' || v.version === 2).map((v) => v.procedure);
    for (const [username, actor] of actors) {
      const sql = (await select(visibleRecordsWhere(actor, latest, managedBy(actor)))).filter((n) => records.some((r) => names.get(r.state.id) === n));
      expect({ username, records: sql }).toEqual({ username, records: readableByCan(actor, records) });
    }
  });

  it('refuses a procedure given twice without a version id', () => {
    const procedure = [...versions.values()][0]!.procedure;
    expect(() => visibleRecordsWhere(actors.get('bob')!, [procedure, procedure], [])).toThrow(/more than once/);
  });

  it('carries every value as a parameter', () => {
    const where = visibleRecordsWhere(actors.get('gus')!, pinned(), ['sales']);
    expect(where.sql).not.toContain(id('gus'));
    expect(where.sql).not.toContain("'sales'");
    expect(where.params).toContain(id('gus'));
    expect(where.sql.split('?').length - 1).toBe(where.params.length);
  });
});

describe('myTasksWhere', () => {
  it('finds the open records waiting on an approver or on an actor who may take an action', async () => {
    const tasks = async (name: string) => select(myTasksWhere(actors.get(name)!, pinned(), managedBy(actors.get(name)!)));
    expect(await tasks('paula')).toEqual(['design review']);
    // Pending on the purchase; the cancelled design-review approval is no task; checks as a reviewer of market.
    expect(await tasks('rita')).toEqual(['purchase approval', 'visibility handling', 'visibility handling, handler not a user']);
    expect(await tasks('hank')).toEqual(['design review', 'visibility handling']);
    expect(await tasks('fiona')).toEqual(['budget review', 'expense payment']);
    expect(await tasks('alice')).toEqual(['budget draft', 'budget review', 'expense draft', 'purchase approval', 'visibility open']);
    // Executives may approve claims in review and close public records; paid and rejected claims,
    // which they may read, are closed and so no task.
    expect(await tasks('eve')).toEqual(['expense of rnd in review', 'expense review', 'visibility public']);
    expect(await tasks('root')).toEqual([]);
  });

  it('agrees with the engine matching every action of the current stage, for every actor', async () => {
    const records = await storedRecords();
    for (const [username, actor] of actors) {
      const sql = await select(myTasksWhere(actor, pinned(), managedBy(actor)));
      expect({ username, tasks: sql }).toEqual({ username, tasks: tasksByJs(actor, records) });
    }
  });
});
