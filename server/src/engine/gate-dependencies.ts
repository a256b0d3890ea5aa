/**
 * The fields a gate's outcome depends on: a change to any of them after (or during) approval
 * withdraws the decisions taken, so that nothing approved differs from what was approved.
 * Pure; read once per definition (definitions are immutable).
 */
import type { Condition, Gate, Procedure, WhoList } from '../definitions/definition.types.js';

const FIELD_FACTS = new Set(['data', 'previous', 'percentChange', 'links', 'people', 'latestRows']);

const cache = new WeakMap<Gate, ReadonlySet<string>>();

/**
 * `reopenOn`, and every field named by the gate's level conditions, the rules that require it,
 * its approvers and exclusions, its rows, and what computed fields among them are computed from.
 */
export function gateDependencies(procedure: Procedure, gate: Gate): ReadonlySet<string> {
  let fields = cache.get(gate);
  if (!fields) cache.set(gate, (fields = findDependencies(procedure, gate)));
  return fields;
}

function findDependencies(procedure: Procedure, gate: Gate): Set<string> {
  const fields = new Set<string>(gate.reopenOn);
  if (gate.rows !== undefined) fields.add(gate.rows);
  const addWho = (who: WhoList) => {
    for (const entry of who) for (const name of [entry.userField, entry.managerOf]) if (name) fields.add(name.split('.')[0]!);
  };
  addWho(gate.exclude);
  for (const level of gate.levels) {
    if (level.when) conditionFields(level.when, fields);
    addWho(level.approvers);
    addWho(level.exclude);
  }
  for (const rule of procedure.rules) {
    if (rule.then.some((o) => o.type === 'requireApproval' && o.gate === gate.key)) conditionFields(rule.when, fields);
  }
  return withComputedInputs(procedure, fields);
}

function conditionFields(condition: Condition, into: Set<string>): void {
  for (const nested of [...(condition.all ?? []), ...(condition.any ?? []), ...(condition.not ? [condition.not] : [])]) conditionFields(nested, into);
  addPath(condition.fact, condition.path, into);
  const value = condition.value as { fact?: unknown; path?: unknown } | undefined;
  if (value && typeof value === 'object' && typeof value.fact === 'string') addPath(value.fact, typeof value.path === 'string' ? value.path : undefined, into);
}

function addPath(fact: string | undefined, path: string | undefined, into: Set<string>): void {
  if (!fact || !FIELD_FACTS.has(fact) || !path) return;
  const first = /^\$\.([A-Za-z][A-Za-z0-9]*)/.exec(path)?.[1];
  if (first) into.add(first);
}

/** Adds, transitively, the fields that computed fields among `fields` name in their expressions. */
function withComputedInputs(procedure: Procedure, fields: Set<string>): Set<string> {
  const keys = procedure.fields.map((f) => f.key);
  const pending = [...fields];
  while (pending.length > 0) {
    const key = pending.pop();
    const field = procedure.fields.find((f) => f.key === key);
    if (!field?.computed) continue;
    for (const input of keys) {
      if (!fields.has(input) && new RegExp(`(^|[^A-Za-z0-9_$])${input}($|[^A-Za-z0-9_])`).test(field.computed)) {
        fields.add(input);
        pending.push(input);
      }
    }
  }
  return fields;
}
