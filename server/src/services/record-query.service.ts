import type { EntityManager } from '@mikro-orm/postgresql';
import { can } from '../authz/can.js';
import { myTasksWhere, visibleRecordsWhere, type ProcedureScope } from '../authz/record-visibility.sql.js';
import { redactChanges, redactData } from '../authz/redact.js';
import type { Label, Procedure } from '../definitions/definition.types.js';
import type { Actor, ApprovalState, Directory, GateStates, RecordData, RecordState } from '../engine/engine.types.js';
import { DomainError, type LocalizedReason } from '../errors/domain-errors.js';
import { AppError } from '../errors/app-error.js';
import { runCommand } from '../engine/record-engine.js';
import type { Database } from '../persistence/database.js';
import { loadDirectory } from './directory.service.js';
import { liveData } from './rollup.service.js';
import type { ProcedureCatalog } from './procedure-catalog.js';
import { recordFilterSql, recordOrderSql, type RecordFilter } from './record-filter.sql.js';

/** A record as one actor may see it: its pinned definition, and its data without unreadable fields. */
export interface RecordView {
  readonly state: RecordState;
  readonly procedure: Procedure;
  readonly data: RecordData;
  readonly actor: Actor;
  readonly directory: Directory;
}

export interface RecordPage {
  readonly views: readonly RecordView[];
  readonly cursors: readonly string[];
  readonly hasNextPage: boolean;
  readonly totalCount: number;
}

export interface HistoryEntry {
  readonly seq: number;
  readonly type: string;
  readonly at: Date;
  readonly actor: string | null;
  readonly fromStage: string | null;
  readonly toStage: string | null;
  readonly changes: Readonly<Record<string, { from: unknown; to: unknown }>> | null;
  readonly comment: string | null;
  readonly data: Readonly<Record<string, unknown>> | null;
}

const MAX_PAGE = 200;

/**
 * Reads records for one actor. Every read is authorized with `can('record.read')` (single
 * records: FORBIDDEN) or its SQL form (lists, filtered in the database before paging, so a
 * record the actor may not see is simply absent), and every record's data goes through
 * `redactData`.
 */
export class RecordQueries {
  constructor(
    private readonly db: Database,
    private readonly catalog: () => ProcedureCatalog,
  ) {}

  async get(actor: Actor, id: string): Promise<RecordView> {
    const em = this.db.em.fork();
    const [row] = await this.#select(em, { sql: 'r.id = ?', params: [id] }, '', 1, isUuid(id));
    if (!row) throw DomainError.notFound(`Record ${id}`);
    const view = await this.#view(em, actor, row);
    // The record exists (ids are random UUIDs, so saying so reveals nothing worth guessing).
    if (!view) throw DomainError.forbidden('You may not see this record: it belongs to another department and does not involve you.');
    return view;
  }

