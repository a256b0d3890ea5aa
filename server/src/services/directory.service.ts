import type { EntityManager } from '@mikro-orm/postgresql';
import { visibleRecordsWhere } from '../authz/record-visibility.sql.js';
import type { Field, Procedure, WhoEntry } from '../definitions/definition.types.js';
import type { Actor, ApprovalRequest, Directory, LinkedRecord, Person, RecordData, RecordState } from '../engine/engine.types.js';
import { numericData } from '../engine/form-data.js';
import type { ProcedureCatalog } from './procedure-catalog.js';
import { liveData } from './rollup.service.js';
import { whoContext } from '../engine/command-context.js';
import { managerOf, userFieldValue } from '../engine/who.js';
import { DomainError } from '../errors/domain-errors.js';
import { isUuid, selectCommandContext, type CommandContext } from '../persistence/record-store.js';

/** The acting user as the engine sees them; FORBIDDEN for an unknown or inactive user. */
export async function loadActor(em: EntityManager, userId: string): Promise<Actor> {
  const { actor: user } = await selectCommandContext(em, userId, undefined, { columns: 'null as nothing', params: [] });
  if (!user || !user.active) throw DomainError.forbidden('Your account is not active.');
  return { id: user.id, username: user.username, roles: user.roles, department: user.department, isAdmin: user.isAdmin };
}

/**
 * What the engine needs to know about the world for one command, looked up in a few queries:
 * department managers, the users the definition names, and the users and records that the
 * data refers to (so the engine can check them without querying).
 */
export interface DirectoryOptions {
  /** Resolves the definitions of linked records, so that their data (rollups included) becomes the `links` fact. */
  readonly catalog?: ProcedureCatalog;
  /** Locks the linked records until the transaction ends: what a rule reads of them cannot change meanwhile. */
  readonly lockLinked?: boolean;
  /**
   * For `loadDirectory`: the user whose right to pick the linked records `readable` answers (a
   * command's directory is always the acting user's). Without one, no linked record is readable,
   * so a new link is refused as an unknown id: pass the user whenever the data may be written.
   */
  readonly picker?: Actor;
}

export async function loadDirectory(em: EntityManager, procedure: Procedure, data: readonly RecordData[], options: DirectoryOptions = {}): Promise<Directory> {
  const query = directoryQuery(procedure, data);
  const [row] = await execute<Record<string, unknown>>(em, `select ${query.columns}`, query.params);
  return directoryFrom(em, query, row ?? {}, options, options.picker);
}

/**
 * A command's context (the actor, the record's approvals and last history number) and its
 * directory, in one statement: a command waits on each round trip. Read after the record's lock.
 */
export async function loadCommandContext(
  em: EntityManager,
  userId: string,
  recordId: string | undefined,
  procedure: Procedure,
  data: readonly RecordData[],
  options: DirectoryOptions = {},
): Promise<CommandContext & { readonly directory: Directory }> {
  const query = directoryQuery(procedure, data);
  const context = await selectCommandContext(em, userId, recordId, query);
  return { ...context, directory: await directoryFrom(em, query, context.extra, options, context.actor) };
}

interface DirectoryQuery {
  readonly columns: string;
  readonly params: readonly unknown[];
  readonly referencedRecords: readonly string[];
}

/** The organisation and the people a definition and its data name, as select-list columns. */
function directoryQuery(procedure: Procedure, data: readonly RecordData[]): DirectoryQuery {
  const usernames = [...namedUsers(procedure)];
  const referencedUsers = collect(procedure.fields, data, (f) => f.type === 'user').filter(isUuid);
  return {
    columns: `(select coalesce(json_agg(json_build_object('key', d.key, 'manager', d.manager_id)), '[]') from departments d) as directory_departments,
      (select coalesce(json_agg(json_build_object('id', u.id, 'username', u.username)), '[]') from users u
         where u.username in (select jsonb_array_elements_text(?::jsonb))) as directory_named,
      (select coalesce(json_agg(json_build_object('id', u.id, 'department', u.department_key, 'roles', u.roles,
           'manager', case when d.manager_id = u.id then p.manager_id else d.manager_id end)), '[]')
         from users u left join departments d on d.key = u.department_key left join departments p on p.key = d.parent_key
         where u.active and u.id in (select x::uuid from jsonb_array_elements_text(?::jsonb) as x)) as directory_people`,
    params: [JSON.stringify(usernames), JSON.stringify(referencedUsers)],
    referencedRecords: collect(procedure.fields, data, (f) => f.type === 'link').filter(isUuid),
  };
}

