/**
 * What a condition may name: the facts the engine provides and the operators it evaluates.
 * The validator refuses anything else, so a typo fails at publish time, not at run time.
 */

/** Facts, with the paths that may follow `$.` (`'*'`: the first segment must name a field or gate). */
export const FACTS = {
  data: 'fields',
  previous: 'fields',
  changes: 'none',
  actor: ['id', 'username', 'roles', 'department', 'isAdmin'],
  record: ['id', 'procedure', 'stage', 'createdBy', 'department', 'assignee', 'createdAt', 'updatedAt', 'dueAt'],
  approvals: 'gates',
  /** The change of a number field in percent of its previous value (`(data - previous) / previous * 100`). */
  percentChange: 'fields',
  /** The data of the records that link fields point to (rollups included): `$.budget.remaining`. */
  links: 'links',
  /** What the directory says of the people user fields name: `$.owner.department`, `$.raters[*].rater.department`. */
  people: 'fields',
  /** A table with a `rowKey`, keeping only the last row of each key: `$.testRuns[*].result`. */
  latestRows: 'fields',
  now: 'none',
} as const satisfies Record<string, 'fields' | 'gates' | 'links' | 'none' | readonly string[]>;

export type Fact = keyof typeof FACTS;

/** json-rules-engine's own operators. */
export const BUILT_IN_OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
  'in', 'notIn', 'contains', 'doesNotContain',
] as const;

/**
 * Operators json-rules-engine lacks, implemented by the engine (engine/operators.ts):
 * dates compared with dates (`value` may be `{ fact: now }`), dates within N days of now,
 * emptiness, a regular expression match, and how many distinct values a list holds
 * (`distinctAtLeast: 2` over `$.participants[*].person.department`: two departments took part).
 */
export const CUSTOM_OPERATORS = [
  'before', 'after', 'onOrBefore', 'onOrAfter', 'withinNextDays', 'withinLastDays', 'isEmpty', 'isNotEmpty', 'matches',
  'distinctAtLeast', 'distinctFewerThan',
] as const;

/**
 * json-rules-engine's decorators, written `decorator:operator`: `someFact:greaterThan` holds when
 * any element of the fact (e.g. `$.lines[*].amount`) does, `everyFact:` when all do; `not:` negates.
 */
export const OPERATOR_DECORATORS = ['someFact', 'everyFact', 'someValue', 'everyValue', 'swap', 'not'] as const;

export const OPERATORS: readonly string[] = [...BUILT_IN_OPERATORS, ...CUSTOM_OPERATORS];

/** `greaterThan`, or a decorated `someFact:greaterThan`, `not:everyFact:equal` … */
export function isKnownOperator(operator: string): boolean {
  const parts = operator.split(':');
  const base = parts.pop()!;
  return OPERATORS.includes(base) && parts.every((d) => (OPERATOR_DECORATORS as readonly string[]).includes(d));
}

/** The operator under its decorators (`someFact:equal` → `equal`). */
export function baseOperator(operator: string): string {
  return operator.slice(operator.lastIndexOf(':') + 1);
}

/** Operators whose value names members of the fact (a stage, a field key) rather than data. */
export const MEMBERSHIP_OPERATORS = new Set(['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain']);
