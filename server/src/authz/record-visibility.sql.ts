/**
 * `can(actor, 'record.read', …)` (can.ts) as a SQL predicate, so that lists (`records`, `myTasks`,
 * typed lists) are filtered by the database before paging, never after. Over a records table
 * aliased `r`; `?` placeholders as MikroORM's `execute(sql, params)` and the query builder's
 * `where(sql, params)` take them. Change it together with can.ts: a test runs both over the same
 * records and compares.
 */
import type { Procedure, WhoList } from '../definitions/definition.types.js';
import type { Actor } from '../engine/engine.types.js';
import { actionsFrom } from './can.js';
import { allOf, anyOf, inList, toFragment, whoListSql, type SqlCondition, type SqlFragment, type WhoSqlActor } from './who.sql.js';

/**
 * A procedure whose who lists decide visibility. A bare Procedure applies to every record of its
 * key; when records of one key run on versions whose who lists differ, pass each version with
 * its `procedure_versions.id` instead, so each record is judged by the version it is pinned to.
 */
export type ProcedureScope = Procedure | { readonly procedure: Procedure; readonly versionId: string };

/**
 * The records the actor may read. A record of a procedure not passed in is visible only through
 * the rules that need no definition (department, creator, assignee, approver): pass every
 * procedure whose records the list may hold.
 * Throws (a programming error) when a key is given both bare and pinned, or bare twice.
 */
export function visibleRecordsWhere(actor: Actor, procedures: readonly ProcedureScope[], managedDepartments: readonly string[]): SqlFragment {
  if (actor.isAdmin) return toFragment(true);
  const scope: WhoSqlActor = { actor, managedDepartments, participantsAdmitted: true };
  const conditions: SqlCondition[] = [
    { sql: 'r.created_by_id = ?', params: [actor.id] },
    { sql: 'r.assignee_id = ?', params: [actor.id] },
    approvalAsks(actor, false),
  ];
  if (actor.department !== null) conditions.push({ sql: 'r.department_key = ?', params: [actor.department] });
  for (const entry of checked(procedures)) {
    const { procedure } = entry;
    conditions.push(procedureCondition(entry, whoListSql(procedure.readers, scope), (stage) => [stage.responsible, ...actionsFrom(procedure, stage.key).map((a) => a.by)], scope));
  }
  return toFragment(anyOf(conditions));
}

/**
 * The actor's tasks: open records (`closed_at is null`) where a pending approval asks them, or
 * where an action from the current stage names them in its `by`. As in `record.read`, an
 * action's guards do not matter: a blocked action is still the actor's to take. Administrators
 * get no tasks for being administrators; the engine gives them no actions either.
 */
export function myTasksWhere(actor: Actor, procedures: readonly ProcedureScope[], managedDepartments: readonly string[]): SqlFragment {
  const scope: WhoSqlActor = { actor, managedDepartments, participantsAdmitted: false };
  const waiting: SqlCondition[] = [approvalAsks(actor, true)];
  for (const entry of checked(procedures)) {
    const { procedure } = entry;
    waiting.push(procedureCondition(entry, false, (stage) => actionsFrom(procedure, stage.key).map((a) => a.by), scope));
  }
  return toFragment(allOf([{ sql: 'r.closed_at is null', params: [] }, anyOf(waiting)]));
}

/**
 * `select count(*) as n …` of the records `myTasksWhere` selects, as a union of its two halves:
 * the records whose pending approval asks the actor (through the approvals index) and those whose
 * stage waits on them (through the records indexes). The same set as the page's `or`, which
 * PostgreSQL could only count by testing every open record (seconds for a busy approver).
 */
export function myTasksCountSql(actor: Actor, procedures: readonly ProcedureScope[], managedDepartments: readonly string[]): SqlFragment {
  const scope: WhoSqlActor = { actor, managedDepartments, participantsAdmitted: false };
  const stages = anyOf(
    checked(procedures).map((entry) => procedureCondition(entry, false, (stage) => actionsFrom(entry.procedure, stage.key).map((a) => a.by), scope)),
  );
  const asked = {
    sql: 'select a.record_id as id from approvals a join records r on r.id = a.record_id where a.approver_id = ? and a.state = ? and r.closed_at is null',
    params: [actor.id, 'pending'],
  };
  const branches: { sql: string; params: unknown[] }[] = [asked];
  if (stages !== false) {
    const where = toFragment(stages);
    branches.push({ sql: `select r.id from records r where r.closed_at is null and ${where.sql}`, params: [...where.params] });
  }
  return {
    sql: `select count(*) as n from (${branches.map((b) => b.sql).join(' union ')}) tasks`,
    params: branches.flatMap((b) => b.params),
  };
}

function approvalAsks(actor: Actor, pendingOnly: boolean): SqlFragment {
  const state = pendingOnly ? ' and a.state = ?' : '';
  // `offset 0` keeps this a per-row probe of the approvals index: without it PostgreSQL may plan
  // a hashed subplan that reads every approval of the actor (all 20 000 of a busy approver) on
  // each page, before the first row (docs/benchmarks.md, reads).
  return {
    sql: `exists (select 1 from approvals a where a.record_id = r.id and a.approver_id = ?${state} offset 0)`,
    params: pendingOnly ? [actor.id, 'pending'] : [actor.id],
  };
}

/**
 * `(r.procedure_key = ? [and r.procedure_version_id = ?] and (whole or per-stage))`: `whole` holds
 * in every stage; `perStage` lists the who lists of one stage. Stages open to the actor whatever
 * the record are gathered into one `r.stage in (…)`.
 */
function procedureCondition(
  { procedure, versionId }: { procedure: Procedure; versionId: string | undefined },
  whole: SqlCondition,
  perStage: (stage: Procedure['stages'][number]) => WhoList[],
  scope: WhoSqlActor,
): SqlCondition {
  const openStages: string[] = [];
  const alternatives: SqlCondition[] = [whole];
  for (const stage of procedure.stages) {
    const condition = anyOf(perStage(stage).map((who) => whoListSql(who, scope)));
    if (condition === true) openStages.push(stage.key);
    else if (condition !== false) alternatives.push(allOf([{ sql: 'r.stage = ?', params: [stage.key] }, condition]));
  }
  alternatives.push(inList('r.stage', openStages));
  const which: SqlCondition[] = [{ sql: 'r.procedure_key = ?', params: [procedure.key] }];
  if (versionId !== undefined) which.push({ sql: 'r.procedure_version_id = ?', params: [versionId] });
  const inside = anyOf(alternatives);
  return inside === false ? false : allOf([...which, inside]);
}

function checked(procedures: readonly ProcedureScope[]): { procedure: Procedure; versionId: string | undefined }[] {
  const entries = procedures.map((p) => ('versionId' in p ? { procedure: p.procedure, versionId: p.versionId } : { procedure: p, versionId: undefined }));
  const bare = new Set<string>();
  const pinned = new Set<string>();
  for (const { procedure, versionId } of entries) {
    const clash = versionId === undefined ? bare.has(procedure.key) || pinned.has(procedure.key) : bare.has(procedure.key);
    if (clash) throw new Error(`Procedure "${procedure.key}" is given more than once without a version id: pass each version with its versionId.`);
    (versionId === undefined ? bare : pinned).add(procedure.key);
  }
  return entries;
}