async function directoryFrom(em: EntityManager, query: DirectoryQuery, row: Record<string, unknown>, options: DirectoryOptions, picker: Actor | undefined): Promise<Directory> {
  const departments = parsed<{ key: string; manager: string | null }[]>(row.directory_departments);
  const named = parsed<{ id: string; username: string }[]>(row.directory_named);
  const people = parsed<Person[]>(row.directory_people);
  const linkedRecords = await linkedRows(em, query.referencedRecords, options.lockLinked ?? false);
  const managed = picker ? departments.filter((d) => d.manager === picker.id).map((d) => d.key) : [];
  const readable = await readableAmong(em, linkedRecords, picker, managed, options.catalog);
  const linked = new Map<string, LinkedRecord>();
  for (const row of linkedRecords) {
    let data: RecordData | undefined;
    if (options.catalog) {
      const definition = await options.catalog.at(em, row.procedure_key, Number(row.version));
      data = numericData(definition, await liveData(em, definition, row.id, row.data));
    }
    linked.set(row.id, { procedure: row.procedure_key, stage: row.stage, department: row.department_key, readable: readable.has(row.id), data });
  }
  return {
    departmentManagers: new Map(departments.map((d) => [d.key, d.manager ?? null])),
    departments: new Set(departments.map((d) => d.key)),
    userIds: new Map(named.map((u) => [u.username, u.id])),
    people: new Map(people.map((p) => [p.id, { ...p, roles: p.roles ?? [] }])),
    linkedRecords: linked,
  };
}

/**
 * The people an approval request asks: every active user matching one of the level's entries,
 * without those the gate excludes. Refuses when the level could never pass, so that a record is
 * never left waiting on nobody.
 */
export async function resolveApprovers(em: EntityManager, request: ApprovalRequest, record: RecordState, directory: Directory, procedure: Procedure): Promise<string[]> {
  const found = new Set<string>();
  const gate = procedure.gates.find((g) => g.key === request.gate)!;
  const row = gate.rows !== undefined && request.rowIndex !== null
    ? { table: gate.rows, values: ((record.data[gate.rows] as RecordData[] | undefined) ?? [])[request.rowIndex] ?? {} }
    : undefined;
  for (const entry of request.approvers) {
    for (const id of await usersMatching(em, entry, record, directory, row)) found.add(id);
  }
  for (const id of request.exclude) found.delete(id);
  for (const entry of request.excludeWho) {
    for (const id of await usersMatching(em, entry, record, directory, row)) found.delete(id);
  }
  const level = gate.levels[request.level]!;
  const needed = level.quorum === 'any' || level.quorum === 'all' ? 1 : 'count' in level.quorum ? level.quorum.count : 1;
  if (found.size < needed) {
    const label = level.label ?? { en: level.key, 'zh-CN': level.key };
    throw DomainError.transitionBlocked(request.gate, [
      {
        kind: 'gate',
        key: request.gate,
        message: {
          en: `Nobody can approve "${gate.label.en}" (${label.en}): ${needed > 1 ? `${needed} approvers are needed, ${found.size} found` : 'no user matches its approvers'}. An administrator must assign the role, department manager or user it names.`,
          'zh-CN': `无人可以审批“${gate.label['zh-CN']}”（${label['zh-CN']}）：${needed > 1 ? `需要${needed}位审批人，只找到${found.size}位` : '没有符合条件的审批人'}。请管理员分配相应的角色、部门经理或用户。`,
        },
      },
    ]);
  }
  return [...found].sort();
}

