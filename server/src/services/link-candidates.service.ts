import type { EntityManager } from '@mikro-orm/postgresql';
import { can } from '../authz/can.js';
import { visibleRecordsWhere } from '../authz/record-visibility.sql.js';
import { redactData } from '../authz/redact.js';
import { allOf, inList, toFragment, type SqlCondition } from '../authz/who.sql.js';
import type { Field, Label, Procedure } from '../definitions/definition.types.js';
import type { Actor, Directory, RecordState } from '../engine/engine.types.js';
import { pickDepartment, type Picker } from '../engine/forms/checks.js';
import { DomainError } from '../errors/domain-errors.js';
import type { Database } from '../persistence/database.js';
import { recordStateOf } from '../persistence/record-store.js';
import { loadDirectory } from './directory.service.js';
import type { ProcedureCatalog } from './procedure-catalog.js';
import { recordFilterSql } from './record-filter.sql.js';
import { recordTitle } from './record-title.js';

/** A record as a picker offers it. */
export interface RecordSummary {
  readonly id: string;
  readonly title: Label;
  readonly procedure: string;
  readonly stage: { readonly key: string; readonly label: Label };
}

export interface LinkCandidatesRequest {
  /** The linking procedure (its latest version, or the version `record` is pinned to). */
  readonly procedure: string;
  /** A link field of it, or a link column as `table.column`. */
  readonly field: string;
  readonly search?: string;
  readonly first?: number;
  /** The record the link is for, when it exists (the caller has read it): `pick: { department: record }` reads its department. */
  readonly record?: RecordState;
}

export interface LinkCandidatesDeps {
  readonly db: Database;
  readonly catalog: ProcedureCatalog;
}

const DEFAULT_FIRST = 20;
const MAX_FIRST = 100;

/**
 * The records the caller may pick for a link field: of the field's `procedure`, in one of its
 * `stages`, readable by the caller (`record.read`'s SQL twin, as lists filter) and of the
 * department its `pick` names — the same right a write checks for a link it newly holds
 * (engine/forms/checks.ts), so what is offered is what a save accepts. Searched as
 * `records(search:)` searches, without the fields the caller may not read; most recent first.
 * BAD_REQUEST, naming the argument, for an unknown procedure or field or a field that is no link.
 */
export async function linkCandidates(deps: LinkCandidatesDeps, actor: Actor, request: LinkCandidatesRequest): Promise<RecordSummary[]> {
  const em = deps.db.em.fork();
  const linking = await linkingProcedure(em, deps.catalog, request);
  const field = linkField(linking, request.field);
  const target = targetProcedure(deps.catalog, linking, field);
  const limit = Math.min(Math.max(request.first ?? DEFAULT_FIRST, 0), MAX_FIRST);
  if (limit === 0) return [];
  const picker: Picker = { department: actor.department, recordDepartment: request.record?.department ?? actor.department ?? linking.department };
  const [scopes, managed] = await Promise.all([deps.catalog.publishedScopes(em), managedDepartments(em, actor)]);
  const conditions: SqlCondition[] = [
    visibleRecordsWhere(actor, scopes.filter((s) => s.procedure.key === target.key), managed),
    searchCondition(target, request.search, unsearchable(actor, target)),
    field.stages?.length ? inList('r.stage', field.stages) : true,
    departmentCondition(pickDepartment(field, picker)),
  ];
  const where = toFragment(allOf(conditions));
  const rows = await em
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select r.*, pv.version as procedure_version_number from records r join procedure_versions pv on pv.id = r.procedure_version_id where ${where.sql} order by r.created_at desc, r.id desc limit ?`,
      [...where.params, limit],
    );
  return summaries(em, deps.catalog, actor, rows.map(recordStateOf));
}


async function linkingProcedure(em: EntityManager, catalog: ProcedureCatalog, request: LinkCandidatesRequest): Promise<Procedure> {
  if (request.record) {
    if (request.record.procedureKey !== request.procedure) {
      throw DomainError.badRequest(`"record" is a ${request.record.procedureKey}, not a ${request.procedure}: give "procedure" the record's own procedure.`);
    }
    return catalog.at(em, request.record.procedureKey, request.record.procedureVersion);
  }
  const procedure = catalog.registry.procedures.get(request.procedure);
  if (!procedure || !catalog.latestVersions.has(request.procedure)) {
    throw DomainError.badRequest(`"procedure": no published procedure has the key "${request.procedure}".`);
  }
  return procedure;
}

