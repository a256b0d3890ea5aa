import jsonata from 'jsonata';
import type { CheckContext } from './check-context.js';
import { ProblemList, list, unknown } from './check-context.js';
import { checkCondition, type ConditionScope } from './condition.checker.js';
import type { FieldDef, OutcomeDef, ProcedureDef, Who, WhoEntry } from './definition.types.js';
import type { LocalProblem } from './problem.js';
import { patternProblem } from './safe-pattern.js';

type Path = readonly (string | number)[];

/** What a stage can do as a record enters it; blocking or asking for approval belongs to rules. */
const ON_ENTER_OUTCOMES: readonly string[] = ['assign', 'setDue', 'notify'];

/** What every check of one procedure reads, and where it reports. */
interface Check {
  readonly def: ProcedureDef;
  readonly context: CheckContext;
  readonly scope: ConditionScope;
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly problems: ProblemList;
}

/**
 * The checks a JSON Schema cannot express: every name a procedure uses refers to something that
 * exists, and its stages form a process a record can finish. Runs only on a definition that
 * already matches the format.
 */
export function checkProcedure(def: ProcedureDef, context: CheckContext): LocalProblem[] {
  const problems = new ProblemList();
  const scope = scopeOf(def);
  const fields = new Map(def.form.fields.map((f) => [f.key, f]));

  if (!context.departments.has(def.department)) {
    problems.add(['department'], unknown('department', def.department, context.departments, ' or add it to the organisation file'));
  }
  checkWho(def.start, ['start'], context, fields, problems, { beforeRecord: true });
  if (def.readers) checkWho(def.readers, ['readers'], context, fields, problems);
  checkFields(def.form.fields, ['form', 'fields'], context, scope, fields, problems);
  const check: Check = { def, context, scope, fields, problems };
  checkStages(check);
  checkActions(check);
  checkGates(check);
  checkRules(check);
  checkUnique(check);
  return problems.problems;
}

function scopeOf(def: ProcedureDef): ConditionScope {
  const valued = def.form.fields.filter((f) => f.type !== 'section');
  return {
    fields: new Set(valued.map((f) => f.key)),
    columns: new Map(valued.filter((f) => f.columns).map((f) => [f.key, new Set(f.columns!.map((c) => c.key))])),
    gates: new Set((def.gates ?? []).map((g) => g.key)),
    stages: new Set(def.stages.map((s) => s.key)),
    links: new Set(valued.filter((f) => f.type === 'link').map((f) => f.key)),
  };
}

function checkFields(
  fieldDefs: readonly FieldDef[],
  path: Path,
  context: CheckContext,
  scope: ConditionScope,
  fields: ReadonlyMap<string, FieldDef>,
  problems: ProblemList,
): void {
  problems.unique(fieldDefs, path, 'field key');
  fieldDefs.forEach((field, i) => {
    const at = [...path, i];
    if (field.type === 'section' && (field.required || field.computed || field.default !== undefined)) {
      problems.add(at, 'a section only groups the fields after it and holds no value: remove required, computed and default');
    }
    if (field.required && field.requiredWhen) {
      problems.add([...at, 'requiredWhen'], 'the field is always required: remove "required: true" or "requiredWhen"');
    }
    if (field.requiredWhen) checkCondition(field.requiredWhen, [...at, 'requiredWhen'], scope, problems);
    if (field.visibleWhen) checkCondition(field.visibleWhen, [...at, 'visibleWhen'], scope, problems);
    if (field.readers) checkWho(field.readers, [...at, 'readers'], context, fields, problems);
    checkRange(field, 'min', 'max', at, problems);
    checkRange(field, 'minLength', 'maxLength', at, problems);
    checkRange(field, 'minRows', 'maxRows', at, problems);
    checkRange(field, 'minItems', 'maxItems', at, problems);
    if (field.computed !== undefined) checkExpression(field.computed, [...at, 'computed'], problems);
    if (field.pattern !== undefined) checkPattern(field.pattern, [...at, 'pattern'], problems);
    if (field.options) checkOptions(field, at, problems);
    for (const key of ['roles', 'departments'] as const) {
      const known = key === 'roles' ? context.roles : context.departments;
      field[key]?.forEach((name, j) => {
        if (!known.has(name)) problems.add([...at, key, j], unknown(key === 'roles' ? 'role' : 'department', name, known));
      });
    }
    if (field.type === 'link' && field.procedure) checkLink(field, at, context, problems);
    if (field.rollup) checkRollup(field, at, context, problems);
    if (field.columns) checkFields(field.columns, [...at, 'columns'], context, scope, fields, problems);
    if (field.rowKey !== undefined && !field.columns?.some((c) => c.key === field.rowKey)) {
      problems.add([...at, 'rowKey'], unknown('column', field.rowKey, (field.columns ?? []).map((c) => c.key)));
    }
  });
}

