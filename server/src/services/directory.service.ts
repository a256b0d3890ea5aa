import type { EntityManager } from '@mikro-orm/postgresql';
import type { Field, Procedure, WhoEntry } from '../definitions/definition.types.js';
import type { Actor, ApprovalRequest, Directory, LinkedRecord, RecordData, RecordState } from '../engine/engine.types.js';
import { numericData } from '../engine/form-data.js';
import type { ProcedureCatalog } from './procedure-catalog.js';
import { liveData } from './rollup.service.js';
import { whoContext } from '../engine/command-context.js';
import { userFieldValue } from '../engine/who.js';
import { DomainError } from '../errors/domain-errors.js';
import { Department } from '../persistence/entities/department.entity.js';
import { User } from '../persistence/entities/user.entity.js';

/** The acting user as the engine sees them; FORBIDDEN for an unknown or inactive user. */
export async function loadActor(em: EntityManager, userId: string): Promise<Actor> {
  const user = await em.findOne(User, { id: userId });
  if (!user || !user.active) throw DomainError.forbidden('Your account is not active.');
  return { id: user.id, username: user.username, roles: user.roles, department: user.department?.key ?? null, isAdmin: user.isAdmin };
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
}

export async function loadDirectory(em: EntityManager, procedure: Procedure, data: readonly RecordData[], options: DirectoryOptions = {}): Promise<Directory> {
  const departments = await em.find(Department, {}, { fields: ['key', 'manager'] });
  const usernames = [...namedUsers(procedure)];
  const referencedUsers = collect(procedure.fields, data, (f) => f.type === 'user');
  const referencedRecords = collect(procedure.fields, data, (f) => f.type === 'link');
  const [named, existing, linkedRecords] = await Promise.all([
    usernames.length ? em.find(User, { username: { $in: usernames } }, { fields: ['id', 'username'] }) : [],
    referencedUsers.length ? em.find(User, { id: { $in: referencedUsers.filter(isUuid) }, active: true }, { fields: ['id'] }) : [],
    linkedRows(em, referencedRecords.filter(isUuid), options.lockLinked ?? false),
  ]);
  const linked = new Map<string, LinkedRecord>();
  for (const row of linkedRecords) {
    let data: RecordData | undefined;
    if (options.catalog) {
      const definition = await options.catalog.at(em, row.procedure_key, Number(row.version));
      data = numericData(definition, await liveData(em, definition, row.id, row.data));
    }
    linked.set(row.id, { procedure: row.procedure_key, stage: row.stage, data });
  }
  return {
    departmentManagers: new Map(departments.map((d) => [d.key, d.manager?.id ?? null])),
    departments: new Set(departments.map((d) => d.key)),
    userIds: new Map(named.map((u) => [u.username, u.id])),
    existingUsers: new Set(existing.map((u) => u.id)),
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
  const where: Record<string, unknown>[] = [{ active: true }];
  const ids: string[][] = [];
  if (entry.roles) where.push({ roles: { $overlap: entry.roles } });
  if (entry.departments) where.push({ department: { $in: entry.departments } });
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
  for (const list of ids) where.push({ id: { $in: list } });
  const users = await em.find(User, { $and: where }, { fields: ['id'] });
  return users.map((u) => u.id);
}

async function linkedRows(em: EntityManager, ids: readonly string[], lock: boolean) {
  if (ids.length === 0) return [];
  return em.getConnection().execute<{ id: string; procedure_key: string; stage: string; data: RecordData; version: number }[]>(
    `select r.id, r.procedure_key, r.stage, r.data, pv.version from records r join procedure_versions pv on pv.id = r.procedure_version_id where r.id in (${ids.map(() => '?').join(', ')}) order by r.id${lock ? ' for update of r' : ''}`,
    [...ids],
    'all',
    em.getTransactionContext(),
  );
}

function namedUsers(procedure: Procedure): Set<string> {
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

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
