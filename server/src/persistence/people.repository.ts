import type { EntityManager } from '@mikro-orm/postgresql';
import type { Label } from '../definitions/definition.types.js';
import { isUuid } from './record-store.js';

/**
 * The directory as pickers read it: people, never accounts. What a row holds is all that any
 * signed-in colleague may learn of a person (their name and department, as a chat app's picker
 * shows them): no username, roles or admin flag leave this module. Values travel as `?`
 * parameters only; the statement's text is fixed.
 */

export interface DepartmentRow {
  readonly key: string;
  readonly label: Label;
  readonly parent: string | null;
  readonly manager: string | null;
}

export interface PersonRow {
  readonly id: string;
  readonly displayName: string;
  readonly department: DepartmentRow | null;
}

export interface PeopleQuery {
  /** A piece of the username or the display name, any case; `%` and `_` are literal. */
  readonly search?: string;
  /** The person belongs to one of these departments; undefined for any, empty for none. */
  readonly departments?: readonly string[];
  /** For each list, the person holds one of its roles (a list that is empty admits nobody). */
  readonly rolesAmong?: readonly (readonly string[])[];
  /** Only these people (ids that are no uuid match nobody). */
  readonly ids?: readonly string[];
  readonly limit: number;
}

/**
 * Active people matching every condition, by display name. Service accounts (no password: they
 * sign in with tokens only, see `serviceAccount` on User) are no one to name in a form.
 */
export async function findPeople(em: EntityManager, query: PeopleQuery): Promise<PersonRow[]> {
  if (query.limit <= 0) return [];
  const where = ['u.active', 'u.password_hash is not null'];
  const params: unknown[] = [];
  const search = query.search?.trim();
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    where.push('(u.username ilike ? or u.display_name ilike ?)');
    params.push(pattern, pattern);
  }
  if (query.departments) {
    where.push('u.department_key in (select jsonb_array_elements_text(?::jsonb))');
    params.push(JSON.stringify(query.departments));
  }
  for (const roles of query.rolesAmong ?? []) {
    where.push('u.roles && array(select jsonb_array_elements_text(?::jsonb))');
    params.push(JSON.stringify(roles));
  }
  if (query.ids) {
    where.push('u.id in (select x::uuid from jsonb_array_elements_text(?::jsonb) as x)');
    params.push(JSON.stringify(query.ids.filter(isUuid)));
  }
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select u.id, u.display_name, d.key as department_key, d.label as department_label, d.parent_key, d.manager_id
       from users u left join departments d on d.key = u.department_key
      where ${where.join(' and ')}
      order by lower(u.display_name), u.display_name, u.id
      limit ?`,
    [...params, query.limit],
    'all',
    em.getTransactionContext(),
  );
  return rows.map(personOf);
}

function personOf(row: Record<string, unknown>): PersonRow {
  const key = row.department_key as string | null;
  return {
    id: String(row.id),
    displayName: String(row.display_name),
    department:
      key === null
        ? null
        : { key, label: parsed<Label>(row.department_label), parent: (row.parent_key as string | null) ?? null, manager: (row.manager_id as string | null) ?? null },
  };
}

/** LIKE's wildcards and its escape character, taken literally (backslash is PostgreSQL's default escape). */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A json column's value, whichever driver sent it (parsed, or as text). */
function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
