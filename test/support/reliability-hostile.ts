import fc from 'fast-check';
import type { TestDatabase } from './database.js';
import { CONTRACT_CODES, type GraphQLBody } from './reliability-app.js';

/**
 * Generators and checks of the hostile-input tests. JSON is generated as a tree and written out by
 * hand, so that keys JavaScript objects treat specially (`__proto__`) and duplicate keys reach the
 * server as text, as an attacker would send them.
 */
export type Json = { kind: 'raw'; text: string } | { kind: 'string'; value: string } | { kind: 'array'; items: Json[] } | { kind: 'object'; entries: [string, Json][] };

export function writeJson(value: Json): string {
  switch (value.kind) {
    case 'raw':
      return value.text;
    case 'string':
      return JSON.stringify(value.value);
    case 'array':
      return `[${value.items.map(writeJson).join(',')}]`;
    case 'object':
      return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
  }
}

/** A JavaScript value as a tree (for mutating real definitions). */
export function toJson(value: unknown): Json {
  if (Array.isArray(value)) return { kind: 'array', items: value.map(toJson) };
  if (value !== null && typeof value === 'object') return { kind: 'object', entries: Object.entries(value).map(([k, v]) => [k, toJson(v)]) };
  if (typeof value === 'string') return { kind: 'string', value };
  return { kind: 'raw', text: JSON.stringify(value) ?? 'null' };
}

/** Every string in a tree, keys included: what an error message may legitimately quote back. */
export function stringsOf(value: Json): string[] {
  switch (value.kind) {
    case 'raw':
      return [value.text];
    case 'string':
      return [value.value];
    case 'array':
      return value.items.flatMap(stringsOf);
    case 'object':
      return value.entries.flatMap(([k, v]) => [k, ...stringsOf(v)]);
  }
}

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isAdmin'] as const;

/** Patterns that backtrack exponentially in a backtracking engine such as V8's. */
export const CATASTROPHIC_PATTERNS = ['^(a+)+$', '(x+x+)+y', '^(\\w+\\s?)*$', '(a*)*b', '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$', '(.*a){12}'];

const HOSTILE_STRINGS = [
  "'; drop table records; --",
  '" or 1=1 --',
  '$.__proto__.polluted',
  '{{7*7}}',
  '${process.env}',
  '../../../../etc/passwd',
  '\u0000',
  '\uD800',
  '\uFEFF',
  '𝕏'.repeat(50),
  '<script>alert(1)</script>',
  'a'.repeat(40) + '!',
  ...PROTOTYPE_KEYS,
  ...CATASTROPHIC_PATTERNS,
];

const HUGE_NUMBERS = ['1e400', '-1e400', '1e-400', '123456789012345678901234567890', '-0', '9007199254740993', '2147483648', '-2147483649', '0.1e1', '1.0000000000000000001'];

const leaf: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }).map((value) => ({ kind: 'string' as const, value })) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((value) => ({ kind: 'string' as const, value })) },
  { weight: 2, arbitrary: fc.constantFrom(...HUGE_NUMBERS).map((text) => ({ kind: 'raw' as const, text })) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)).map((v) => ({ kind: 'raw' as const, text: JSON.stringify(v) })) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 100_000 }).map((n) => ({ kind: 'string' as const, value: 'x'.repeat(n) })) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 5_000 }).map((n) => ({ kind: 'raw' as const, text: '['.repeat(n) + ']'.repeat(n) })) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 3_000 }).map((n) => ({ kind: 'raw' as const, text: '{"a":'.repeat(n) + '1' + '}'.repeat(n) })) },
);

const key: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom('title', 'currentAmount', 'requestedAmount', 'approvedOn', 'design', 'increase', 'id', 'stage'), fc.string({ maxLength: 12 }));

/** Any JSON value, hostile more often than not. */
export const hostileJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }).map((items) => ({ kind: 'array' as const, items })),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((entries) => ({ kind: 'object' as const, entries })),
  ),
})).value;

/** A hostile object (the shape `data`, `where` or `definition` arguments expect). */
export const hostileObject: fc.Arbitrary<Json> = fc.array(fc.tuple(key, hostileJson), { minLength: 1, maxLength: 6 }).map((entries) => ({ kind: 'object' as const, entries }));

