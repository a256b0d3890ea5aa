import type { Field, Procedure } from '../definitions/definition.types.js';
import type { Actor, RecordState } from '../engine/engine.types.js';
import { DomainError } from '../errors/domain-errors.js';
import type { Database } from '../persistence/database.js';
import { findPeople, type PersonRow } from '../persistence/people.repository.js';
import type { ProcedureCatalog } from './procedure-catalog.js';

export type { PersonRow as Person } from '../persistence/people.repository.js';

export interface PeopleRequest {
  readonly search?: string;
  readonly department?: string;
  /** The person holds one of these roles. */
  readonly roles?: readonly string[];
  /** These people only: how a form shows the names of the people it holds. */
  readonly ids?: readonly string[];
  readonly first?: number;
  /** With `field`: the people that user field (or `table.column` user column) of this procedure admits. */
  readonly procedure?: string;
  readonly field?: string;
  /** The record the field is filled in, when it exists (the caller has read it): its pinned version's field is the one asked. */
  readonly record?: RecordState;
}

export interface PeopleDeps {
  readonly db: Database;
  readonly catalog: ProcedureCatalog;
}

const DEFAULT_FIRST = 20;
const MAX_FIRST = 100;

/**
 * The people a signed-in user may look up to name someone: active people by display name, each
 * with their name and department only. Every argument narrows the answer. With `procedure` and
 * `field`, the field's `roles` and `departments` apply as well: exactly what a write checks of the
 * person a user field names (engine/forms/checks.ts), so that whoever is offered is accepted.
 * The caller only has to be signed in (`_actor` is the proof): a colleague's name and department
 * are no secret inside the company. BAD_REQUEST, naming the argument, for `first` beyond 0..100, a
 * `procedure` without `field` (or the reverse), an unknown procedure or field, or a field that is
 * no user field.
 */
export async function people(deps: PeopleDeps, _actor: Actor, request: PeopleRequest): Promise<PersonRow[]> {
  const limit = request.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_FIRST) {
    throw DomainError.badRequest(`"first" must be between 0 and ${MAX_FIRST} (it is ${limit}): ask for fewer people, or narrow "search".`);
  }
  if (request.ids && request.ids.length > MAX_FIRST) throw DomainError.badRequest(`"ids": at most ${MAX_FIRST} people at once (${request.ids.length} were given).`);
  const field = request.procedure === undefined && request.field === undefined ? undefined : userField(await fieldProcedure(deps, request), request.field);
  const departments = narrowed(request.department === undefined ? undefined : [request.department], field?.departments);
  // An empty list filters nothing, as an empty `roles` of a field does.
  const rolesAmong = [request.roles, field?.roles].filter((roles): roles is readonly string[] => roles !== undefined && roles.length > 0);
  const em = deps.db.em.fork();
  return findPeople(em, { search: request.search, departments, rolesAmong, ids: request.ids, limit });
}

/** The procedure whose field is asked: the record's pinned version, else the latest published. */
async function fieldProcedure(deps: PeopleDeps, request: PeopleRequest): Promise<Procedure> {
  if (request.procedure === undefined) throw DomainError.badRequest('"procedure": give the procedure whose field "field" is, with it.');
  if (request.record) {
    if (request.record.procedureKey !== request.procedure) {
      throw DomainError.badRequest(`"record" is a ${request.record.procedureKey}, not a ${request.procedure}: give "procedure" the record's own procedure.`);
    }
    return deps.catalog.at(deps.db.em.fork(), request.record.procedureKey, request.record.procedureVersion);
  }
  const procedure = deps.catalog.registry.procedures.get(request.procedure);
  if (!procedure || !deps.catalog.latestVersions.has(request.procedure)) {
    throw DomainError.badRequest(`"procedure": no published procedure has the key "${request.procedure}".`);
  }
  return procedure;
}

/** The user field (or `table.column` user column) the argument names. */
function userField(procedure: Procedure, path: string | undefined): Field {
  if (path === undefined) throw DomainError.badRequest(`"field": name the user field of ${procedure.key} to pick a person for, with "procedure".`);
  const [key = '', columnKey] = path.split('.');
  const top = procedure.fields.find((f) => f.key === key);
  const field = columnKey === undefined ? top : top?.type === 'table' ? top.columns?.find((c) => c.key === columnKey) : undefined;
  if (field?.type === 'user' && path.split('.').length <= 2) return field;
  const users = procedure.fields.flatMap((f) => [...(f.type === 'user' ? [f.key] : []), ...(f.columns ?? []).filter((c) => c.type === 'user').map((c) => `${f.key}.${c.key}`)]);
  const offer = users.length > 0 ? `use one of ${users.join(', ')}` : `${procedure.key} has no user field`;
  throw DomainError.badRequest(
    field ? `"field": "${path}" of ${procedure.key} is a ${field.type} field, not a user field: ${offer}.` : `"field": ${procedure.key} has no field "${path}": ${offer}.`,
  );
}

/** Both department filters at once: undefined for any department, else those both admit. */
function narrowed(asked: readonly string[] | undefined, allowed: readonly string[] | undefined): readonly string[] | undefined {
  if (!allowed?.length) return asked;
  return asked ? asked.filter((d) => allowed.includes(d)) : allowed;
}
