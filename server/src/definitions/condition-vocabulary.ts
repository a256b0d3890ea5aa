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
  now: 'none',
} as const satisfies Record<string, 'fields' | 'gates' | 'none' | readonly string[]>;

export type Fact = keyof typeof FACTS;

/** json-rules-engine's own operators. */
export const BUILT_IN_OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
  'in', 'notIn', 'contains', 'doesNotContain',
] as const;

export const OPERATORS: readonly string[] = [...BUILT_IN_OPERATORS];

/** Operators whose value names members of the fact (a stage, a field key) rather than data. */
export const MEMBERSHIP_OPERATORS = new Set(['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain']);