/** Replaces the value at a random place of a tree (or adds a hostile key to an object there). */
export function mutate(tree: Json, choices: readonly number[], replacement: Json, newKey: string | undefined): Json {
  const [choice = 0, ...rest] = choices;
  if (tree.kind === 'array' && tree.items.length > 0 && rest.length > 0) {
    const i = choice % tree.items.length;
    return { kind: 'array', items: tree.items.map((item, j) => (j === i ? mutate(item, rest, replacement, newKey) : item)) };
  }
  if (tree.kind === 'object' && tree.entries.length > 0 && rest.length > 0) {
    const i = choice % tree.entries.length;
    return { kind: 'object', entries: tree.entries.map(([k, v], j) => [k, j === i ? mutate(v, rest, replacement, newKey) : v]) };
  }
  if (tree.kind === 'object' && newKey !== undefined) return { kind: 'object', entries: [...tree.entries, [newKey, replacement]] };
  return replacement;
}

/** What must never reach a client, with the name of each pattern for the failure message. */
const LEAKS: readonly [string, RegExp][] = [
  ['a stack frame', /\n\s+at |\bat (?:async )?[\w.<>]+ \(|\bat (?:file:|node:|\/)/],
  ['a file path', /\/work\/|\/home\/|\/tmp\/|\/usr\/|node_modules|\b[\w-]+\.(?:ts|mjs|cjs|js):\d+/],
  ['SQL', /\b(?:select\b.+\bfrom|insert into|update\b.+\bset\b|delete from|returning)\b/i],
  ['a database error', /relation .+ does not exist|syntax error at or near|duplicate key|violates .+ constraint|\bPGlite\b|MikroORM|DriverException|\bknex\b|\bpg_|SQLSTATE/i],
  ['a JavaScript error', /TypeError|ReferenceError|RangeError|SyntaxError: Unexpected token|Cannot read propert|is not a function|undefined is not|Maximum call stack/],
];

/**
 * The problems of one answer: an unexpected HTTP status, an answer that is not GraphQL JSON, an
 * error without a contract code, or a message that leaks internals. `echoed` are the strings the
 * request itself carried: a message may quote them back ("this form has no field "select …"").
 */
export function answerProblems(status: number, text: string, echoed: readonly string[], statuses: readonly number[] = [200, 400, 413]): string[] {
  const problems: string[] = [];
  if (!statuses.includes(status)) problems.push(`HTTP ${status}`);
  let body: GraphQLBody;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    return [...problems, `not JSON: ${text.slice(0, 200)}`];
  }
  if (!body.errors && body.data === undefined) problems.push(`neither data nor errors: ${text.slice(0, 200)}`);
  const longestFirst = [...new Set(echoed)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  for (const error of body.errors ?? []) {
    const code = String(error.extensions?.code);
    if (!CONTRACT_CODES.has(code)) problems.push(`code ${code}: ${error.message}`);
    let shown = JSON.stringify({ message: error.message, extensions: error.extensions });
    for (const s of longestFirst) shown = shown.split(JSON.stringify(s).slice(1, -1)).join('').split(s).join('');
    for (const [what, pattern] of LEAKS) if (pattern.test(shown)) problems.push(`${what} in ${shown.slice(0, 300)}`);
  }
  return problems;
}

/** Tables and columns a refused request must leave untouched (a token's last use may change). */
const SNAPSHOT = [
  'records',
  'record_events',
  'approvals',
  'comments',
  'users',
  'departments',
  'roles',
  'procedure_versions',
  'organisation_versions',
  'idempotency_keys',
  'outbox_messages',
  '(select id, user_id, name, kind, expires_at, revoked_at from api_tokens)',
];

/** A fingerprint of the data: a count and an md5 per table. */
export async function snapshot(db: Pick<TestDatabase, 'em'>): Promise<string> {
  const parts = SNAPSHOT.map((table) => `(select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from ${table} t)`);
  const [row] = (await db.em.getConnection().execute(`select ${parts.map((p, i) => `${p} as t${i}`).join(', ')}`)) as Record<string, string>[];
  return SNAPSHOT.map((table, i) => `${table}=${row![`t${i}`]}`).join('\n');
}

/** True when the answer carries no data: a request that must have changed nothing. */
export const refusedWhole = (text: string): boolean => {
  try {
    const body = JSON.parse(text) as GraphQLBody;
    return !body.data || Object.values(body.data).every((v) => v === null);
  } catch {
    return true;
  }
};