/** The link field (or `table.column` link column) the argument names. */
function linkField(procedure: Procedure, path: string): Field {
  const [key = '', columnKey] = path.split('.');
  const top = procedure.fields.find((f) => f.key === key);
  const field = columnKey === undefined ? top : top?.columns?.find((c) => c.key === columnKey);
  if (field?.type === 'link') return field;
  const links = procedure.fields.flatMap((f) => [...(f.type === 'link' ? [f.key] : []), ...(f.columns ?? []).filter((c) => c.type === 'link').map((c) => `${f.key}.${c.key}`)]);
  const offer = links.length > 0 ? `use one of ${links.join(', ')}` : `${procedure.key} has no link field`;
  throw DomainError.badRequest(
    field ? `"field": "${path}" of ${procedure.key} is a ${field.type} field, not a link: ${offer}.` : `"field": ${procedure.key} has no field "${path}": ${offer}.`,
  );
}

function targetProcedure(catalog: ProcedureCatalog, linking: Procedure, field: Field): Procedure {
  const target = catalog.registry.procedures.get(field.procedure ?? '');
  // The validator refuses a link to an unknown procedure; one unpublished since offers nothing.
  if (!target) throw DomainError.badRequest(`"field": ${linking.key} links to "${field.procedure}", which is not published.`);
  return target;
}

/** The procedure and the text search, as `records(procedure:, search:)` filters them. */
function searchCondition(target: Procedure, search: string | undefined, unsearchable: ReadonlySet<string>): SqlCondition {
  const filter = recordFilterSql({ procedure: target.key, search }, target, unsearchable);
  return { sql: filter.sql, params: [...filter.params] };
}

/** `pickDepartment`'s answer as SQL: any department, none, or the one it names. */
function departmentCondition(department: string | null | undefined): SqlCondition {
  if (department === undefined) return true;
  return department === null ? false : { sql: 'r.department_key = ?', params: [department] };
}

async function managedDepartments(em: EntityManager, actor: Actor): Promise<string[]> {
  const rows = await em.getConnection().execute<{ key: string }[]>('select key from departments where manager_id = ?', [actor.id]);
  return rows.map((r) => r.key);
}

/**
 * Top-level fields a search must leave out: those whose readers do not admit the caller on every
 * record (`field.read` asked of a record that names nobody), and tables with such a column.
 */
function unsearchable(actor: Actor, procedure: Procedure): Set<string> {
  const nobody: RecordState = {
    id: '', procedureKey: procedure.key, procedureVersion: 0, stage: '', data: {}, version: 0, createdBy: '', department: '',
    assignee: null, dueAt: null, createdAt: new Date(0), updatedAt: new Date(0), closedAt: null, gates: {},
  };
  const directory: Directory = { departmentManagers: new Map(), userIds: new Map(), people: new Map(), departments: new Set(), linkedRecords: new Map() };
  const readable = (path: string) => can(actor, 'field.read', { procedure, field: path, record: nobody, directory }).allowed;
  return new Set(procedure.fields.filter((f) => !readable(f.key) || (f.columns ?? []).some((c) => !readable(`${f.key}.${c.key}`))).map((f) => f.key));
}

/** Each record titled from what the caller may read of it; one directory per definition. */
async function summaries(em: EntityManager, catalog: ProcedureCatalog, actor: Actor, records: readonly RecordState[]): Promise<RecordSummary[]> {
  const directories = new Map<Procedure, Promise<Directory>>();
  return Promise.all(
    records.map(async (record) => {
      const procedure = await catalog.at(em, record.procedureKey, record.procedureVersion);
      let directory = directories.get(procedure);
      if (!directory) directories.set(procedure, (directory = loadDirectory(em, procedure, [])));
      const data = redactData(actor, procedure, record, await directory);
      const stage = procedure.stages.find((s) => s.key === record.stage);
      return { id: record.id, title: recordTitle(procedure, record.id, data), procedure: record.procedureKey, stage: { key: record.stage, label: stage?.label ?? { en: record.stage, 'zh-CN': record.stage } } };
    }),
  );
}