function checkRange(field: FieldDef, low: keyof FieldDef, high: keyof FieldDef, at: Path, problems: ProblemList): void {
  const [a, b] = [field[low], field[high]];
  if (a !== undefined && b !== undefined && (a as number | string) > (b as number | string)) {
    problems.add([...at, String(low)], `${String(low)} (${String(a)}) is greater than ${String(high)} (${String(b)}): swap or correct them`);
  }
}

function checkOptions(field: FieldDef, at: Path, problems: ProblemList): void {
  const values = (field.options ?? []).map((o) => ({ key: o.value }));
  problems.unique(values, [...at, 'options'], 'option value');
  const allowed = new Set(values.map((v) => v.key));
  const defaults = field.default === undefined ? [] : Array.isArray(field.default) ? field.default : [field.default];
  for (const value of defaults) {
    if (!allowed.has(value as string)) {
      problems.add([...at, 'default'], `default ${JSON.stringify(value)} is not one of the options: use one of ${list([...allowed])}`);
    }
  }
}

function checkLink(field: FieldDef, at: Path, context: CheckContext, problems: ProblemList): void {
  const stages = context.procedureStages.get(field.procedure!);
  if (!stages) {
    problems.add([...at, 'procedure'], `no procedure "${field.procedure}" exists to link to: use one of ${list([...context.procedureStages.keys()])}`);
    return;
  }
  field.stages?.forEach((stage, j) => {
    if (!stages.has(stage)) problems.add([...at, 'stages', j], `"${field.procedure}" has no stage "${stage}": use one of ${list([...stages])}`);
  });
}

function checkRollup(field: FieldDef, at: Path, context: CheckContext, problems: ProblemList): void {
  const rollup = field.rollup!;
  const other = context.procedures.get(rollup.procedure);
  if (!other) {
    problems.add([...at, 'rollup', 'procedure'], unknown('procedure', rollup.procedure, context.procedures.keys()));
    return;
  }
  const fields = new Map(other.form.fields.map((f) => [f.key, f]));
  const link = fields.get(rollup.link);
  if (link?.type !== 'link') {
    problems.add([...at, 'rollup', 'link'], `"${rollup.procedure}" has no link field "${rollup.link}": use one of ${list(other.form.fields.filter((f) => f.type === 'link').map((f) => f.key))}`);
  }
  if (rollup.sum !== undefined && !['money', 'number', 'integer'].includes(fields.get(rollup.sum)?.type ?? '')) {
    problems.add([...at, 'rollup', 'sum'], `"${rollup.procedure}" has no number field "${rollup.sum}" to add up`);
  }
  const stages = new Set(other.stages.map((s) => s.key));
  rollup.stages?.forEach((stage, j) => {
    if (!stages.has(stage)) problems.add([...at, 'rollup', 'stages', j], unknown('stage', stage, stages));
  });
  if (field.computed) problems.add([...at, 'rollup'], 'a field is either computed or a rollup, not both');
}

function checkExpression(expression: string, at: Path, problems: ProblemList): void {
  try {
    jsonata(expression);
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    problems.add(at, `the expression does not parse${position === undefined ? '' : ` at character ${position}`}: ${message ?? 'syntax error'}`);
  }
}

function checkPattern(pattern: string, at: Path, problems: ProblemList): void {
  const problem = patternProblem(pattern);
  if (problem) problems.add(at, problem);
}

