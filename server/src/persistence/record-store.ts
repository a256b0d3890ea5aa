import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, ApprovalState, EventDraft, Outcome, RecordState } from '../engine/engine.types.js';
import type { RecordEventNotice } from '../services/event-notice.js';

/**
 * The statements of the command hot path, written by hand: a command reads its record and
 * context in two statements and writes its whole outcome in one. The unit of work would
 * hydrate entities (and the definition JSON of the pinned version) only to write a few rows;
 * the benchmark (docs/benchmarks.md) showed it costing most of a command's CPU.
 * Every statement runs in the caller's transaction (`em` is the transaction's manager).
 */

type Row = Record<string, unknown>;

function execute<T extends Row = Row>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, [...params], 'all', em.getTransactionContext());
}

const RECORD_COLUMNS = 'r.id, r.procedure_key, pv.version as procedure_version_number, r.stage, r.data, r.version, r.created_by_id, r.department_key, r.assignee_id, r.due_at, r.created_at, r.updated_at, r.closed_at, r.gates';

/**
 * The record (by its id, or by the id of one of its approvals), locked for the rest of the
 * transaction when `lock`: commands on one record run one at a time.
 */
export async function selectRecord(em: EntityManager, by: { readonly recordId: string } | { readonly approvalId: string }, lock: boolean): Promise<RecordState | undefined> {
  const id = 'recordId' in by ? by.recordId : by.approvalId;
  if (!isUuid(id)) return undefined;
  const where = 'recordId' in by ? 'r.id = ?' : 'r.id = (select a.record_id from approvals a where a.id = ?)';
  const [row] = await execute(em, `select ${RECORD_COLUMNS} from records r join procedure_versions pv on pv.id = r.procedure_version_id where ${where}${lock ? ' for update of r' : ''}`, [id]);
  return row ? recordStateOf(row) : undefined;
}

export interface CommandContext {
  /** The acting user; undefined when unknown. */
  readonly actor: (Actor & { readonly active: boolean }) | undefined;
  readonly approvals: readonly ApprovalState[];
  /** The highest history `seq` of the record (0 without history). */
  readonly lastSeq: number;
  /** The values of the caller's `extra` columns. */
  readonly extra: Row;
}

/**
 * What a command on a locked record reads besides the record, in one statement: the actor,
 * the record's approvals, the last history number and the caller's `extra` columns (its
 * directory). Read after the lock, so that it sees whatever the previous command on the record
 * committed. `extra` columns come first in the statement, and so do their parameters.
 */
export async function selectCommandContext(em: EntityManager, userId: string, recordId: string | undefined, extra: { readonly columns: string; readonly params: readonly unknown[] }): Promise<CommandContext> {
  const [row] = await execute(
    em,
    `select ${extra.columns},
      (select json_build_object('id', u.id, 'username', u.username, 'roles', to_json(u.roles), 'department', u.department_key, 'isAdmin', u.is_admin, 'active', u.active)
         from users u where u.id = ?) as actor,
      (select coalesce(json_agg(json_build_object('id', a.id, 'gate', a.gate, 'level', a.level, 'rowIndex', a.row_index, 'round', a.round,
                'approver', a.approver_id, 'state', a.state, 'decidedAt', a.decided_at, 'comment', a.comment) order by a.created_at, a.id), '[]')
         from approvals a where a.record_id = ?) as approvals,
      (select coalesce(max(e.seq), 0) from record_events e where e.record_id = ?) as last_seq`,
    [...extra.params, isUuid(userId) ? userId : null, recordId ?? null, recordId ?? null],
  );
  const actor = parseJson(row?.actor) as (Actor & { active: boolean }) | null;
  const approvals = (parseJson(row?.approvals) ?? []) as (Omit<ApprovalState, 'decidedAt'> & { decidedAt: string | null; approver: string | null })[];
  return {
    actor: actor ?? undefined,
    approvals: approvals.map((a) => ({ ...a, approver: a.approver ?? '', decidedAt: a.decidedAt === null ? null : new Date(a.decidedAt) })),
    lastSeq: Number(row?.last_seq ?? 0),
    extra: row ?? {},
  };
}

