import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import type { TestDatabase } from './database.js';

/**
 * The parts of a procedure file the consistency checks read, parsed straight from the YAML so that
 * the checks do not trust the server's own reading of it.
 */
export interface ProcedureShape {
  readonly key: string;
  readonly stages: readonly { key: string; initial?: boolean; final?: boolean }[];
  readonly actions: readonly { key: string; from: string | string[]; to: string; requires?: string[] }[];
  readonly gates?: readonly { key: string; onReject?: { stage: string } }[];
}

export async function readProcedureShape(file: string): Promise<ProcedureShape> {
  return parse(await readFile(file, 'utf8')) as ProcedureShape;
}

export interface StoredRecord {
  readonly id: string;
  readonly stage: string;
  readonly data: Record<string, unknown>;
  readonly version: number;
  readonly closed_at: Date | string | null;
  readonly gates: Record<string, { status: string; round: number }>;
}
export interface StoredEvent {
  readonly record_id: string;
  readonly seq: number;
  readonly type: string;
  readonly actor_id: string | null;
  readonly from_stage: string | null;
  readonly to_stage: string | null;
  readonly changes: Record<string, { from: unknown; to: unknown }> | null;
  readonly data: Record<string, unknown> | null;
}
export interface StoredApproval {
  readonly id: string;
  readonly record_id: string;
  readonly gate: string;
  readonly level: number;
  readonly round: number;
  readonly state: string;
  readonly approver_id: string | null;
  readonly decided_by_id: string | null;
}

export interface StoredRecords {
  readonly records: StoredRecord[];
  readonly events: Map<string, StoredEvent[]>;
  readonly approvals: Map<string, StoredApproval[]>;
}

/** Reads every record of a procedure with its history and approvals, straight from the tables. */
export async function readStoredRecords(db: Pick<TestDatabase, 'em'>, procedure: string): Promise<StoredRecords> {
  const connection = db.em.getConnection();
  const records = (await connection.execute(`select id, stage, data, version, closed_at, gates from records where procedure_key = ? order by created_at, id`, [procedure])) as StoredRecord[];
  const events = (await connection.execute(
    `select e.record_id, e.seq, e.type, e.actor_id, e.from_stage, e.to_stage, e.changes, e.data from record_events e join records r on r.id = e.record_id where r.procedure_key = ? order by e.record_id, e.seq`,
    [procedure],
  )) as StoredEvent[];
  const approvals = (await connection.execute(
    `select a.id, a.record_id, a.gate, a.level, a.round, a.state, a.approver_id, a.decided_by_id from approvals a join records r on r.id = a.record_id where r.procedure_key = ?`,
    [procedure],
  )) as StoredApproval[];
  return { records, events: groupBy(events, (e) => e.record_id), approvals: groupBy(approvals, (a) => a.record_id) };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row)) ?? [];
    list.push(row);
    groups.set(key(row), list);
  }
  return groups;
}

const withoutNulls = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined));

/**
 * Replays a record's history against the definition and its stored row; returns every
 * inconsistency found (empty when the record is consistent):
 * - seq runs 1..n without gaps, the first entry is `created` into the initial stage;
 * - every `transitioned` leaves the stage the previous one entered, along an action of the
 *   definition (or a gate's `onReject`), and the last one ends in the stored stage;
 * - field changes, applied in order from empty data, give the stored data, and each change's
 *   `from` is the value the field held at that point;
 * - the version is 1 + updates + actions + decisions, and `closed_at` is set exactly in a final stage;
 * - every decided approval has exactly one `approval-decided` entry naming it, and vice versa;
 * - a gate the row calls approved has a level approved, and a pending one no decided quorum.
 */
export function recordProblems(shape: ProcedureShape, record: StoredRecord, events: readonly StoredEvent[], approvals: readonly StoredApproval[]): string[] {
  const problems: string[] = [];
  const say = (message: string) => problems.push(`${record.id}: ${message}`);
  events.forEach((e, i) => {
    if (e.seq !== i + 1) say(`history entry ${i + 1} has seq ${e.seq}`);
  });
  const initial = shape.stages.find((s) => s.initial)!.key;
  if (events[0]?.type !== 'created' || events[0].to_stage !== initial) say(`history does not start with "created" into ${initial}: ${JSON.stringify(events[0])}`);

  let stage = initial;
  let data: Record<string, unknown> = {};
  let commands = 1;
  for (const event of events) {
    if (event.changes && ['created', 'updated', 'transitioned'].includes(event.type)) {
      for (const [field, change] of Object.entries(event.changes)) {
        if (!isDeepStrictEqual(data[field] ?? null, change.from ?? null)) say(`seq ${event.seq} changes ${field} from ${JSON.stringify(change.from)} but it held ${JSON.stringify(data[field])}`);
        data = { ...data, [field]: change.to };
      }
    }
    if (event.type === 'updated') commands += 1;
    if (event.type === 'approval-decided') commands += 1;
    if (event.type === 'transitioned') {
      if (event.from_stage !== stage) say(`seq ${event.seq} leaves ${event.from_stage} but the record was in ${stage}`);
      const byAction = typeof event.data?.action === 'string';
      const allowed = byAction
        ? shape.actions.some((a) => a.key === event.data!.action && [a.from].flat().includes(stage) && a.to === event.to_stage)
        : (shape.gates ?? []).some((g) => g.key === event.data?.gate && g.onReject?.stage === event.to_stage);
      if (!allowed) say(`seq ${event.seq} moves ${stage} → ${event.to_stage}, which no action or rejection of ${shape.key} allows (${JSON.stringify(event.data)})`);
      if (byAction) commands += 1;
      stage = event.to_stage ?? stage;
    }
  }
  if (stage !== record.stage) say(`history ends in ${stage} but the record is in ${record.stage}`);
  if (!shape.stages.some((s) => s.key === record.stage)) say(`stage ${record.stage} is not a stage of ${shape.key}`);
  if (!isDeepStrictEqual(withoutNulls(data), withoutNulls(record.data))) say(`history replays to ${JSON.stringify(data)} but the data is ${JSON.stringify(record.data)}`);
  if (record.version !== commands) say(`version ${record.version} but history holds ${commands} versioned commands`);
  const final = shape.stages.find((s) => s.key === record.stage)?.final === true;
  if (final !== (record.closed_at !== null)) say(`closed_at ${String(record.closed_at)} in ${final ? 'final' : 'open'} stage ${record.stage}`);

  const decidedEvents = events.filter((e) => e.type === 'approval-decided').map((e) => String(e.data?.approvalId));
  const decidedRows = approvals.filter((a) => a.state === 'approved' || a.state === 'rejected');
  if (new Set(decidedEvents).size !== decidedEvents.length) say(`an approval is decided twice in the history: ${decidedEvents.join(', ')}`);
  if (!isDeepStrictEqual([...decidedEvents].sort(), decidedRows.map((a) => a.id).sort())) say(`decided approvals ${JSON.stringify(decidedRows.map((a) => a.id))} differ from the history's ${JSON.stringify(decidedEvents)}`);
  for (const a of decidedRows) if (a.decided_by_id !== a.approver_id) say(`approval ${a.id} asked ${a.approver_id} but was decided by ${a.decided_by_id}`);
  return problems;
}
