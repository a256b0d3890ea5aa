/**
 * The checks JSON Schema cannot express: money limits compared exactly as decimals, date limits,
 * file types, and references to users, departments and other records.
 */
import type { Field, Label } from '../../definitions/definition.types.js';
import type { Directory, LinkedRecord } from '../engine.types.js';
import { scaleOf } from '../form-schema.js';
import { compareDecimal, formatLimit, moneyPattern } from './decimal.js';
import { columnsOf, isPlainObject, rowsOf } from './form-model.js';
import { FormMessage } from './messages.js';

export type Report = (path: string, message: Label) => void;

/** A value of a field or column, where it sits, and what the same field held before the write. */
export interface Cell {
  readonly field: Field;
  readonly path: string;
  readonly value: unknown;
  /** The field's value before; for a column, its values in every earlier row (rows may move). */
  readonly previous?: unknown;
}

/** Every field and table column value, each with its path (`amount`, `lines.0.amount`) and what it held in `previous`. */
export function cellsOf(fields: readonly Field[], data: Readonly<Record<string, unknown>>, previous: Readonly<Record<string, unknown>> = {}): Cell[] {
  const cells: Cell[] = [];
  for (const field of fields) {
    if (field.type !== 'table') {
      cells.push({ field, path: field.key, value: data[field.key], previous: previous[field.key] });
      continue;
    }
    for (const column of columnsOf(field)) {
      const before = rowsOf(previous[field.key]).map(({ row }) => row[column.key]);
      for (const { row, index } of rowsOf(data[field.key])) {
        cells.push({ field: column, path: `${field.key}.${index}.${column.key}`, value: row[column.key], previous: before });
      }
    }
  }
  return cells;
}

export function checkLimits(cell: Cell, report: Report): void {
  const { field, path, value } = cell;
  if (value === undefined || value === null) return;
  if (field.type === 'money') {
    const scale = scaleOf(field);
    if (typeof value !== 'string' || !new RegExp(moneyPattern(scale)).test(value)) return;
    if (field.min !== undefined && compareDecimal(value, field.min) === -1) report(path, FormMessage.minimum(formatLimit(field.min, scale)));
    if (field.max !== undefined && compareDecimal(value, field.max) === 1) report(path, FormMessage.maximum(formatLimit(field.max, scale)));
  } else if (field.type === 'date' || field.type === 'datetime') {
    const t = time(value);
    if (Number.isNaN(t)) return;
    if (field.min !== undefined && t < time(field.min)) report(path, FormMessage.notBefore(String(field.min)));
    if (field.max !== undefined && t > time(field.max)) report(path, FormMessage.notAfter(String(field.max)));
  } else if (field.type === 'file' && field.accept?.length) {
    const files = Array.isArray(value) ? value : [value];
    files.forEach((file: unknown, i) => {
      if (isPlainObject(file) && !accepts(field.accept!, file)) report(Array.isArray(value) ? `${path}.${i}` : path, FormMessage.fileType(field.accept!));
    });
  }
}