function checkStages(check: Check): void {
  const { def, context, fields, problems } = check;
  problems.unique(def.stages, ['stages'], 'stage key');
  const initial = def.stages.flatMap((s, i) => (s.initial ? [i] : []));
  if (initial.length === 0) problems.add(['stages'], 'no stage is marked "initial: true": mark the stage where records start');
  initial.slice(1).forEach((i) => problems.add(['stages', i, 'initial'], `only one stage may be initial; "${def.stages[initial[0]!]!.key}" already is`));
  if (!def.stages.some((s) => s.final)) problems.add(['stages'], 'no stage is marked "final: true": mark where records end');

  const outgoing = new Map<string, number>();
  for (const action of def.actions) for (const from of fromList(action.from)) outgoing.set(from, (outgoing.get(from) ?? 0) + 1);

  def.stages.forEach((stage, i) => {
    const at = ['stages', i];
    if (stage.initial && stage.final) problems.add([...at, 'final'], 'a stage cannot be both initial and final');
    if (stage.final && stage.dueIn) problems.add([...at, 'dueIn'], 'a final stage is never overdue: remove dueIn');
    if (!stage.final && !outgoing.has(stage.key)) {
      problems.add(at, `no action leaves "${stage.key}", so records would be stuck there: add an action from it or mark it final`);
    }
    if (stage.responsible) checkWho(stage.responsible, [...at, 'responsible'], context, fields, problems);
    stage.editable?.forEach((grant, j) => {
      grant.fields.forEach((key, k) => checkFieldRef(key, [...at, 'editable', j, 'fields', k], fields, problems));
      checkWho(grant.by, [...at, 'editable', j, 'by'], context, fields, problems);
    });
    stage.requires?.forEach((key, k) => checkFieldRef(key, [...at, 'requires', k], fields, problems));
    stage.onEnter?.forEach((outcome, k) => {
      if (!ON_ENTER_OUTCOMES.includes(outcome.type)) {
        problems.add([...at, 'onEnter', k, 'type'], `"${outcome.type}" cannot run on entering a stage: onEnter takes ${ON_ENTER_OUTCOMES.join(', ')}; use a rule for the others`);
      } else checkOutcome(outcome, [...at, 'onEnter', k], check);
    });
  });
  checkReachable(def, problems);
}

