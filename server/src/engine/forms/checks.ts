/**
 * The checks JSON Schema cannot express: money limits compared exactly as decimals, date limits,
 * file types, and references to users, departments and other records.
 */
import type { Field, Label } from '../../definitions/definition.types.js';
import type { Directory } from '../engine.types.js';
import { scaleOf } from '../form-schema.js';
import { compareDecimal, formatLimit, moneyPattern } from './decimal.js';
import { columnsOf, isPlainObject, rowsOf } from './form-model.js';
import { FormMessage } from './messages.js';

export type Report = (path: string, message: Label) => void;

/** A value of a field or column, and where it sits. */
export interface Cell {
  readonly field: Field;
  readonly path: string;
  readonly value: unknown;
}

/** Every field and table column value, each with its path (`amount`, `lines.0.amount`). */
export function cellsOf(fields: readonly Field[], data: Readonly<Record<string, unknown>>): Cell[] {
  const cells: Cell[] = [];
  for (const field of fields) {
    if (field.type !== 'table') {
      cells.push({ field, path: field.key, value: data[field.key] });
      continue;
    }
    for (const column of columnsOf(field)) {
      for (const { row, index } of rowsOf(data[field.key])) {
        cells.push({ field: column, path: `${field.key}.${index}.${column.key}`, value: row[column.key] });
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
 */
export function checkReferences(cell: Cell, directory: Directory, report: Report): void {
  const { field } = cell;
  if (field.type !== 'user' && field.type !== 'department' && field.type !== 'link') return;
  const ids = Array.isArray(cell.value) ? cell.value.map((id: unknown, i) => [id, `${cell.path}.${i}`] as const) : [[cell.value, cell.path] as const];
  for (const [id, path] of ids) {
    if (typeof id !== 'string' || id === '') continue;
    const problem = referenceProblem(field, id, directory);
    if (problem) report(path, problem);
  }
}

function referenceProblem(field: Field, id: string, directory: Directory): Label | undefined {
  if (field.type === 'user') return personProblem(field, id, directory);
  if (field.type === 'department') {
    return directory.departments.has(id) ? undefined : FormMessage.unknownDepartment(id, [...directory.departments]);
  }
  const linked = directory.linkedRecords.get(id);
  if (!linked) return FormMessage.linkMissing(id);
  const procedure = field.procedure ?? '';
  if (linked.procedure !== procedure) return FormMessage.linkWrongProcedure(procedure);
  if (field.stages?.length && !field.stages.includes(linked.stage)) return FormMessage.linkWrongStage(procedure, field.stages);
  return undefined;
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
