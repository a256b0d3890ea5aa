/**
 * Turns what an actor sent into the record data to store: accepted keys merged over the previous
 * data, money made exact, computed fields computed, hidden fields dropped, everything validated.
 * Pure apart from time, which is an input; every field problem is collected, none stops the rest.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Field, Label, Procedure } from '../definitions/definition.types.js';
import type { LocalizedFieldError } from '../errors/domain-errors.js';
import { evaluateConditions, type ConditionToEvaluate, type Facts } from './conditions.js';
import type { Directory, FieldChanges, RecordData } from './engine.types.js';
import { scaleOf } from './form-schema.js';
import { cellsOf, checkLimits, checkReferences, pickerOf, withoutUnpickable } from './forms/checks.js';
import { computeField } from './forms/computed.js';
import { moneyToNumber, toMoney } from './forms/decimal.js';
import { columnsOf, formModel, isPlainObject, rowsOf, type FormModel } from './forms/form-model.js';
import { FormMessage } from './forms/messages.js';
import { validateAgainstSchema } from './forms/schema-validator.js';

export interface PrepareDataContext {
  readonly actor: Readonly<Record<string, unknown>>;
  readonly record: Readonly<Record<string, unknown>>;
  readonly approvals: Readonly<Record<string, string>>;
  /** The organisation's department keys; `directory.departments` when omitted (the same set). */
  readonly departments?: ReadonlySet<string>;
}

export interface PrepareDataInput {
  readonly procedure: Procedure;
  /** The stored data before the command; `{}` on create. */
  readonly previous: RecordData;
  /** What the actor sent; partial on update. A key whose value is null removes the value. */
  readonly input: RecordData;
  /** The top-level field keys the actor may write now. */
  readonly writable: ReadonlySet<string>;
  readonly context: PrepareDataContext;
  readonly directory: Directory;
  readonly now: Date;
  /** On create: start from each field's `default` where `previous` has no value. */
  readonly applyDefaults?: boolean;
  /**
   * Check what user, department and link values name (true by default): every value, kept or new,
   * and for a newly written link the writer's right to pick the record it names. Off only where
   * the data is carried over unchanged (migration to another version).
   */
  readonly checkReferences?: boolean;
}

export interface PreparedData {
  /** The complete data to store (meaningful only when `fieldErrors` is empty). */
  readonly data: RecordData;
  /** Per top-level key whose value differs from `previous`; an absent value shows as null. */
  readonly changes: FieldChanges;
  readonly fieldErrors: readonly LocalizedFieldError[];
  /** Field and column paths (`reason`, `lines.amount`) hidden by their conditions or their section's. */
  readonly hidden: readonly string[];
  /** Field and column paths that are required now (`required: true`, or a `requiredWhen` that holds). */
  readonly required: readonly string[];
}

type MutableData = Record<string, unknown>;

export async function prepareData(input: PrepareDataInput): Promise<PreparedData> {
  const form = formModel(input.procedure);
  const errors = new FieldErrorList();
  const data = mergeInput(form, input, errors);
  normaliseMoney(form, data, errors);
  const computeFailures = await computeFields(form, data);
  const picker = pickerOf(input.context);
  // A record newly linked that the writer may not pick is, to this write's conditions, no record at all.
  const seen = input.checkReferences === false ? input : { ...input, directory: withoutUnpickable(input.directory, cellsOf(form.fields, data, input.previous), picker) };
  const verdicts = await evaluateConditions(conditionsOf(form), factsOf(form, seen, data), input.now);
  const visible = removeHidden(form, data, verdicts);
  for (const [path, failure] of computeFailures) {
    if (visible.some((f) => f.key === path.split('.')[0])) errors.add(path, failure);
  }
  checkRequired(visible, data, verdicts, errors);
  for (const error of validateAgainstSchema(input.procedure, data)) errors.add(error.path, error.message);
  const references = { ...input.directory, departments: input.context.departments ?? input.directory.departments };
  for (const cell of cellsOf(visible, data, input.previous)) {
    checkLimits(cell, errors.add);
    if (input.checkReferences !== false) checkReferences(cell, references, errors.add, picker);
  }
  return { data, changes: changesBetween(input.previous, data), fieldErrors: errors.list, ...formVerdicts(form, verdicts) };
}

