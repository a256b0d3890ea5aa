import type { EntityManager } from '@mikro-orm/postgresql';
import { can } from '../authz/can.js';
import { myTasksCountSql, myTasksWhere, visibleRecordsWhere } from '../authz/record-visibility.sql.js';
import { redactChanges, redactData } from '../authz/redact.js';
import type { Label, Procedure } from '../definitions/definition.types.js';
import type { Actor, ApprovalState, Directory, RecordData, RecordState } from '../engine/engine.types.js';
import { DomainError, type LocalizedReason } from '../errors/domain-errors.js';
import { AppError } from '../errors/app-error.js';
import { runCommand } from '../engine/record-engine.js';
import type { Database } from '../persistence/database.js';
import { asDate, recordStateOf } from '../persistence/record-store.js';
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
  /** Counted only when asked for: over a large list the count costs more than the page. */
  totalCount(): Promise<number>;
}

export interface SqlQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** The SQL of one page (limit + 1 rows, to tell whether a next page exists) and of its count. */
export interface PageQuery extends SqlQuery {
  readonly count: SqlQuery;
  readonly limit: number;
  cursorOf(row: Record<string, unknown>): string;
}

/** Which list a page is of: `records` with a filter, or the actor's tasks. */
export type PageOf = { readonly list: RecordFilter } | 'myTasks';

type ApprovalRow = ApprovalState & { decidedBy: string | null; createdAt: Date };

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
 * `redactData`. A page costs a fixed number of queries whatever its size: the rows, one
 * directory per definition on it, and the count only when it is asked for.
 */
export class RecordQueries {
  readonly #approvals = new WeakMap<RecordView, Promise<ApprovalRow[]>>();

  constructor(
    private readonly db: Database,
    private readonly catalog: () => ProcedureCatalog,
  ) {}

  async get(actor: Actor, id: string): Promise<RecordView> {
    if (!isUuid(id)) throw DomainError.notFound(`Record ${id}`);
    const em = this.db.em.fork();
    const [row] = await em.getConnection().execute<Record<string, unknown>[]>(`${selectSql('r.id = ?', '')} limit 1`, [id]);
    if (!row) throw DomainError.notFound(`Record ${id}`);
    const view = await this.#view(em, actor, row);
    // The record exists (ids are random UUIDs, so saying so reveals nothing worth guessing).
    if (!view) throw DomainError.forbidden('You may not see this record: it belongs to another department and does not involve you.');
    return view;
  }

  async list(actor: Actor, filter: RecordFilter, first: number | undefined, after: string | undefined): Promise<RecordPage> {
    const em = this.db.em.fork();
    return this.#page(em, actor, await this.#pageQuery(em, actor, { list: filter }, first, after));
  }

  async myTasks(actor: Actor, first: number | undefined, after: string | undefined): Promise<RecordPage> {
    const em = this.db.em.fork();
    return this.#page(em, actor, await this.#pageQuery(em, actor, 'myTasks', first, after));
  }

  /** The SQL a page of `records` or `myTasks` runs for this actor (what the benchmarks EXPLAIN). */
  pageQuery(actor: Actor, of: PageOf, first: number | undefined, after: string | undefined): Promise<PageQuery> {
    return this.#pageQuery(this.db.em.fork(), actor, of, first, after);
  }

  /** The record's approvals, read once per view: `actions`, `approvals` and the read check all need them. */
  approvals(view: RecordView): Promise<ApprovalRow[]> {
    let approvals = this.#approvals.get(view);
    if (!approvals) this.#approvals.set(view, (approvals = this.#loadApprovals(view.state.id)));
    return approvals;
  }

