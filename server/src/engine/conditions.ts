import { Engine, type TopLevelCondition } from 'json-rules-engine';
import type { Condition } from '../definitions/definition.types.js';
import { customOperators } from './operators.js';

/** The facts a condition can read (see definitions/condition-vocabulary.ts). */
export interface Facts {
  readonly data: Readonly<Record<string, unknown>>;
  readonly previous: Readonly<Record<string, unknown>>;
  readonly changes: readonly string[];
  readonly actor: Readonly<Record<string, unknown>>;
  readonly record: Readonly<Record<string, unknown>>;
  readonly approvals: Readonly<Record<string, string>>;
  readonly percentChange: Readonly<Record<string, number | null>>;
  readonly links: Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;
  readonly people: Readonly<Record<string, unknown>>;
  readonly latestRows: Readonly<Record<string, readonly unknown[]>>;
  readonly now: string;
}

export interface ConditionToEvaluate {
  readonly id: string;
  readonly condition: Condition;
}

/**
 * Evaluates many conditions over one set of facts in a single json-rules-engine run, one rule
 * per condition. Undefined facts are errors (allowUndefinedFacts: false), and the definition
 * validator has already refused unknown facts, paths and operators.
 */
export async function evaluateConditions(
  conditions: readonly ConditionToEvaluate[],
  facts: Facts,
  now: Date,
): Promise<Map<string, boolean>> {
  const results = new Map<string, boolean>();
  if (conditions.length === 0) return results;
  const engine = new Engine([], { allowUndefinedFacts: false, allowUndefinedConditions: false });
  for (const operator of customOperators(now)) engine.addOperator(operator);
  conditions.forEach(({ id, condition }, priority) => {
    engine.addRule({ name: id, conditions: topLevel(condition), event: { type: id }, priority: conditions.length - priority });
  });
  const outcome = await engine.run({ ...facts });
  for (const result of outcome.results) results.set(String(result.name), true);
  for (const result of outcome.failureResults) results.set(String(result.name), false);
  return results;
}

/** json-rules-engine wants all/any/not at the top; a single comparison is wrapped. */
function topLevel(condition: Condition): TopLevelCondition {
  if (condition.all || condition.any || condition.not) return condition as TopLevelCondition;
  return { all: [condition] } as TopLevelCondition;
}