/** What the form's conditions decided, by path: the same verdicts that shaped the stored data. */
function formVerdicts(form: FormModel, verdicts: ReadonlyMap<string, boolean>): { hidden: string[]; required: string[] } {
  const hidden: string[] = [];
  const required: string[] = [];
  const visit = (field: Field, path: string, parentHidden: boolean) => {
    const isHidden = parentHidden || verdicts.get(visibleId(path)) === false;
    if (isHidden) hidden.push(path);
    else if (field.required || verdicts.get(requiredId(path)) === true) required.push(path);
    return isHidden;
  };
  for (const section of form.sections) visit(section, section.key, false);
  for (const field of form.fields) {
    const section = form.sectionOf.get(field.key);
    const isHidden = visit(field, field.key, section !== undefined && verdicts.get(visibleId(section.key)) === false);
    for (const column of columnsOf(field)) visit(column, `${field.key}.${column.key}`, isHidden);
  }
  return { hidden, required };
}

/** The data with money strings as numbers: what rule conditions and expressions read. */
export function numericData(procedure: Procedure, data: RecordData): RecordData {
  return numericView(formModel(procedure), data);
}

/** Empty values count as missing: undefined, null, "" and []. */
export function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** One error per path: the first found is the most precise (ajv repeats what earlier steps saw). */
class FieldErrorList {
  readonly list: LocalizedFieldError[] = [];
  private readonly paths = new Set<string>();
  readonly add = (path: string, message: Label): void => {
    if (this.paths.has(path)) return;
    this.paths.add(path);
    this.list.push({ path, message });
  };
}

/** Step a and b: refuse keys the actor may not write, merge the rest over the previous data. */
function mergeInput(form: FormModel, input: PrepareDataInput, errors: FieldErrorList): MutableData {
  const data: MutableData = {};
  for (const field of form.fields) {
    // A rollup is kept by other records and filled in when read: never stored with this one.
    if (field.rollup) continue;
    if (input.previous[field.key] !== undefined) data[field.key] = input.previous[field.key];
    else if (input.applyDefaults && field.default !== undefined && !field.computed) data[field.key] = field.default;
  }
  for (const [key, value] of Object.entries(input.input)) {
    const field = form.byKey.get(key);
    const writable = field !== undefined && !field.computed && !field.rollup && input.writable.has(key);
    if (!field) errors.add(key, FormMessage.unknownField(key));
    else if (writable) {
      if (isCleared(field, value)) delete data[key];
      else data[key] = value;
    }
    // What a form sends back as it received it (or a default it filled in) changes nothing.
    else if (isUnchanged(field, value, data[key])) continue;
    else if (field.computed || field.rollup) errors.add(key, FormMessage.computed());
    else errors.add(key, FormMessage.notWritable());
  }
  return data;
}

/**
 * A value equal to what the field holds now (stored, or on create its default or absence) is no
 * change: a form sends untouched fields back, and an unchecked box or a cleared input means "no value".
 */
function isUnchanged(field: Field, value: unknown, current: unknown): boolean {
  if (current === undefined) return isCleared(field, value) || (field.type === 'boolean' && value === false) || (Array.isArray(value) && value.length === 0);
  if (field.type === 'money') {
    const money = toMoney(value, scaleOf(field));
    return money.ok && money.value === current;
  }
  return isDeepStrictEqual(value, current);
}

/** null clears a field; so does "" for a field that is not free text (what a cleared input sends). */
function isCleared(field: Field, value: unknown): boolean {
  return value === null || value === undefined || (value === '' && field.type !== 'text' && field.type !== 'textarea');
}

/** Money, in fields and table cells, as the canonical decimal string of its scale. */
function normaliseMoney(form: FormModel, data: MutableData, errors: FieldErrorList): void {
  for (const field of form.fields) {
    if (field.type === 'money' && data[field.key] !== undefined) {
      data[field.key] = canonicalMoney(field, data[field.key], field.key, errors);
    }
    const moneyColumns = columnsOf(field).filter((c) => c.type === 'money');
    if (moneyColumns.length === 0 || !Array.isArray(data[field.key])) continue;
    data[field.key] = (data[field.key] as unknown[]).map((row, index) => {
      if (!isPlainObject(row)) return row;
      const copy = { ...row };
      for (const column of moneyColumns) {
        if (copy[column.key] !== undefined && copy[column.key] !== null) {
          copy[column.key] = canonicalMoney(column, copy[column.key], `${field.key}.${index}.${column.key}`, errors);
        }
      }
      return copy;
    });
  }
}

/** The canonical string, or the value unchanged (and an error) when it is not an amount. */
function canonicalMoney(field: Field, value: unknown, path: string, errors: FieldErrorList): unknown {
  const money = toMoney(value, scaleOf(field));
  if (money.ok) return money.value;
  const scale = scaleOf(field);
  errors.add(path, money.reason === 'too-many-decimals' ? FormMessage.tooManyDecimals(scale) : FormMessage.notAnAmount(scale));
  return value;
}

