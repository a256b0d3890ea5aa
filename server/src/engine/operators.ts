import { Operator } from 'json-rules-engine';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds of a date (`2026-11-27`, read as UTC midnight) or datetime; NaN when it is neither. */
function time(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string' || value === '') return Number.NaN;
  return Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
}

function compareDates(test: (a: number, b: number) => boolean) {
  return (fact: unknown, value: unknown) => {
    const [a, b] = [time(fact), time(value)];
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  };
}

/** Day-granular for dates, exact for datetimes. */
function within(fact: unknown, days: unknown, now: Date, direction: 1 | -1): boolean {
  const t = time(fact);
  if (Number.isNaN(t) || typeof days !== 'number' || days < 0) return false;
  const start = typeof fact === 'string' && DATE_ONLY.test(fact) ? Date.parse(now.toISOString().slice(0, 10) + 'T00:00:00Z') : now.getTime();
  const end = start + direction * days * DAY_MS;
  return direction === 1 ? t >= start && t <= end : t <= start && t >= end;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Distinct non-empty values of a list (a path with `[*]` gives one). */
function distinctCount(fact: unknown): number {
  const values = Array.isArray(fact) ? fact : [fact];
  return new Set(values.filter((v) => !isEmpty(v)).map((v) => JSON.stringify(v))).size;
}

/**
 * The operators json-rules-engine lacks (condition-vocabulary.ts lists their names).
 * `now` is bound per evaluation: time is an input of the engine, never read from the clock.
 */
export function customOperators(now: Date): Operator[] {
  return [
    new Operator('before', compareDates((a, b) => a < b)),
    new Operator('after', compareDates((a, b) => a > b)),
    new Operator('onOrBefore', compareDates((a, b) => a <= b)),
    new Operator('onOrAfter', compareDates((a, b) => a >= b)),
    new Operator('withinNextDays', (fact: unknown, days: unknown) => within(fact, days, now, 1)),
    new Operator('withinLastDays', (fact: unknown, days: unknown) => within(fact, days, now, -1)),
    new Operator('isEmpty', (fact: unknown) => isEmpty(fact)),
    new Operator('isNotEmpty', (fact: unknown) => !isEmpty(fact)),
    new Operator('distinctAtLeast', (fact: unknown, count: unknown) => typeof count === 'number' && distinctCount(fact) >= count),
    new Operator('distinctFewerThan', (fact: unknown, count: unknown) => typeof count === 'number' && distinctCount(fact) < count),
    new Operator('matches', (fact: unknown, pattern: unknown) => typeof pattern === 'string' && typeof fact === 'string' && new RegExp(pattern, 'u').test(fact)),
  ];
}
