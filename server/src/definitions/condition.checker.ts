import { FACTS, MEMBERSHIP_OPERATORS, OPERATORS, OPERATOR_DECORATORS, baseOperator, isKnownOperator, type Fact } from './condition-vocabulary.js';
import type { ProblemList } from './check-context.js';
import { list, unknown } from './check-context.js';
import type { Condition } from './definition.types.js';
import { patternProblem } from './safe-pattern.js';

/** The names a condition can check its facts and values against. */
export interface ConditionScope {
  readonly fields: ReadonlySet<string>;
  /** Column keys per table field, for paths such as `$.lines[*].amount`. */
  readonly columns: ReadonlyMap<string, ReadonlySet<string>>;
  readonly gates: ReadonlySet<string>;
  readonly stages: ReadonlySet<string>;
  /** Link fields, for the `links` fact. */
  readonly links: ReadonlySet<string>;
}

/** Checks a json-rules-engine condition: facts, paths, operators and fact references all exist. */
export function checkCondition(
  condition: Condition,
  path: readonly (string | number)[],
  scope: ConditionScope,
  problems: ProblemList,
): void {
  for (const group of ['all', 'any'] as const) {
    condition[group]?.forEach((inner, i) => checkCondition(inner, [...path, group, i], scope, problems));
  }
  if (condition.not) checkCondition(condition.not, [...path, 'not'], scope, problems);
  if (condition.fact === undefined) return;

  checkFact(condition.fact, condition.path, path, scope, problems);
  const operator = condition.operator ?? '';
  if (!isKnownOperator(operator)) {
    const decorators = operator.split(':').slice(0, -1).filter((d) => !(OPERATOR_DECORATORS as readonly string[]).includes(d));
    problems.add(
      [...path, 'operator'],
      decorators.length > 0 ? unknown('operator decorator', decorators[0]!, OPERATOR_DECORATORS) : unknown('operator', baseOperator(operator), OPERATORS),
    );
  }
  const value = condition.value;
  if (isFactReference(value)) {
    checkFact(value.fact, value.path, [...path, 'value'], scope, problems);
  } else if (MEMBERSHIP_OPERATORS.has(operator)) {
    checkMembers(condition, value, path, scope, problems);
  } else if (baseOperator(operator) === 'matches') {
    checkMatchesValue(value, [...path, 'value'], problems);
  }
}

/** A `matches` value is compiled at run time: it must be a usable pattern (or a list of them, with `someValue:`). */
function checkMatchesValue(value: unknown, path: readonly (string | number)[], problems: ProblemList): void {
  const patterns = Array.isArray(value) ? value : [value];
  patterns.forEach((pattern, i) => {
    const at = Array.isArray(value) ? [...path, i] : path;
    const problem = typeof pattern === 'string' ? patternProblem(pattern) : `"matches" needs a regular expression as text, not ${JSON.stringify(pattern)}`;
    if (problem) problems.add(at, problem);
  });
}

function isFactReference(value: unknown): value is { fact: string; path?: string } {
  return typeof value === 'object' && value !== null && typeof (value as { fact?: unknown }).fact === 'string';
}

function checkFact(
  fact: string,
  factPath: string | undefined,
  path: readonly (string | number)[],
  scope: ConditionScope,
  problems: ProblemList,
): void {
  if (!(fact in FACTS)) {
    problems.add([...path, 'fact'], unknown('fact', fact, Object.keys(FACTS)));
    return;
  }
  const allowed = FACTS[fact as Fact];
  if (allowed === 'none') {
    if (factPath !== undefined) problems.add([...path, 'path'], `the fact "${fact}" has no parts: remove "path"`);
    return;
  }
  if (factPath === undefined) {
    problems.add(path, `the fact "${fact}" needs a "path" naming what to read, e.g. "$.${example(fact, scope)}"`);
    return;
  }
  const segments = /^\$\.([A-Za-z0-9_-]+)(?:\[\*\]\.([A-Za-z0-9_]+))?/.exec(factPath);
  const [, first = '', column] = segments ?? [];
  const at = [...path, 'path'];
  if (allowed === 'fields') {
    if (!scope.fields.has(first)) {
      problems.add(at, `"${factPath}" names no field of this form: use "$.<field key>", one of ${list([...scope.fields])}`);
    } else if (column !== undefined && !scope.columns.get(first)?.has(column)) {
      problems.add(at, `"${factPath}": "${first}" has no column "${column}"; columns: ${list([...(scope.columns.get(first) ?? [])])}`);
    }
  } else if (allowed === 'links') {
    if (!scope.links.has(first)) {
      problems.add(at, `"${factPath}" names no link field of this form: use "$.<link field>.<field>", with one of ${list([...scope.links])}`);
    }
  } else if (allowed === 'gates') {
    if (!scope.gates.has(first)) {
      problems.add(at, `"${factPath}" names no approval gate of this procedure: use one of ${list([...scope.gates])}`);
    }
  } else if (!allowed.includes(first as never)) {
    problems.add(at, `"${factPath}" is not part of "${fact}": use one of ${list(allowed.map((a) => `$.${a}`))}`);
  }
}

/** Where the value names a stage or a field key, it must exist: `record.stage equal "aproved"` never holds. */
function checkMembers(
  condition: Condition,
  value: unknown,
  path: readonly (string | number)[],
  scope: ConditionScope,
  problems: ProblemList,
): void {
  const names = condition.fact === 'changes' ? scope.fields : condition.fact === 'record' && condition.path === '$.stage' ? scope.stages : undefined;
  if (!names) return;
  const what = condition.fact === 'changes' ? 'field' : 'stage';
  const values = Array.isArray(value) ? value : [value];
  values.forEach((v, i) => {
    if (typeof v !== 'string' || !names.has(v)) {
      const at = Array.isArray(value) ? [...path, 'value', i] : [...path, 'value'];
      problems.add(at, `${JSON.stringify(v)} is not a ${what} of this procedure: use one of ${list([...names])}`);
    }
  });
}

function example(fact: string, scope: ConditionScope): string {
  if (fact === 'approvals') return [...scope.gates][0] ?? 'gate';
  const parts = FACTS[fact as Fact];
  return Array.isArray(parts) ? (parts[0] ?? '') : ([...scope.fields][0] ?? 'field');
}