/**
 * Step c, in definition order, so that a computed field may read an earlier one. Returns the
 * failures by field key: they are reported only for fields that turn out visible.
 */
async function computeFields(form: FormModel, data: MutableData): Promise<Map<string, Label>> {
  const failures = new Map<string, Label>();
  for (const table of form.fields) await computeColumns(table, data, failures);
  if (form.computed.length === 0) return failures;
  const view = numericView(form, data);
  for (const field of form.computed) {
    const result = await computeField(field, view);
    if (!result.ok) {
      failures.set(field.key, result.message);
      delete data[field.key];
    } else if (result.value === undefined) delete data[field.key];
    else data[field.key] = result.value;
    view[field.key] = field.type === 'money' ? moneyToNumber(data[field.key]) : data[field.key];
  }
  return failures;
}

/** Computed columns are evaluated over their own row, before the fields that may sum them. */
async function computeColumns(table: Field, data: MutableData, failures: Map<string, Label>): Promise<void> {
  const computed = columnsOf(table).filter((c) => c.computed !== undefined);
  if (computed.length === 0 || !Array.isArray(data[table.key])) return;
  const rows: unknown[] = [];
  for (const [index, row] of (data[table.key] as unknown[]).entries()) {
    if (!isPlainObject(row)) {
      rows.push(row);
      continue;
    }
    const copy = { ...row };
    for (const column of computed) {
      const view = Object.fromEntries(columnsOf(table).map((c) => [c.key, c.type === 'money' ? moneyToNumber(copy[c.key]) : copy[c.key]]));
      const result = await computeField(column, view);
      if (!result.ok) failures.set(`${table.key}.${index}.${column.key}`, result.message);
      if (result.ok && result.value !== undefined) copy[column.key] = result.value;
      else delete copy[column.key];
    }
    rows.push(copy);
  }
  data[table.key] = rows;
}

function numericView(form: FormModel, data: RecordData): MutableData {
  const view: MutableData = { ...data };
  for (const field of form.fields) {
    const value = data[field.key];
    if (value === undefined) continue;
    if (field.type === 'money') view[field.key] = moneyToNumber(value);
    const moneyColumns = columnsOf(field).filter((c) => c.type === 'money');
    if (moneyColumns.length > 0 && Array.isArray(value)) {
      view[field.key] = value.map((row: unknown) => {
        if (!isPlainObject(row)) return row;
        const copy = { ...row };
        for (const c of moneyColumns) if (copy[c.key] !== undefined) copy[c.key] = moneyToNumber(copy[c.key]);
        return copy;
      });
    }
  }
  return view;
}

const visibleId = (key: string) => `visible:${key}`;
const requiredId = (key: string) => `required:${key}`;

/** Every visibleWhen and requiredWhen of the form (sections, fields, columns), for one engine run. */
function conditionsOf(form: FormModel): ConditionToEvaluate[] {
  const conditions: ConditionToEvaluate[] = [];
  const add = (field: Field, prefix: string) => {
    if (field.visibleWhen) conditions.push({ id: visibleId(prefix + field.key), condition: field.visibleWhen });
    if (field.requiredWhen) conditions.push({ id: requiredId(prefix + field.key), condition: field.requiredWhen });
  };
  for (const section of form.sections) add(section, '');
  for (const field of form.fields) {
    add(field, '');
    for (const column of columnsOf(field)) add(column, `${field.key}.`);
  }
  return conditions;
}

function factsOf(form: FormModel, input: PrepareDataInput, data: RecordData): Facts {
  const current = numericView(form, data);
  const previous = numericView(form, input.previous);
  return {
    data: current,
    previous,
    changes: Object.keys(changesBetween(input.previous, data)),
    actor: input.context.actor,
    record: input.context.record,
    approvals: input.context.approvals,
    percentChange: percentChanges(input.procedure, current, previous),
    links: linkFacts(input.procedure, data, input.directory),
    people: peopleFacts(input.procedure, data, input.directory),
    latestRows: latestRowFacts(input.procedure, current),
    now: input.now.toISOString(),
  };
}

/**
 * The `people` fact: for each user field the person it names as the directory knows them
 * (department, roles, manager), and for each table with user columns its rows with those columns
 * as people: `$.participants[*].person.department`. Null where nobody (known) is named.
 */
export function peopleFacts(procedure: Procedure, data: RecordData, directory: Directory): Record<string, unknown> {
  const person = (id: unknown) => (typeof id === 'string' ? (directory.people.get(id) ?? null) : null);
  const people: Record<string, unknown> = {};
  for (const field of procedure.fields) {
    if (field.type === 'user') people[field.key] = person(data[field.key]);
    const columns = columnsOf(field).filter((c) => c.type === 'user');
    if (columns.length === 0) continue;
    people[field.key] = rowsOf(data[field.key]).map(({ row }) => Object.fromEntries(columns.map((c) => [c.key, person(row[c.key])])));
  }
  return people;
}

