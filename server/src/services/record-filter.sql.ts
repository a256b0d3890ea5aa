import type { Field, Procedure } from '../definitions/definition.types.js';
import { toMoney } from '../engine/forms/decimal.js';
import { DomainError } from '../errors/domain-errors.js';

export interface RecordFilter {
  readonly procedure?: string;
  readonly stage?: string;
  /** `{ field: value }` or `{ field: { eq | ne | gt | gte | lt | lte | in | contains: value } }`. */
  readonly where?: Readonly<Record<string, unknown>>;
  readonly search?: string;
  readonly orderBy?: string;
}

interface Fragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

const FIELD_KEY = /^[a-z][a-zA-Z0-9]*$/;
/** Numeric text; `{0,1}`, not `?`, which the driver would read as a parameter. */
const NUMERIC_TEXT = `'^-{0,1}[0-9]+(\\.[0-9]+){0,1}$'`;
const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains'] as const;
type FilterOperator = (typeof OPERATORS)[number];

/**
 * The SQL of a `records` filter over the alias `r`. Equality uses jsonb containment (`@>`), which
 * the GIN index on `records.data` serves; comparisons cast numbers and money to numeric. Field
 * keys are checked against the procedure (when given) and the key pattern before they reach SQL;
 * values are always parameters.
 */
export function recordFilterSql(filter: RecordFilter, procedure: Procedure | undefined, unreadable: ReadonlySet<string> = new Set()): Fragment {
  const parts: Fragment[] = [];
  if (filter.procedure) parts.push({ sql: 'r.procedure_key = ?', params: [filter.procedure] });
  if (filter.stage) parts.push({ sql: 'r.stage = ?', params: [filter.stage] });
  if (filter.search?.trim()) {
    // Fields the caller may not read are taken out before matching: a search must not reveal them.
    parts.push(
      unreadable.size > 0
        ? { sql: '(r.data - ?::text[])::text ilike ?', params: [`{${[...unreadable].join(',')}}`, `%${escapeLike(filter.search.trim())}%`] }
        : { sql: 'r.data::text ilike ?', params: [`%${escapeLike(filter.search.trim())}%`] },
    );
  }
  for (const [key, condition] of Object.entries(filter.where ?? {})) {
    if (unreadable.has(key)) throw DomainError.forbidden(`You may not read "${key}", so you may not filter on it.`);
    const field = checkField(key, procedure);
    const conditions = isOperatorObject(condition) ? Object.entries(condition) : [['eq', condition] as const];
    for (const [operator, value] of conditions) parts.push(comparison(key, field, operator as FilterOperator, value));
  }
  if (parts.length === 0) return { sql: 'true', params: [] };
  return { sql: parts.map((p) => `(${p.sql})`).join(' and '), params: parts.flatMap((p) => p.params) };
}

function checkField(key: string, procedure: Procedure | undefined): Field | undefined {
  if (!FIELD_KEY.test(key)) throw DomainError.badRequest(`"${key}" is not a field key: filter on the keys of the procedure's form.`);
  if (!procedure) return undefined;
  const field = procedure.fields.find((f) => f.key === key && f.type !== 'section');
  if (!field) throw DomainError.badRequest(`"${procedure.key}" has no field "${key}": filter on one of ${procedure.fields.filter((f) => f.type !== 'section').map((f) => f.key).join(', ')}.`);
  return field;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => (OPERATORS as readonly string[]).includes(k));
}

/**
 * A filter value is what a field can hold: a scalar, or a flat list of scalars (`in`, a
 * multiselect). Objects and nested lists match no stored value and, nested deep, would make the
 * database refuse the statement: they are refused here, naming the key.
 */
function checkValue(key: string, operator: string, raw: unknown): void {
  const scalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (scalar(raw) || (Array.isArray(raw) && raw.length <= 1000 && raw.every(scalar))) return;
  throw DomainError.badRequest(`where.${key}.${operator}: filter with a value or a list of values (text, number, true/false), not ${Array.isArray(raw) ? 'a nested list' : 'an object'}.`);
}

function comparison(key: string, field: Field | undefined, operator: FilterOperator, raw: unknown): Fragment {
  checkValue(key, operator, raw);
  const value = normalise(field, raw);
  const numeric = field?.type === 'money' || field?.type === 'number' || field?.type === 'integer' || (field === undefined && typeof raw === 'number');
  const text = `r.data->>'${key}'`;
  switch (operator) {
    case 'eq':
      return { sql: 'r.data @> ?::jsonb', params: [JSON.stringify({ [key]: value })] };
    case 'ne':
      return { sql: 'not (r.data @> ?::jsonb)', params: [JSON.stringify({ [key]: value })] };
    case 'in': {
      const values = Array.isArray(raw) ? raw.map((v) => normalise(field, v)) : [value];
      if (values.length === 0) return { sql: 'false', params: [] };
      return { sql: values.map(() => 'r.data @> ?::jsonb').join(' or '), params: values.map((v) => JSON.stringify({ [key]: v })) };
    }
    case 'contains':
      if (field?.type === 'multiselect' || Array.isArray((raw as unknown) ?? null)) {
        return { sql: 'r.data @> ?::jsonb', params: [JSON.stringify({ [key]: Array.isArray(value) ? value : [value] })] };
      }
      return { sql: `${text} ilike ?`, params: [`%${escapeLike(String(raw))}%`] };
    default: {
      const sign = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[operator];
      if (!sign) throw DomainError.badRequest(`Unknown filter operator "${operator}": use one of ${OPERATORS.join(', ')}.`);
      // A non-numeric text in a numeric field compares as null (false) instead of failing the query.
      const column = numeric ? `(case when ${text} ~ ${NUMERIC_TEXT} then (${text})::numeric end)` : text;
      return { sql: `${column} ${sign} ?`, params: [numeric ? Number(value) : value] };
    }
  }
}

