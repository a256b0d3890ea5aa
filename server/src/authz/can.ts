/**
 * The one authorization function (STYLE.md habit 7): the API uses it to shape what a user sees
 * (available actions, redacted data) and the services use it to enforce. Pure: it reads the
 * actor, the action and what the caller looked up, and performs no I/O.
 *
 * The split with the engine: `can` decides whether the actor may touch a record at all; the
 * engine decides what a command may do to it (editable grants, an action's `by`, guards, gates).
 * So `record.update` and `record.transition` only require `record.read` here: a user who may
 * not see a record is refused with FORBIDDEN before the engine runs, and learns nothing about
 * which fields or actions would have been open to them.
 *
 * `record-visibility.sql.ts` states the `record.read` rule again as SQL for lists; a test
 * proves both agree on every record, so change them together.
 */
import type { Field, Procedure, Stage, WhoList } from '../definitions/definition.types.js';
import { whoContext } from '../engine/command-context.js';
import type { Actor, Directory, RecordData, RecordState } from '../engine/engine.types.js';
import { actorMatches, type WhoContext } from '../engine/who.js';

/** `reason` says, in English, why not: the message of a FORBIDDEN error. */
export interface Decision {
  readonly allowed: boolean;
  readonly reason?: string;
}

/** The people asked on a record, looked up by the caller. */
export interface RecordParticipants {
  /** User ids asked to approve the record, whatever the state of their approval. */
  readonly approvers: ReadonlySet<string>;
}

export interface ProcedureResource {
  readonly procedure: Procedure;
  /** For `users:` entries of who lists. */
  readonly directory: Directory;
}

export interface RecordResource {
  /** The version the record is pinned to. */
  readonly procedure: Procedure;
  readonly record: RecordState;
  readonly participants: RecordParticipants;
  readonly directory: Directory;
}

export interface FieldResource {
  readonly procedure: Procedure;
  /** A top-level field key, or `table.column` for a column of a table field. */
  readonly field: string;
  readonly record: RecordState;
  readonly directory: Directory;
  /** For a column: the row at hand, so that `userField: table.column` readers can be read. */
  readonly row?: RecordData;
}

/** What each action is asked about. Administration actions need no resource. */
export interface AuthzResources {
  'procedure.start': ProcedureResource;
  'record.read': RecordResource;
  'record.update': RecordResource;
  'record.transition': RecordResource;
  'field.read': FieldResource;
  'definitions.edit': undefined;
  'users.manage': undefined;
  'tokens.manageOthers': undefined;
}

export type AuthzAction = keyof AuthzResources;

export type ResourceArgs<A extends AuthzAction> = AuthzResources[A] extends undefined ? [] : [resource: AuthzResources[A]];

/** The discriminated union of every question `can` answers, for callers that pass them around. */
export type AuthzRequest = { [A in AuthzAction]: { readonly action: A; readonly resource: AuthzResources[A] } }[AuthzAction];

const ALLOWED: Decision = Object.freeze({ allowed: true });

/** May `actor` do `action` on `resource`? Pure; never throws for a refusal (see `authorize`). */
export function can<A extends AuthzAction>(actor: Actor, action: A, ...resource: ResourceArgs<A>): Decision {
  // The map below pairs each action with its resource type; TS cannot follow that through a
  // generic index, hence the one cast.
  const check = checks[action] as (actor: Actor, resource: AuthzResources[A] | undefined) => Decision;
  return check(actor, resource[0]);
}

const checks: { readonly [A in AuthzAction]: (actor: Actor, resource: AuthzResources[A]) => Decision } = {
  'procedure.start': mayStart,
  'record.read': mayRead,
  // Seeing the record is the precondition; the engine enforces editable grants and action `by`.
  'record.update': mayRead,
  'record.transition': mayRead,
  'field.read': mayReadField,
  'definitions.edit': (actor) => administratorsOnly(actor, 'edit or publish procedure definitions'),
  'users.manage': (actor) => administratorsOnly(actor, 'create or change users'),
  'tokens.manageOthers': (actor) => administratorsOnly(actor, "manage other users' API tokens"),
};