async function usersMatching(
  em: EntityManager,
  entry: WhoEntry,
  record: RecordState,
  directory: Directory,
  row: { table: string; values: RecordData } | undefined,
): Promise<string[]> {
  const where = ['u.active'];
  const params: string[] = [];
  const ids: string[][] = [];
  const condition = (sql: string, values: readonly string[]) => {
    where.push(sql);
    params.push(JSON.stringify(values));
  };
  if (entry.roles) condition('u.roles && array(select jsonb_array_elements_text(?::jsonb))', entry.roles);
  if (entry.departments) condition('u.department_key in (select jsonb_array_elements_text(?::jsonb))', entry.departments);
  if (entry.users) ids.push(entry.users.flatMap((u) => directory.userIds.get(u) ?? []));
  if (entry.creator) ids.push([record.createdBy]);
  if (entry.assignee) ids.push(record.assignee ? [record.assignee] : []);
  if (entry.departmentManager) {
    const manager = directory.departmentManagers.get(record.department);
    ids.push(manager ? [manager] : []);
  }
  if (entry.userField) {
    const id = userFieldValue(entry.userField, { ...whoContext(record), row });
    ids.push(id ? [id] : []);
  }
  if (entry.managerOf) {
    const id = managerOf(entry.managerOf, { ...whoContext(record), row }, directory);
    ids.push(id ? [id] : []);
  }
  for (const list of ids) condition('u.id in (select x::uuid from jsonb_array_elements_text(?::jsonb) as x)', list.filter(isUuid));
  const users = await execute<{ id: string }>(em, `select u.id from users u where ${where.join(' and ')}`, params);
  return users.map((u) => u.id);
}

interface LinkedRow {
  readonly id: string;
  readonly procedure_key: string;
  readonly procedure_version_id: string;
  readonly stage: string;
  readonly department_key: string;
  readonly data: RecordData;
  readonly version: number;
}

async function linkedRows(em: EntityManager, ids: readonly string[], lock: boolean): Promise<LinkedRow[]> {
  if (ids.length === 0) return [];
  return em.getConnection().execute<LinkedRow[]>(
    `select r.id, r.procedure_key, r.procedure_version_id, r.stage, r.department_key, r.data, pv.version from records r join procedure_versions pv on pv.id = r.procedure_version_id where r.id in (${ids.map(() => '?').join(', ')}) order by r.id${lock ? ' for update of r' : ''}`,
    [...ids],
    'all',
    em.getTransactionContext(),
  );
}

/**
 * The linked records the picker may read: `record.read` as its SQL twin states it for lists
 * (linkCandidates asks the same), each record judged by the version it is pinned to. None without
 * a picker, or without the catalog that holds those versions: who was not judged picks nothing.
 */
async function readableAmong(em: EntityManager, rows: readonly LinkedRow[], picker: Actor | undefined, managed: readonly string[], catalog: ProcedureCatalog | undefined): Promise<Set<string>> {
  if (!picker || !catalog || rows.length === 0) return new Set();
  const versions = new Map(rows.map((r) => [r.procedure_version_id, { key: r.procedure_key, version: Number(r.version) }]));
  const scopes = await Promise.all([...versions].map(async ([versionId, v]) => ({ procedure: await catalog.at(em, v.key, v.version), versionId })));
  const visible = visibleRecordsWhere(picker, scopes, managed);
  const ids = rows.map((r) => r.id);
  const found = await execute<{ id: string }>(em, `select r.id from records r where r.id in (${ids.map(() => '?').join(', ')}) and (${visible.sql})`, [...ids, ...visible.params]);
  return new Set(found.map((r) => r.id));
}

/** Usernames a definition names; found once per definition (definitions are immutable). */
const namedUsersOf = new WeakMap<Procedure, ReadonlySet<string>>();

function namedUsers(procedure: Procedure): ReadonlySet<string> {
  let names = namedUsersOf.get(procedure);
  if (!names) namedUsersOf.set(procedure, (names = findNamedUsers(procedure)));
  return names;
}

function findNamedUsers(procedure: Procedure): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'users' && Array.isArray(inner)) inner.forEach((u) => typeof u === 'string' && names.add(u));
        else visit(inner);
      }
    }
  };
  visit([procedure.start, procedure.readers, procedure.stages, procedure.actions, procedure.gates, procedure.rules]);
  return names;
}

/** Values of the matching fields (and table columns) in each data object. */
function collect(fields: readonly Field[], data: readonly RecordData[], match: (f: Field) => boolean): string[] {
  const values = new Set<string>();
  const add = (value: unknown) => {
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') values.add(v);
  };
  for (const d of data) {
    for (const field of fields) {
      if (match(field)) add(d[field.key]);
      if (field.columns) {
        for (const row of (Array.isArray(d[field.key]) ? d[field.key] : []) as RecordData[]) {
          for (const column of field.columns) if (match(column) && row) add(row[column.key]);
        }
      }
    }
  }
  return [...values];
}

function execute<T>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, [...params], 'all', em.getTransactionContext());
}

/** A json column's value, whichever driver sent it (parsed, or as text). */
function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T;
}