/** An approval to insert: one person asked in one level of a gate's round. */
export interface NewApproval {
  readonly id: string;
  readonly gate: string;
  readonly level: number;
  readonly rowIndex: number | null;
  readonly round: number;
  readonly approver: string;
  readonly approvers: { readonly users: readonly string[] };
}

export interface OutcomeWrite {
  /** `insert` a new record (version 1), `update` it from the version it had when locked, or leave it (`none`: a comment). */
  readonly record: { readonly kind: 'insert' } | { readonly kind: 'update'; readonly expectedVersion: number } | { readonly kind: 'none' };
  readonly outcome: Outcome;
  /** All history rows to append, numbered from `firstSeq`. */
  readonly events: readonly EventDraft[];
  readonly firstSeq: number;
  readonly approvals: readonly NewApproval[];
  /** NOTIFY payloads, sent on `channel` when the transaction commits. */
  readonly channel: string;
  readonly notices: readonly RecordEventNotice[];
}

/**
 * Writes a command's outcome in one statement: the record (inserted, or updated under its
 * optimistic lock), the history rows, new approvals, decided or cancelled approvals, outbox
 * messages and the notifications. Returns false when the record's version had moved (the
 * update matched no row), so the caller can refuse with VERSION_CONFLICT.
 */
export async function writeOutcome(em: EntityManager, write: OutcomeWrite): Promise<boolean> {
  const { outcome } = write;
  const state = outcome.record;
  const at = state.updatedAt.toISOString();
  const recordSql =
    write.record.kind === 'none'
      ? 'select version from records where id = ?'
      : write.record.kind === 'insert'
      ? `insert into records (id, procedure_key, procedure_version_id, stage, data, version, created_by_id, department_key, assignee_id, due_at, created_at, updated_at, closed_at, gates)
           select ?, ?, pv.id, ?, ?::jsonb, 1, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::jsonb
           from procedure_versions pv where pv.procedure_key = ? and pv.version = ?
           returning version`
      : `update records set stage = ?, data = ?::jsonb, assignee_id = ?, due_at = ?::timestamptz, closed_at = ?::timestamptz, updated_at = ?::timestamptz,
             gates = ?::jsonb, version = version + 1
           where id = ? and version = ?
           returning version`;
  const recordParams =
    write.record.kind === 'none'
      ? [state.id]
      : write.record.kind === 'insert'
      ? [state.id, state.procedureKey, state.stage, JSON.stringify(state.data), state.createdBy, state.department, state.assignee, iso(state.dueAt), iso(state.createdAt), at, iso(state.closedAt), JSON.stringify(state.gates), state.procedureKey, state.procedureVersion]
      : [state.stage, JSON.stringify(state.data), state.assignee, iso(state.dueAt), iso(state.closedAt), at, JSON.stringify(state.gates), state.id, write.record.expectedVersion];
  const events = write.events.map((e, i) => ({ seq: write.firstSeq + i, type: e.type, actor: e.actor, from_stage: e.fromStage, to_stage: e.toStage, changes: e.changes, comment: e.comment, data: e.data }));
  // The last word on an approval wins, as it did when the unit of work merged assignments.
  const updates = [...new Map(outcome.approvalUpdates.map((u) => [u.id, { id: u.id, state: u.state, decided_at: u.decidedAt.toISOString(), comment: u.comment, decided_by: u.decidedBy }])).values()];
  const approvals = write.approvals.map((a) => ({ id: a.id, gate: a.gate, level: a.level, row_index: a.rowIndex, round: a.round, approvers: a.approvers, approver: a.approver }));
  const effects = outcome.effects.map((e) => ({ topic: e.topic, payload: e.payload }));
  const notices = write.notices.map((n) => JSON.stringify({ recordId: n.recordId, procedure: n.procedure, seq: n.seq, type: n.type }));
  // Data-modifying CTEs all run, whether the final select reads them or not; `notified` reads the
  // pg_notify one so that it runs too. NOTIFY is transactional: it is heard on commit, in order.
  const [row] = await execute(
    em,
    `with
      rec as (${recordSql}),
      ev as (insert into record_events (record_id, seq, type, at, actor_id, from_stage, to_stage, changes, comment, data)
        select ?, x.seq, x.type, ?::timestamptz, x.actor, x.from_stage, x.to_stage, x.changes, x.comment, x.data
        from jsonb_to_recordset(?::jsonb) as x(seq int, type text, actor uuid, from_stage text, to_stage text, changes jsonb, comment text, data jsonb)),
      ap as (insert into approvals (id, record_id, gate, level, row_index, round, state, approvers, approver_id, created_at)
        select x.id, ?, x.gate, x.level, x.row_index, x.round, 'pending', x.approvers, x.approver, ?::timestamptz
        from jsonb_to_recordset(?::jsonb) as x(id uuid, gate text, level int, row_index int, round int, approvers jsonb, approver uuid)),
      au as (update approvals a set state = x.state, decided_at = x.decided_at, comment = x.comment, decided_by_id = x.decided_by
        from jsonb_to_recordset(?::jsonb) as x(id uuid, state text, decided_at timestamptz, comment text, decided_by uuid)
        where a.id = x.id and a.record_id = ?),
      ob as (insert into outbox_messages (topic, payload, created_at, available_at)
        select x.topic, x.payload, ?::timestamptz, ?::timestamptz from jsonb_to_recordset(?::jsonb) as x(topic text, payload jsonb)),
      nt as (select pg_notify(?, x.value) from jsonb_array_elements_text(?::jsonb) with ordinality as x(value, n))
    select (select version from rec) as version, (select count(*) from nt) as notified`,
    [
      ...recordParams,
      state.id, at, JSON.stringify(events),
      state.id, at, JSON.stringify(approvals),
      JSON.stringify(updates), state.id,
      at, at, JSON.stringify(effects),
      write.channel, JSON.stringify(notices),
    ],
  );
  return row?.version !== null && row?.version !== undefined;
}