  async list(actor: Actor, filter: RecordFilter, first: number | undefined, after: string | undefined): Promise<RecordPage> {
    const em = this.db.em.fork();
    const scopes = await this.#scopes(em);
    const visible = visibleRecordsWhere(actor, scopes, await this.#managed(em, actor));
    const procedure = filter.procedure ? this.catalog().latest(filter.procedure).procedure : undefined;
    const unreadable = unreadableFields(actor, procedure ? [procedure] : scopes.map((s) => ('procedure' in s ? s.procedure : s)));
    const where = recordFilterSql(filter, procedure, unreadable);
    return this.#page(em, actor, [visible, where], filter.orderBy, procedure, first, after, unreadable);
  }

  async myTasks(actor: Actor, first: number | undefined, after: string | undefined): Promise<RecordPage> {
    const em = this.db.em.fork();
    const tasks = myTasksWhere(actor, await this.#scopes(em), await this.#managed(em, actor));
    return this.#page(em, actor, [tasks], 'dueAt asc', undefined, first, after);
  }

  async approvals(view: RecordView): Promise<(ApprovalState & { decidedBy: string | null; createdAt: Date })[]> {
    const rows = await this.db.em
      .fork()
      .getConnection()
      .execute<Record<string, unknown>[]>(
        'select id, gate, level, row_index, round, approver_id, state, decided_by_id, decided_at, comment, created_at from approvals where record_id = ? order by created_at, id',
        [view.state.id],
      );
    return rows.map((r) => ({
      id: String(r.id),
      gate: String(r.gate),
      level: Number(r.level),
      rowIndex: r.row_index === null ? null : Number(r.row_index),
      round: Number(r.round),
      approver: String(r.approver_id ?? ''),
      state: r.state as ApprovalState['state'],
      decidedBy: (r.decided_by_id as string | null) ?? null,
      decidedAt: asDate(r.decided_at),
      comment: (r.comment as string | null) ?? null,
      createdAt: asDate(r.created_at)!,
    }));
  }

  /**
   * The actions out of the record's stage, each with whether this actor may take it now and, if
   * not, why — the engine's own answer, from a dry run of the pure transition (nothing is written).
   * A missing comment is not counted: it is asked for when the action is taken.
   */
  async actions(view: RecordView): Promise<{ key: string; label: Label; toStage: string; allowed: boolean; reasons: LocalizedReason[] }[]> {
    const actions = view.procedure.actions.filter((a) => a.from.includes(view.state.stage));
    if (actions.length === 0 || view.state.closedAt !== null) return [];
    const approvals = await this.approvals(view);
    return Promise.all(
      actions.map(async (action) => {
        try {
          await runCommand({ procedure: view.procedure, record: view.state, approvals, command: { type: 'transition', action: action.key, comment: 'dry run' }, actor: view.actor, now: new Date(), directory: view.directory });
          return { key: action.key, label: action.label, toStage: action.to, allowed: true, reasons: [] };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const reasons = ((error.extensions.reasons as LocalizedReason[] | undefined) ?? [{ kind: 'action', key: action.key, message: { en: error.message, 'zh-CN': error.message } }]);
          return { key: action.key, label: action.label, toStage: action.to, allowed: false, reasons };
        }
      }),
    );
  }

  async history(view: RecordView): Promise<HistoryEntry[]> {
    const rows = await this.db.em
      .fork()
      .getConnection()
      .execute<Record<string, unknown>[]>(
        'select seq, type, at, actor_id, from_stage, to_stage, changes, comment, data from record_events where record_id = ? order by seq',
        [view.state.id],
      );
    return rows.map((r) => ({
      seq: Number(r.seq),
      type: String(r.type),
      at: asDate(r.at)!,
      actor: (r.actor_id as string | null) ?? null,
      fromStage: (r.from_stage as string | null) ?? null,
      toStage: (r.to_stage as string | null) ?? null,
      changes: r.changes ? redactChanges(view.actor, view.procedure, view.state, view.directory, r.changes as never) : null,
      comment: (r.comment as string | null) ?? null,
      data: (r.data as Record<string, unknown> | null) ?? null,
    }));
  }

  async comments(view: RecordView): Promise<{ id: string; author: string; body: string; createdAt: Date }[]> {
    const rows = await this.db.em
      .fork()
      .getConnection()
      .execute<Record<string, unknown>[]>('select id, author_id, body, created_at from comments where record_id = ? order by created_at, id', [view.state.id]);
    return rows.map((r) => ({ id: String(r.id), author: String(r.author_id), body: String(r.body), createdAt: asDate(r.created_at)! }));
  }

  async #page(
    em: EntityManager,
    actor: Actor,
    conditions: readonly { sql: string; params: readonly unknown[] }[],
    orderBy: string | undefined,
    procedure: Procedure | undefined,
    first: number | undefined,
    after: string | undefined,
    unreadable: ReadonlySet<string> = new Set(),
  ): Promise<RecordPage> {
    const limit = Math.min(Math.max(first ?? 50, 0), MAX_PAGE);
    const order = recordOrderSql(orderBy, procedure, after, unreadable);
    const where = [...conditions, ...(order.after ? [order.after] : [])];
    const sql = where.map((c) => `(${c.sql})`).join(' and ');
    const params = where.flatMap((c) => c.params);
    const rows = await this.#select(em, { sql, params }, order.sql, limit + 1, true);
    const countSql = conditions.map((c) => `(${c.sql})`).join(' and ');
    const [count] = await em
      .getConnection()
      .execute<{ n: number }[]>(`select count(*) as n from records r where ${countSql}`, conditions.flatMap((c) => c.params));
    const views: RecordView[] = [];
    const cursors: string[] = [];
    for (const row of rows.slice(0, limit)) {
      const view = await this.#view(em, actor, row, true);
      if (!view) continue;
      views.push(view);
      cursors.push(order.cursorOf(row));
    }
    return { views, cursors, hasNextPage: rows.length > limit, totalCount: Number(count?.n ?? 0) };
  }

  async #select(em: EntityManager, where: { sql: string; params: readonly unknown[] }, orderSql: string, limit: number, run: boolean) {
    if (!run) return [];
    return em.getConnection().execute<Record<string, unknown>[]>(
      `select r.*, pv.version as procedure_version_number from records r join procedure_versions pv on pv.id = r.procedure_version_id where ${where.sql} ${orderSql} limit ${Number(limit)}`,
      [...where.params],
    );
  }