/**
 * The `latestRows` fact: for each table with a `rowKey`, only the last row of each key value, in
 * table order (the latest run of each test kind), so that "every kind passed" reads the latest result.
 */
export function latestRowFacts(procedure: Procedure, numeric: RecordData): Record<string, unknown[]> {
  const latest: Record<string, unknown[]> = {};
  for (const field of procedure.fields) {
    if (field.type !== 'table' || field.rowKey === undefined) continue;
    const byKey = new Map<string, Record<string, unknown>>();
    for (const { row } of rowsOf(numeric[field.key])) {
      const key = JSON.stringify(row[field.rowKey] ?? null);
      byKey.delete(key);
      byKey.set(key, row);
    }
    latest[field.key] = [...byKey.values()];
  }
  return latest;
}

/**
 * The `links` fact: for each link field that names one record, that record's data as the
 * service loaded it (rollups and computed fields brought up to date, money as numbers).
 */
export function linkFacts(procedure: Procedure, data: RecordData, directory: Directory): Record<string, RecordData | null> {
  const links: Record<string, RecordData | null> = {};
  for (const field of procedure.fields) {
    if (field.type !== 'link') continue;
    const id = data[field.key];
    links[field.key] = typeof id === 'string' ? (directory.linkedRecords.get(id)?.data ?? null) : null;
  }
  return links;
}

/**
 * The `percentChange` fact: (current − previous) / |previous| × 100 per number field, over
 * numeric views of the data; null without a non-zero previous value. The one definition of it,
 * used by form conditions and by rules alike.
 */
export function percentChanges(procedure: Procedure, current: RecordData, previous: RecordData): Record<string, number | null> {
  const result: Record<string, number | null> = {};
  for (const field of formModel(procedure).fields) {
    if (field.type !== 'number' && field.type !== 'integer' && field.type !== 'money') continue;
    const [now, before] = [current[field.key], previous[field.key]];
    result[field.key] = typeof now === 'number' && typeof before === 'number' && before !== 0 ? ((now - before) / Math.abs(before)) * 100 : null;
  }
  return result;
}

/**
 * Step d: hidden fields (their own visibleWhen, or their section's) and hidden table columns are
 * not stored. Returns the visible fields.
 */
function removeHidden(form: FormModel, data: MutableData, verdicts: ReadonlyMap<string, boolean>): Field[] {
  const shown = (key: string) => verdicts.get(visibleId(key)) !== false;
  const visible: Field[] = [];
  for (const field of form.fields) {
    const section = form.sectionOf.get(field.key);
    if (!shown(field.key) || (section && !shown(section.key))) {
      delete data[field.key];
      continue;
    }
    visible.push(field);
    const hidden = columnsOf(field).filter((c) => !shown(`${field.key}.${c.key}`));
    if (hidden.length > 0 && Array.isArray(data[field.key])) {
      data[field.key] = (data[field.key] as unknown[]).map((row) => {
        if (!isPlainObject(row)) return row;
        const copy = { ...row };
        for (const column of hidden) delete copy[column.key];
        return copy;
      });
    }
  }
  return visible;
}

/** Step e: `required: true`, or a `requiredWhen` that holds, on visible fields and columns. */
function checkRequired(visible: readonly Field[], data: RecordData, verdicts: ReadonlyMap<string, boolean>, errors: FieldErrorList): void {
  const isRequired = (field: Field, id: string) => field.required || verdicts.get(requiredId(id)) === true;
  for (const field of visible) {
    if (isRequired(field, field.key) && !hasValue(data[field.key])) errors.add(field.key, FormMessage.required());
    const columns = columnsOf(field).filter((c) => verdicts.get(visibleId(`${field.key}.${c.key}`)) !== false);
    for (const { row, index } of rowsOf(data[field.key])) {
      for (const column of columns) {
        if (isRequired(column, `${field.key}.${column.key}`) && !hasValue(row[column.key])) {
          errors.add(`${field.key}.${index}.${column.key}`, FormMessage.required());
        }
      }
    }
  }
}

function changesBetween(previous: RecordData, data: RecordData): FieldChanges {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of new Set([...Object.keys(previous), ...Object.keys(data)])) {
    if (!isDeepStrictEqual(previous[key], data[key])) changes[key] = { from: previous[key] ?? null, to: data[key] ?? null };
  }
  return changes;
}
