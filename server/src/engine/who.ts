import type { WhoEntry, WhoList } from '../definitions/definition.types.js';
import type { Actor, Directory, RecordData } from './engine.types.js';

/** What a who entry may refer to about a record. */
export interface WhoContext {
  readonly createdBy: string | null;
  readonly assignee: string | null;
  readonly department: string | null;
  readonly data: RecordData;
  /** A row of a per-row gate, for `userField: 'table.column'`. */
  readonly row?: { readonly table: string; readonly values: RecordData };
}

/** Does the actor match any entry of the list (every condition of an entry must hold)? */
export function actorMatches(who: WhoList, actor: Actor, context: WhoContext, directory: Directory): boolean {
  return who.some((entry) => entryMatches(entry, actor, context, directory));
}

function entryMatches(entry: WhoEntry, actor: Actor, context: WhoContext, directory: Directory): boolean {
  const checks: boolean[] = [];
  if (entry.anyone) checks.push(true);
  if (entry.roles) checks.push(entry.roles.some((role) => actor.roles.includes(role)));
  if (entry.departments) checks.push(actor.department !== null && entry.departments.includes(actor.department));
  if (entry.users) checks.push(entry.users.some((username) => directory.userIds.get(username) === actor.id));
  if (entry.creator) checks.push(context.createdBy === actor.id);
  if (entry.assignee) checks.push(context.assignee !== null && context.assignee === actor.id);
  if (entry.departmentManager) {
    const manager = context.department === null ? null : (directory.departmentManagers.get(context.department) ?? null);
    checks.push(manager !== null && manager === actor.id);
  }
  if (entry.userField) checks.push(userFieldValue(entry.userField, context) === actor.id);
  if (entry.managerOf) {
    const manager = managerOf(entry.managerOf, context, directory);
    checks.push(manager !== null && manager === actor.id);
  }
  return checks.length > 0 && checks.every(Boolean);
}

/** The user id a `userField` names: a field of the record, or `table.column` of the row at hand. */
export function userFieldValue(userField: string, context: WhoContext): string | null {
  const [first, column] = userField.split('.');
  const row = context.row;
  const value = column !== undefined && row !== undefined && row.table === first ? row.values[column] : context.data[userField];
  return typeof value === 'string' ? value : null;
}

/** The manager of the person a user field names, as the directory knows them; null without one. */
export function managerOf(userField: string, context: WhoContext, directory: Directory): string | null {
  const id = userFieldValue(userField, context);
  return id === null ? null : (directory.people.get(id)?.manager ?? null);
}