function checkReachable(def: ProcedureDef, problems: ProblemList): void {
  const start = def.stages.find((s) => s.initial);
  if (!start) return;
  const edges = new Map<string, string[]>();
  const connect = (from: string, to: string) => edges.set(from, [...(edges.get(from) ?? []), to]);
  const rejectTo = new Map((def.gates ?? []).flatMap((g) => (g.onReject ? [[g.key, g.onReject.stage] as const] : [])));
  for (const action of def.actions) {
    for (const from of fromList(action.from)) {
      connect(from, action.to);
      for (const gate of action.requires ?? []) if (rejectTo.has(gate)) connect(from, rejectTo.get(gate)!);
    }
  }
  const reached = new Set([start.key]);
  const queue = [start.key];
  while (queue.length > 0) {
    for (const next of edges.get(queue.shift()!) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  def.stages.forEach((stage, i) => {
    if (!reached.has(stage.key)) {
      problems.add(['stages', i], `no path of actions leads from "${start.key}" to "${stage.key}": add an action that enters it, or remove it`);
    }
  });
}

function checkActions({ def, context, scope, fields, problems }: Check): void {
  const stages = new Map(def.stages.map((s) => [s.key, s]));
  const seen = new Map<string, number>();
  def.actions.forEach((action, i) => {
    const at = ['actions', i];
    const froms = fromList(action.from);
    froms.forEach((from, j) => {
      const fromAt = typeof action.from === 'string' ? [...at, 'from'] : [...at, 'from', j];
      const stage = stages.get(from);
      if (!stage) problems.add(fromAt, unknown('stage', from, stages.keys()));
      else if (stage.final) problems.add(fromAt, `"${from}" is final, and final stages have no actions: remove it from "from" or unmark final`);
      const id = `${from}\u0000${action.key}`;
      const first = seen.get(id);
      if (first !== undefined) problems.add([...at, 'key'], `stage "${from}" already has an action "${action.key}" (/actions/${first}): rename one`);
      else seen.set(id, i);
    });
    if (!stages.has(action.to)) problems.add([...at, 'to'], unknown('stage', action.to, stages.keys()));
    else if (froms.length === 1 && froms[0] === action.to) {
      problems.add([...at, 'to'], `the action leaves "${action.to}" for "${action.to}": an action must change the stage`);
    }
    checkWho(action.by, [...at, 'by'], context, fields, problems);
    action.requires?.forEach((gate, j) => checkGateRef(gate, [...at, 'requires', j], scope, problems));
    if (action.when) checkCondition(action.when, [...at, 'when'], scope, problems);
    action.recheck?.forEach((key, j) => {
      const field = fields.get(key);
      const referring = (f: FieldDef) => f.type === 'user' || f.type === 'link';
      if (!field || !(referring(field) || field.columns?.some(referring))) {
        const candidates = [...fields.values()].filter((f) => referring(f) || f.columns?.some(referring)).map((f) => f.key);
        problems.add([...at, 'recheck', j], `"${key}" is not a user or link field (or a table with such columns): use one of ${list(candidates)}`);
      }
    });
  });
}

function checkUnique({ def, fields, scope, problems }: Check): void {
  const constraints = def.unique ?? [];
  problems.unique(constraints, ['unique'], 'uniqueness key');
  constraints.forEach((constraint, i) => {
    constraint.fields.forEach((key, j) => {
      checkFieldRef(key, ['unique', i, 'fields', j], fields, problems);
      const field = fields.get(key);
      if (field && (field.type === 'table' || field.type === 'file' || field.rollup)) {
        problems.add(['unique', i, 'fields', j], `"${key}" holds no single comparable value (a ${field.rollup ? 'rollup' : field.type}): name a field of one value`);
      }
    });
    constraint.stages?.forEach((stage, j) => {
      if (!scope.stages.has(stage)) problems.add(['unique', i, 'stages', j], unknown('stage', stage, scope.stages));
    });
  });
}

function checkGates({ def, context, scope, fields, problems }: Check): void {
  const gates = def.gates ?? [];
  problems.unique(gates, ['gates'], 'gate key');
  const required = new Set([
    ...def.actions.flatMap((a) => a.requires ?? []),
    ...(def.rules ?? []).flatMap((r) => outcomesOf(r.then)).flatMap((o) => (o.type === 'requireApproval' && o.gate ? [o.gate] : [])),
  ]);
  gates.forEach((gate, i) => {
    const at = ['gates', i];
    if (!required.has(gate.key)) {
      problems.add(at, `gate "${gate.key}" is never required: list it in an action's "requires" or a "requireApproval" outcome, or remove it`);
    }
    if (gate.onReject && !scope.stages.has(gate.onReject.stage)) {
      problems.add([...at, 'onReject', 'stage'], unknown('stage', gate.onReject.stage, scope.stages));
    }
    gate.reopenOn?.forEach((key, j) => checkFieldRef(key, [...at, 'reopenOn', j], fields, problems));
    let rowFields: ReadonlyMap<string, FieldDef> | undefined;
    if (gate.rows !== undefined) {
      const table = fields.get(gate.rows);
      if (table?.type !== 'table') problems.add([...at, 'rows'], `"${gate.rows}" is not a table field: per-row approval needs one of ${list(tableKeys(fields))}`);
      else rowFields = new Map((table.columns ?? []).map((c) => [`${table.key}.${c.key}`, c]));
    }
    problems.unique(gate.levels.map((l, j) => ({ key: l.key ?? `level-${j + 1}` })), [...at, 'levels'], 'level key');
    const levelFields = rowFields ? new Map([...fields, ...rowFields]) : fields;
    if (gate.exclude) checkWho(gate.exclude, [...at, 'exclude'], context, levelFields, problems);
    gate.levels.forEach((level, j) => {
      checkWho(level.approvers, [...at, 'levels', j, 'approvers'], context, levelFields, problems);
      if (level.exclude) checkWho(level.exclude, [...at, 'levels', j, 'exclude'], context, levelFields, problems);
      if (level.when) checkCondition(level.when, [...at, 'levels', j, 'when'], scope, problems);
    });
  });
}

function checkRules(check: Check): void {
  const { def, scope, problems } = check;
  const rules = def.rules ?? [];
  problems.unique(rules, ['rules'], 'rule key');
  const actionKeys = new Set(def.actions.map((a) => a.key));
  rules.forEach((rule, i) => {
    const at = ['rules', i];
    rule.on?.actions?.forEach((key, j) => {
      if (!actionKeys.has(key)) problems.add([...at, 'on', 'actions', j], unknown('action', key, actionKeys));
    });
    checkCondition(rule.when, [...at, 'when'], scope, problems);
    const outcomes = outcomesOf(rule.then);
    outcomes.forEach((outcome, j) => {
      checkOutcome(outcome, Array.isArray(rule.then) ? [...at, 'then', j] : [...at, 'then'], check);
    });
  });
}

function checkOutcome(outcome: OutcomeDef, at: Path, { scope, context, fields, problems }: Check): void {
  switch (outcome.type) {
    case 'requireApproval':
      checkGateRef(outcome.gate ?? '', [...at, 'gate'], scope, problems);
      break;
    case 'setField': {
      const field = fields.get(outcome.field ?? '');
      checkFieldRef(outcome.field ?? '', [...at, 'field'], fields, problems);
      if (field?.computed) problems.add([...at, 'field'], `"${field.key}" is computed from other fields and cannot be set by a rule`);
      if (outcome.expression !== undefined) checkExpression(outcome.expression, [...at, 'expression'], problems);
      break;
    }
    case 'assign':
    case 'notify':
      if (outcome.to) checkWho(outcome.to, [...at, 'to'], context, fields, problems);
      break;
    case 'block':
    case 'setDue':
      break;
  }
}

interface WhoOptions {
  /** `start` is decided before a record exists: creator, assignee and record fields mean nothing there. */
  readonly beforeRecord?: boolean;
}

function checkWho(
  who: Who,
  at: Path,
  context: CheckContext,
  fields: ReadonlyMap<string, FieldDef>,
  problems: ProblemList,
  options: WhoOptions = {},
): void {
  const entries: readonly WhoEntry[] = Array.isArray(who) ? who : [who as WhoEntry];
  entries.forEach((entry, i) => {
    const entryAt = Array.isArray(who) ? [...at, i] : at;
    entry.roles?.forEach((role, j) => {
      if (!context.roles.has(role)) problems.add([...entryAt, 'roles', j], unknown('role', role, context.roles, ' or add it to the organisation file'));
    });
    entry.departments?.forEach((dept, j) => {
      if (!context.departments.has(dept)) problems.add([...entryAt, 'departments', j], unknown('department', dept, context.departments));
    });
    if (options.beforeRecord) {
      for (const key of ['creator', 'assignee', 'departmentManager', 'userField', 'managerOf'] as const) {
        if (entry[key] !== undefined) problems.add([...entryAt, key], `"${key}" names someone on a record, and a procedure is started before its record exists: use roles or departments`);
      }
      return;
    }
    for (const key of ['userField', 'managerOf'] as const) {
      const name = entry[key];
      if (name === undefined) continue;
      if (fields.get(name)?.type !== 'user') {
        const users = [...fields.values()].filter((f) => f.type === 'user').map((f) => f.key);
        problems.add([...entryAt, key], `"${name}" is not a user field of this form: use one of ${list(users)}`);
      }
    }
  });
}

function checkFieldRef(key: string, at: Path, fields: ReadonlyMap<string, FieldDef>, problems: ProblemList): void {
  const field = fields.get(key);
  if (!field || field.type === 'section') {
    problems.add(at, unknown('field', key, [...fields.values()].filter((f) => f.type !== 'section').map((f) => f.key)));
  }
}

function checkGateRef(key: string, at: Path, scope: ConditionScope, problems: ProblemList): void {
  if (!scope.gates.has(key)) problems.add(at, unknown('approval gate', key, scope.gates, ', or define it under "gates"'));
}

function tableKeys(fields: ReadonlyMap<string, FieldDef>): string[] {
  return [...fields.values()].filter((f) => f.type === 'table').map((f) => f.key);
}

export function fromList(from: string | readonly string[]): readonly string[] {
  return typeof from === 'string' ? [from] : from;
}

export function outcomesOf(then: OutcomeDef | readonly OutcomeDef[]): readonly OutcomeDef[] {
  return Array.isArray(then) ? then : [then as OutcomeDef];
}