/** The engine's view of a `records` row joined with its version number (`procedure_version_number`). */
export function recordStateOf(row: Row): RecordState {
  return {
    id: String(row.id),
    procedureKey: String(row.procedure_key),
    procedureVersion: Number(row.procedure_version_number),
    stage: String(row.stage),
    data: (parseJson(row.data) as RecordState['data'] | null) ?? {},
    version: Number(row.version),
    createdBy: String(row.created_by_id),
    department: String(row.department_key),
    assignee: (row.assignee_id as string | null) ?? null,
    dueAt: asDate(row.due_at),
    createdAt: asDate(row.created_at)!,
    updatedAt: asDate(row.updated_at)!,
    closedAt: asDate(row.closed_at),
    gates: (parseJson(row.gates) as RecordState['gates'] | null) ?? {},
  };
}

/** json columns arrive parsed from `pg` and from PGlite; a string is parsed here, whichever driver sent it. */
function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : (value ?? null);
}

/** A timestamp column as a Date, whichever driver sent it (a Date from `pg`, a string otherwise). */
export function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/**
 * Another record of the procedure holding the same values of `fields` (and department, when
 * given), in `stages` when given; its id, or undefined. Takes a transaction-scoped advisory lock
 * on the combination first, so that two commands writing the same values wait on each other
 * and the second sees the first. Values are compared as JSON, bound as parameters.
 */
export async function findDuplicate(
  em: EntityManager,
  query: { readonly procedure: string; readonly recordId: string; readonly values: Readonly<Record<string, unknown>>; readonly department?: string; readonly stages?: readonly string[] },
): Promise<string | undefined> {
  const entries = Object.entries(query.values);
  const combination = JSON.stringify([query.procedure, query.department ?? null, entries]);
  await execute(em, 'select pg_advisory_xact_lock(hashtextextended(?, 0)) as locked', [combination]);
  const where = ['r.procedure_key = ?', 'r.id <> ?', ...entries.map(() => `r.data -> ? = ?::jsonb`)];
  const params: unknown[] = [query.procedure, query.recordId, ...entries.flatMap(([key, value]) => [key, JSON.stringify(value)])];
  if (query.department !== undefined) {
    where.push('r.department_key = ?');
    params.push(query.department);
  }
  if (query.stages?.length) {
    where.push(`r.stage in (${query.stages.map(() => '?').join(', ')})`);
    params.push(...query.stages);
  }
  const [row] = await execute<{ id: string }>(em, `select r.id from records r where ${where.join(' and ')} order by r.created_at limit 1`, params);
  return row?.id;
}