  /**
   * The actions out of the record's stage, each with whether this actor may take it now and, if
   * not, why — the engine's own answer, from a dry run of the pure transition (nothing is written)
   * over the directory the command itself would read.
   * A missing comment is not counted: it is asked for when the action is taken.
   */
  async actions(view: RecordView): Promise<{ key: string; label: Label; toStage: string; allowed: boolean; reasons: LocalizedReason[] }[]> {
    const actions = view.procedure.actions.filter((a) => a.from.includes(view.state.stage));
    if (actions.length === 0 || view.state.closedAt !== null) return [];
    // The directory the command would load: the people and linked records the data names, so that
    // rules over `links` and `people`, and `recheck`, answer here as they will when the action is taken.
    const [approvals, directory] = await Promise.all([
      this.approvals(view),
      loadDirectory(this.db.em.fork(), view.procedure, [view.state.data], { catalog: this.catalog(), picker: view.actor }),
    ]);
    return Promise.all(
      actions.map(async (action) => {
        try {
          await runCommand({ procedure: view.procedure, record: view.state, approvals, command: { type: 'transition', action: action.key, comment: 'dry run' }, actor: view.actor, now: new Date(), directory });
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

  async #pageQuery(em: EntityManager, actor: Actor, of: PageOf, first: number | undefined, after: string | undefined): Promise<PageQuery> {
    const [scopes, managed] = await Promise.all([this.catalog().publishedScopes(em), this.#managed(em, actor)]);
    if (of === 'myTasks') {
      return { ...pageQuery([myTasksWhere(actor, scopes, managed)], 'dueAt asc', undefined, first, after), count: myTasksCountSql(actor, scopes, managed) };
    }
    const { list: filter } = of;
    const procedure = filter.procedure ? this.catalog().latest(filter.procedure).procedure : undefined;
    // Every rule of another procedure starts with its key: none can hold in a list of this one.
    const relevant = filter.procedure ? scopes.filter((s) => s.procedure.key === filter.procedure) : scopes;
    const visible = visibleRecordsWhere(actor, relevant, managed);
    const unreadable = unreadableFields(actor, procedure ? [procedure] : scopes.map((s) => s.procedure));
    const where = recordFilterSql(filter, procedure, unreadable);
    return pageQuery([visible, where], filter.orderBy, procedure, first, after, unreadable);
  }

  async #page(em: EntityManager, actor: Actor, query: PageQuery): Promise<RecordPage> {
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(query.sql, [...query.params]);
    const page = rows.slice(0, query.limit);
    // One directory per definition on the page, not one per record.
    const directories = new Map<Procedure, Promise<Directory>>();
    const views = await Promise.all(page.map((row) => this.#view(em, actor, row, true, directories)));
    let count: Promise<number> | undefined;
    return {
      views: views.filter((v): v is RecordView => v !== undefined),
      cursors: page.filter((_, i) => views[i] !== undefined).map((row) => query.cursorOf(row)),
      hasNextPage: rows.length > query.limit,
      totalCount: () =>
        (count ??= em
          .getConnection()
          .execute<{ n: number }[]>(query.count.sql, [...query.count.params])
          .then(([row]) => Number(row?.n ?? 0))),
    };
  }

  /** The record as the actor may see it, or undefined when they may not (`trusted`: the SQL already checked). */
  async #view(
    em: EntityManager,
    actor: Actor,
    row: Record<string, unknown>,
    trusted = false,
    directories = new Map<Procedure, Promise<Directory>>(),
  ): Promise<RecordView | undefined> {
    const stored = recordStateOf(row);
    const procedure = await this.catalog().at(em, stored.procedureKey, stored.procedureVersion);
    let directory = directories.get(procedure);
    if (!directory) directories.set(procedure, (directory = loadDirectory(em, procedure, [])));
    // Rollups are added up on read, and the computed fields that use them follow.
    const [data, loaded] = await Promise.all([liveData(em, procedure, stored.id, stored.data), directory]);
    const state = { ...stored, data };
    const view: RecordView = { state, procedure, data: redactData(actor, procedure, state, loaded), actor, directory: loaded };
    if (!trusted) {
      const approvers = new Set((await this.approvals(view)).map((a) => a.approver).filter((id) => id !== ''));
      const decision = can(actor, 'record.read', { procedure, record: state, participants: { approvers }, directory: loaded });
      if (!decision.allowed) return undefined;
    }
    return view;
  }

  async #loadApprovals(recordId: string): Promise<ApprovalRow[]> {
    const rows = await this.db.em
      .fork()
      .getConnection()
      .execute<Record<string, unknown>[]>(
        'select id, gate, level, row_index, round, approver_id, state, decided_by_id, decided_at, comment, created_at from approvals where record_id = ? order by created_at, id',
        [recordId],
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

  async #managed(em: EntityManager, actor: Actor): Promise<string[]> {
    const rows = await em.getConnection().execute<{ key: string }[]>('select key from departments where manager_id = ?', [actor.id]);
    return rows.map((r) => r.key);
  }
}

/** A page over `conditions` (all must hold), in `orderBy` order, after the cursor `after`. */
function pageQuery(
  conditions: readonly SqlQuery[],
  orderBy: string | undefined,
  procedure: Procedure | undefined,
  first: number | undefined,
  after: string | undefined,
  unreadable: ReadonlySet<string> = new Set(),
): PageQuery {
  const limit = Math.min(Math.max(first ?? 50, 0), MAX_PAGE);
  const order = recordOrderSql(orderBy, procedure, after, unreadable);
  const where = [...conditions, ...(order.after ? [order.after] : [])];
  return {
    sql: `${selectSql(where.map((c) => `(${c.sql})`).join(' and '), order.sql)} limit ${limit + 1}`,
    params: where.flatMap((c) => c.params),
    count: { sql: `select count(*) as n from records r where ${conditions.map((c) => `(${c.sql})`).join(' and ')}`, params: conditions.flatMap((c) => c.params) },
    limit,
    cursorOf: order.cursorOf,
  };
}

function selectSql(where: string, orderSql: string): string {
  return `select r.*, pv.version as procedure_version_number from records r join procedure_versions pv on pv.id = r.procedure_version_id where ${where} ${orderSql}`;
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

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
