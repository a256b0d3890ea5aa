/**
 * Field conditions (`visibleWhen`, `requiredWhen`) evaluated in the browser, so that the form
 * shows and requires what the server will (server/src/engine/form-data.ts evaluates the same
 * conditions with json-rules-engine). Covers the condition format of definitions/README.md:
 * all / any / not, facts with a `$.a.b` or `$.table[*].column` path, a value that is itself a
 * fact, the built-in operators, the engine's own (dates, emptiness, matches) and the
 * someFact / everyFact / not decorators. Pure. A condition this reader cannot decide counts as
 * holding for visibility (the field stays shown) and not for requirement: the server decides.
 */

export type Facts = Readonly<Record<string, unknown>>;

interface Test {
  readonly fact: string;
  readonly path?: string;
  readonly operator: string;
  readonly value?: unknown;
}

class Undecidable extends Error {}

export function evaluate(condition: unknown, facts: Facts, fallback: boolean): boolean {
  try {
    return holds(condition, facts);
  } catch (e) {
    if (e instanceof Undecidable) return fallback;
    throw e;
  }
}

function holds(condition: unknown, facts: Facts): boolean {
  if (!isObject(condition)) throw new Undecidable();
  if (Array.isArray(condition.all)) return condition.all.every((c: unknown) => holds(c, facts));
  if (Array.isArray(condition.any)) return condition.any.some((c: unknown) => holds(c, facts));
  if (condition.not !== undefined) return !holds(condition.not, facts);
  if (typeof condition.fact === 'string' && typeof condition.operator === 'string') return test(condition as unknown as Test, facts);
  throw new Undecidable();
}

function test(t: Test, facts: Facts): boolean {
  const fact = read(facts, t.fact, t.path);
  const value = isObject(t.value) && typeof t.value.fact === 'string' ? read(facts, t.value.fact, t.value.path as string | undefined) : t.value;
  return apply(t.operator.split(':'), fact, value);
}

function apply([first, ...rest]: string[], fact: unknown, value: unknown): boolean {
  if (first === undefined) throw new Undecidable();
  if (rest.length === 0) return operator(first, fact, value);
  switch (first) {
    case 'not':
      return !apply(rest, fact, value);
    case 'swap':
      return apply(rest, value, fact);
    case 'someFact':
      return Array.isArray(fact) && fact.some((f) => apply(rest, f, value));
    case 'everyFact':
      return Array.isArray(fact) && fact.length > 0 && fact.every((f) => apply(rest, f, value));
    case 'someValue':
      return Array.isArray(value) && value.some((v) => apply(rest, fact, v));
    case 'everyValue':
      return Array.isArray(value) && value.every((v) => apply(rest, fact, v));
    default:
      throw new Undecidable();
  }
}

function operator(name: string, fact: unknown, value: unknown): boolean {
  switch (name) {
    case 'equal':
      return fact === value;
    case 'notEqual':
      return fact !== value;
    case 'in':
      return Array.isArray(value) && value.includes(fact);
    case 'notIn':
      return Array.isArray(value) && !value.includes(fact);
    case 'contains':
      return Array.isArray(fact) && fact.includes(value);
    case 'doesNotContain':
      return Array.isArray(fact) && !fact.includes(value);
    case 'lessThan':
      return numeric(fact, value, (a, b) => a < b);
    case 'lessThanInclusive':
      return numeric(fact, value, (a, b) => a <= b);
    case 'greaterThan':
      return numeric(fact, value, (a, b) => a > b);
    case 'greaterThanInclusive':
      return numeric(fact, value, (a, b) => a >= b);
    case 'isEmpty':
      return isEmpty(fact);
    case 'isNotEmpty':
      return !isEmpty(fact);
    case 'before':
      return dates(fact, value, (a, b) => a < b);
    case 'after':
      return dates(fact, value, (a, b) => a > b);
    case 'onOrBefore':
      return dates(fact, value, (a, b) => a <= b);
    case 'onOrAfter':
      return dates(fact, value, (a, b) => a >= b);
    case 'matches':
      return typeof value === 'string' && typeof fact === 'string' && new RegExp(value, 'u').test(fact);
    default:
      throw new Undecidable();
  }
}

/** json-rules-engine compares numbers only when both sides are numbers. */
function numeric(a: unknown, b: unknown, compare: (a: number, b: number) => boolean): boolean {
  return typeof a === 'number' && typeof b === 'number' && compare(a, b);
}

function dates(a: unknown, b: unknown, compare: (a: number, b: number) => boolean): boolean {
  const [x, y] = [time(a), time(b)];
  return !Number.isNaN(x) && !Number.isNaN(y) && compare(x, y);
}

function time(value: unknown): number {
  if (typeof value !== 'string' || value === '') return Number.NaN;
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** `$.a.b` and `$.table[*].column`; a fact this page does not know makes the condition undecidable. */
function read(facts: Facts, fact: string, path: string | undefined): unknown {
  if (!(fact in facts)) throw new Undecidable();
  let values: unknown[] = [facts[fact]];
  let spread = false;
  if (!path || path === '$') return facts[fact];
  for (const part of path.replace(/^\$\.?/, '').split('.')) {
    const many = part.endsWith('[*]');
    const key = many ? part.slice(0, -3) : part;
    values = values.flatMap((v) => {
      const next = isObject(v) ? v[key] : undefined;
      return many ? (Array.isArray(next) ? next : []) : [next];
    });
    spread ||= many;
  }
  return spread ? values : values[0];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