/** A date is read as UTC midnight, so that date and datetime limits compare on one scale. */
function time(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

/** `accept` entries as HTML's file input reads them: `.pdf`, `image/*`, `application/pdf`. */
function accepts(accept: readonly string[], file: Record<string, unknown>): boolean {
  const name = typeof file.name === 'string' ? file.name.toLowerCase() : '';
  const type = typeof file.contentType === 'string' ? file.contentType.toLowerCase() : '';
  return accept.some((entry) => {
    const a = entry.toLowerCase();
    if (a.startsWith('.')) return name.endsWith(a);
    if (a.endsWith('/*')) return type.startsWith(a.slice(0, -1));
    return type === a;
  });
}

/**
 * Every id the field holds is checked on every write, kept or new: a link to a supplier that has
 * since been disqualified, or a person who has since changed roles, is refused like a new one.
 *
 * With a `picker`, a link newly written into the field (not one it already held) must also name a
 * record the writer may pick (`mayPick`); one they may not is answered exactly as an id no record
 * has, so that whether a record they may not read exists, and its procedure or stage, cannot be
 * probed. A kept link is not judged for the writer's right again: a finance officer who could not
 * have picked a sales budget still acts on the payment that links it.
 */
export function checkReferences(cell: Cell, directory: Directory, report: Report, picker?: Picker): void {
  const { field } = cell;
  if (field.type !== 'user' && field.type !== 'department' && field.type !== 'link') return;
  const held = new Set(idsOf(cell.previous));
  const ids = Array.isArray(cell.value) ? cell.value.map((id: unknown, i) => [id, `${cell.path}.${i}`] as const) : [[cell.value, cell.path] as const];
  for (const [id, path] of ids) {
    if (typeof id !== 'string' || id === '') continue;
    const problem = referenceProblem(field, id, directory, held.has(id) ? undefined : picker);
    if (problem) report(path, problem);
  }
}

function referenceProblem(field: Field, id: string, directory: Directory, picker: Picker | undefined): Label | undefined {
  if (field.type === 'user') return personProblem(field, id, directory);
  if (field.type === 'department') {
    return directory.departments.has(id) ? undefined : FormMessage.unknownDepartment(id, [...directory.departments]);
  }
  const linked = directory.linkedRecords.get(id);
  // Before the procedure and the stage: those would tell of a record the writer may not see.
  if (!linked || (picker && !mayPick(field, linked, picker))) return FormMessage.linkMissing(id);
  const procedure = field.procedure ?? '';
  if (linked.procedure !== procedure) return FormMessage.linkWrongProcedure(procedure);
  if (field.stages?.length && !field.stages.includes(linked.stage)) return FormMessage.linkWrongStage(procedure, field.stages);
  return undefined;
}

/** Who writes a link, as `pick` reads them: their own department and the linking record's. */
export interface Picker {
  readonly department: string | null;
  readonly recordDepartment: string | null;
}

/** The picker as the facts of a write describe them (`actor.department`, `record.department`). */
export function pickerOf(context: { readonly actor: Readonly<Record<string, unknown>>; readonly record: Readonly<Record<string, unknown>> }): Picker {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { department: text(context.actor.department), recordDepartment: text(context.record.department) };
}

/**
 * The department a link field's records must belong to for this picker: undefined when the field
 * has no `pick` (any record they may read), null when `pick` names a department they have none of
 * (no record). The one reading of `pick.department`: `mayPick` and linkCandidates' SQL both use it.
 */
export function pickDepartment(field: Field, picker: Picker): string | null | undefined {
  if (field.pick?.department === 'actor') return picker.department;
  if (field.pick?.department === 'record') return picker.recordDepartment;
  return undefined;
}

/** May the picker link this record in this field: they may read it, and it is of the department `pick` names. */
export function mayPick(field: Field, linked: LinkedRecord, picker: Picker): boolean {
  if (!linked.readable) return false;
  const department = pickDepartment(field, picker);
  return department === undefined || linked.department === department;
}

/**
 * The directory as the conditions of this write may read it: a record newly linked that the writer
 * may not pick is left out, as an id no record has would be, so that no `visibleWhen` or
 * `requiredWhen` over the `links` fact answers differently for it.
 */
export function withoutUnpickable(directory: Directory, cells: readonly Cell[], picker: Picker): Directory {
  const refused = new Set<string>();
  for (const cell of cells) {
    if (cell.field.type !== 'link') continue;
    const held = new Set(idsOf(cell.previous));
    for (const id of Array.isArray(cell.value) ? cell.value : [cell.value]) {
      const linked = typeof id === 'string' && !held.has(id) ? directory.linkedRecords.get(id) : undefined;
      if (linked && !mayPick(cell.field, linked, picker)) refused.add(id as string);
    }
  }
  if (refused.size === 0) return directory;
  return { ...directory, linkedRecords: new Map([...directory.linkedRecords].filter(([id]) => !refused.has(id))) };
}

/** The ids a previous value held: one id, a list of ids, or (for a column) the column's values. */
function idsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(idsOf);
  return [];
}

/** A user field's `roles` and `departments` filter, read from the directory, never from the form. */
function personProblem(field: Field, id: string, directory: Directory): Label | undefined {
  const person = directory.people.get(id);
  if (!person) return FormMessage.unknownUser(id);
  if (field.roles?.length && !field.roles.some((role) => person.roles.includes(role))) return FormMessage.userNotInRoles(field.roles);
  if (field.departments?.length && (person.department === null || !field.departments.includes(person.department))) {
    return FormMessage.userNotInDepartments(field.departments);
  }
  return undefined;
}