/** Filter values in the stored form: money as its exact decimal string. */
function normalise(field: Field | undefined, value: unknown): unknown {
  if (field?.type !== 'money') return value;
  const money = toMoney(value, field.scale ?? 2);
  return money.ok ? money.value : value;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const ORDER_COLUMNS: Readonly<Record<string, string>> = {
  createdAt: 'r.created_at',
  updatedAt: 'r.updated_at',
  dueAt: 'r.due_at',
  stage: 'r.stage',
};

export interface OrderSql {
  readonly sql: string;
  /** The keyset condition for a page after `after`. */
  readonly after: Fragment | undefined;
  cursorOf(row: Record<string, unknown>): string;
}

/**
 * `orderBy` is `<key> [asc|desc]`: createdAt (default, newest first), updatedAt, dueAt, stage, or
 * `data.<field>`. Pages are keyset pages over (sort value, id): stable under inserts, no offset scans.
 */
export function recordOrderSql(orderBy: string | undefined, procedure: Procedure | undefined, after: string | undefined, unreadable: ReadonlySet<string> = new Set()): OrderSql {
  const [key = 'createdAt', direction = key === 'createdAt' && !orderBy ? 'desc' : 'asc'] = (orderBy ?? 'createdAt desc').trim().split(/\s+/);
  const dir = direction.toLowerCase();
  if (dir !== 'asc' && dir !== 'desc') throw DomainError.badRequest(`orderBy "${orderBy}": the direction is asc or desc.`);
  let column = ORDER_COLUMNS[key];
  let alias = key;
  if (!column && key.startsWith('data.')) {
    const fieldKey = key.slice(5);
    if (unreadable.has(fieldKey)) throw DomainError.forbidden(`You may not read "${fieldKey}", so you may not sort on it.`);
    const field = checkField(fieldKey, procedure);
    const numeric = field?.type === 'money' || field?.type === 'number' || field?.type === 'integer';
    column = numeric ? `(case when r.data->>'${fieldKey}' ~ ${NUMERIC_TEXT} then (r.data->>'${fieldKey}')::numeric end)` : `(r.data->>'${fieldKey}')`;
    alias = 'sort_value';
  }
  if (!column) throw DomainError.badRequest(`orderBy "${orderBy}": sort by createdAt, updatedAt, dueAt, stage or data.<field>.`);
  const nulls = dir === 'asc' ? 'nulls last' : 'nulls first';
  const sql = `order by ${column} ${dir} ${nulls}, r.id ${dir}`;
  const cursorOf = (row: Record<string, unknown>) => {
    const sortValue = alias === 'sort_value' ? sortOf(row, key.slice(5)) : row[snake(alias)];
    return Buffer.from(JSON.stringify([sortValue instanceof Date ? sortValue.toISOString() : (sortValue ?? null), row.id])).toString('base64url');
  };
  if (!after) return { sql, after: undefined, cursorOf };
  let decoded: [unknown, string];
  try {
    decoded = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [unknown, string];
    if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[1] !== 'string') throw new Error('shape');
  } catch {
    throw DomainError.badRequest('The cursor "after" is not one this server gave out: use an endCursor from a previous page.');
  }
  const [value, id] = decoded;
  const op = dir === 'asc' ? '>' : '<';
  // Rows sort by (value, id); nulls come last ascending and first descending.
  const afterSql =
    value === null
      ? dir === 'asc'
        ? { sql: `(${column} is null and r.id ${op} ?)`, params: [id] }
        : { sql: `((${column} is null and r.id ${op} ?) or ${column} is not null)`, params: [id] }
      : dir === 'asc'
        ? { sql: `(${column} ${op} ? or (${column} = ? and r.id ${op} ?) or ${column} is null)`, params: [value, value, id] }
        : { sql: `(${column} ${op} ? or (${column} = ? and r.id ${op} ?))`, params: [value, value, id] };
  return { sql, after: afterSql, cursorOf };
}

function sortOf(row: Record<string, unknown>, field: string): unknown {
  const data = row.data as Record<string, unknown> | null;
  const value = data?.[field];
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : (value ?? null);
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