function deny(reason: string): Decision {
  return { allowed: false, reason };
}

/**
 * Starting is a business act, not administration: an administrator may start a procedure only
 * when `start` names them like anyone else, so records never carry a creator the procedure
 * does not foresee.
 */
function mayStart(actor: Actor, { procedure, directory }: ProcedureResource): Decision {
  const nobody: WhoContext = { createdBy: null, assignee: null, department: null, data: {} };
  if (actorMatches(procedure.start, actor, nobody, directory)) return ALLOWED;
  return deny(`You may not start "${procedure.label.en}": the procedure names who may start it, and your roles and department are not among them.`);
}

/**
 * A record is visible to administrators, to its department, to the people taking part in it
 * (creator, assignee, anyone asked to approve it), to the procedure's `readers`, to those
 * responsible for its current stage, and to those who may take an action from that stage.
 * An action's guards (`when`, required gates) do not matter here: who may act must see what
 * they would act on, even while the action is blocked.
 */
function mayRead(actor: Actor, { procedure, record, participants, directory }: RecordResource): Decision {
  if (actor.isAdmin) return ALLOWED;
  if (actor.department !== null && record.department === actor.department) return ALLOWED;
  if (record.createdBy === actor.id || record.assignee === actor.id || participants.approvers.has(actor.id)) return ALLOWED;
  const context = whoContext(record);
  const lists = [procedure.readers, ...stageWhoLists(procedure, record.stage)];
  if (lists.some((who) => actorMatches(who, actor, context, directory))) return ALLOWED;
  return deny('You may not see this record: it belongs to another department, you take no part in it, and its procedure does not name you as a reader.');
}

/** Who is involved in a stage: those responsible for it and those who may act from it. */
export function stageWhoLists(procedure: Procedure, stageKey: string): WhoList[] {
  const stage: Stage | undefined = procedure.stages.find((s) => s.key === stageKey);
  return [...(stage ? [stage.responsible] : []), ...actionsFrom(procedure, stageKey).map((a) => a.by)];
}

export function actionsFrom(procedure: Procedure, stageKey: string): Procedure['actions'] {
  return procedure.actions.filter((a) => a.from.includes(stageKey));
}

/**
 * A field with `readers` is readable only by them; a column is readable when both its table and
 * the column itself allow it. Administrators read every field: they administer the data (export,
 * migration between versions) and could read it from the database anyway, so hiding it from them
 * would give no protection. A key the definition does not declare has no restriction to apply.
 * Whether the record itself is visible is `record.read`'s question: ask it first.
 */
function mayReadField(actor: Actor, { procedure, field, record, directory, row }: FieldResource): Decision {
  if (actor.isAdmin) return ALLOWED;
  const [tableKey = field, columnKey] = field.split('.');
  const table = procedure.fields.find((f) => f.key === tableKey);
  if (!table) return ALLOWED;
  const context: WhoContext = { ...whoContext(record), ...(row ? { row: { table: tableKey, values: row } } : {}) };
  if (!readerMatches(table, actor, context, directory)) return restricted(table);
  const column = columnKey === undefined ? undefined : table.columns?.find((c) => c.key === columnKey);
  if (column && !readerMatches(column, actor, context, directory)) return restricted(column, table);
  return ALLOWED;
}

function readerMatches(field: Field, actor: Actor, context: WhoContext, directory: Directory): boolean {
  return field.readers === undefined || actorMatches(field.readers, actor, context, directory);
}

function restricted(field: Field, table?: Field): Decision {
  const name = `${table ? `${table.label?.en ?? table.key} › ` : ''}${field.label?.en ?? field.key}`;
  return deny(`The field "${name}" is restricted to the readers its procedure names, and you are not among them.`);
}

function administratorsOnly(actor: Actor, what: string): Decision {
  return actor.isAdmin ? ALLOWED : deny(`Only an administrator may ${what}.`);
}