  /** The record as the actor may see it, or undefined when they may not (`trusted`: the SQL already checked). */
  async #view(em: EntityManager, actor: Actor, row: Record<string, unknown>, trusted = false): Promise<RecordView | undefined> {
    const stored = toState(row);
    const procedure = await this.catalog().at(em, stored.procedureKey, stored.procedureVersion);
    // Rollups are added up on read, and the computed fields that use them follow.
    const state = { ...stored, data: await liveData(em, procedure, stored.id, stored.data) };
    const directory = await loadDirectory(em, procedure, []);
    if (!trusted) {
      const approvers = await em
        .getConnection()
        .execute<{ approver_id: string }[]>('select distinct approver_id from approvals where record_id = ? and approver_id is not null', [state.id]);
      const decision = can(actor, 'record.read', { procedure, record: state, participants: { approvers: new Set(approvers.map((a) => a.approver_id)) }, directory });
      if (!decision.allowed) return undefined;
    }
    return { state, procedure, data: redactData(actor, procedure, state, directory), actor, directory };
  }

  /** Every published version, each judged by its own who lists. */
  async #scopes(em: EntityManager): Promise<ProcedureScope[]> {
    const versions = await em.getConnection().execute<{ id: string; procedure_key: string; version: number }[]>(
      `select id, procedure_key, version from procedure_versions where status = 'published'`,
    );
    return Promise.all(versions.map(async (v) => ({ procedure: await this.catalog().at(em, v.procedure_key, Number(v.version)), versionId: v.id })));
  }

  async #managed(em: EntityManager, actor: Actor): Promise<string[]> {
    const rows = await em.getConnection().execute<{ key: string }[]>('select key from departments where manager_id = ?', [actor.id]);
    return rows.map((r) => r.key);
  }
}

/**
 * Fields with `readers` that the actor cannot be sure to read on every record: the role and
 * department parts are known up front; an entry that depends on the record (creator, a user
 * field …) counts as not readable, so filters and searches stay on the safe side.
 */
function unreadableFields(actor: Actor, procedures: readonly Procedure[]): Set<string> {
  const hidden = new Set<string>();
  if (actor.isAdmin) return hidden;
  for (const procedure of procedures) {
    for (const field of procedure.fields) {
      if (!field.readers) continue;
      const readable = field.readers.some(
        (e) =>
          !e.creator && !e.assignee && !e.departmentManager && !e.userField && !e.users &&
          (e.anyone || e.roles || e.departments) &&
          (!e.roles || e.roles.some((r) => actor.roles.includes(r))) &&
          (!e.departments || (actor.department !== null && e.departments.includes(actor.department))),
      );
      if (!readable) hidden.add(field.key);
    }
  }
  return hidden;
}

function toState(row: Record<string, unknown>): RecordState {
  return {
    id: String(row.id),
    procedureKey: String(row.procedure_key),
    procedureVersion: Number(row.procedure_version_number),
    stage: String(row.stage),
    data: (row.data as RecordData) ?? {},
    version: Number(row.version),
    createdBy: String(row.created_by_id),
    department: String(row.department_key),
    assignee: (row.assignee_id as string | null) ?? null,
    dueAt: asDate(row.due_at),
    createdAt: asDate(row.created_at)!,
    updatedAt: asDate(row.updated_at)!,
    closedAt: asDate(row.closed_at),
    gates: (row.gates as GateStates) ?? {},
  };
}

function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
