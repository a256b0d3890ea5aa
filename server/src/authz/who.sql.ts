/**
 * Who lists as SQL over a records table aliased `r`, for one known actor. What is known about the
 * actor up front (roles, department, username, `anyone`) is decided here in JS; only the parts
 * relative to a record (creator, assignee, department manager, user field, manager of a user field) become SQL. Values
 * travel as `?` parameters only; the one identifier written into the text, a user field's key,
 * is checked against the field-key pattern first.
 *
 * Mirrors `actorMatches` (engine/who.ts) entry by entry: every condition of an entry must hold,
 * an entry without conditions matches nobody, any entry of the list is enough.
 */
import type { WhoEntry, WhoList } from '../definitions/definition.types.js';
import type { Actor } from '../engine/engine.types.js';

export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

/** `true`: every record matches; `false`: none does; otherwise the condition to test. */
export type SqlCondition = boolean | SqlFragment;

export interface WhoSqlActor {
  readonly actor: Actor;
  /** Keys of the departments the actor manages (`departments.manager_id`). */
  readonly managedDepartments: readonly string[];
  /**
   * Set when the caller already admits the record's creator and assignee: entries that require
   * being one of them then add nothing and are left out of the SQL.
   */
  readonly participantsAdmitted: boolean;
}

/** The field-key pattern of the definition format: safe to write into SQL as a JSON key. */
const FIELD_KEY = /^[a-z][a-zA-Z0-9]*$/;

export function whoListSql(who: WhoList, scope: WhoSqlActor): SqlCondition {
  return anyOf(who.map((entry) => entrySql(entry, scope)));
}

function entrySql(entry: WhoEntry, { actor, managedDepartments, participantsAdmitted }: WhoSqlActor): SqlCondition {
  const parts: SqlCondition[] = [];
  if (entry.anyone) parts.push(true);
  if (entry.roles) parts.push(entry.roles.some((role) => actor.roles.includes(role)));
  if (entry.departments) parts.push(actor.department !== null && entry.departments.includes(actor.department));
  if (entry.users) parts.push(entry.users.includes(actor.username));
  if (entry.creator) parts.push(participantsAdmitted ? false : { sql: 'r.created_by_id = ?', params: [actor.id] });
  if (entry.assignee) parts.push(participantsAdmitted ? false : { sql: 'r.assignee_id = ?', params: [actor.id] });
  if (entry.departmentManager) parts.push(inList('r.department_key', managedDepartments));
  if (entry.userField !== undefined) {
    // `table.column` names a row of a per-row gate: no record-level who list can match it.
    parts.push(FIELD_KEY.test(entry.userField) ? { sql: `r.data ->> '${entry.userField}' = ?`, params: [actor.id] } : false);
  }
  if (entry.managerOf !== undefined) parts.push(FIELD_KEY.test(entry.managerOf) ? managerOfSql(entry.managerOf, actor) : false);
  return parts.length === 0 ? false : allOf(parts);
}

/** `managerOf`, as `Person.manager` is loaded: the named user's department manager, or the parent's when that is them. */
function managerOfSql(userField: string, actor: Actor): SqlFragment {
  return {
    sql: `exists (select 1 from users mu join departments md on md.key = mu.department_key left join departments mp on mp.key = md.parent_key
      where mu.id::text = r.data ->> '${userField}' and (case when md.manager_id = mu.id then mp.manager_id else md.manager_id end) = ?)`,
    params: [actor.id],
  };
}

export function inList(column: string, values: readonly string[]): SqlCondition {
  if (values.length === 0) return false;
  return { sql: `${column} in (${values.map(() => '?').join(', ')})`, params: [...values] };
}

export function anyOf(conditions: readonly SqlCondition[]): SqlCondition {
  if (conditions.includes(true)) return true;
  return join(conditions.filter(isFragment), 'or', false);
}

export function allOf(conditions: readonly SqlCondition[]): SqlCondition {
  if (conditions.includes(false)) return false;
  return join(conditions.filter(isFragment), 'and', true);
}

/** A condition as a fragment to put after `where`. */
export function toFragment(condition: SqlCondition): SqlFragment {
  return typeof condition === 'boolean' ? { sql: condition ? 'true' : 'false', params: [] } : condition;
}

function join(all: readonly SqlFragment[], operator: 'and' | 'or', empty: boolean): SqlCondition {
  // Several who lists often name the same people (a stage's responsible and its actions' `by`).
  const fragments = [...new Map(all.map((f) => [`${f.sql}\u0000${JSON.stringify(f.params)}`, f])).values()];
  if (fragments.length === 0) return empty;
  if (fragments.length === 1) return fragments[0]!;
  return { sql: `(${fragments.map((f) => f.sql).join(` ${operator} `)})`, params: fragments.flatMap((f) => f.params) };
}

function isFragment(condition: SqlCondition): condition is SqlFragment {
  return typeof condition !== 'boolean';
}
