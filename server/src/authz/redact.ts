/**
 * Removes what an actor may not read from record data and from history changes. The API runs
 * every record it returns through these (single records, lists, typed queries, history,
 * subscriptions), so a field restricted by `readers` never leaves the server. Pure.
 */
import type { Field, Procedure } from '../definitions/definition.types.js';
import type { Actor, Directory, FieldChanges, RecordData, RecordState } from '../engine/engine.types.js';
import { can } from './can.js';

interface Scope {
  readonly actor: Actor;
  readonly procedure: Procedure;
  readonly record: RecordState;
  readonly directory: Directory;
}

/** The record's data without the fields (and table columns) the actor may not read. */
export function redactData(actor: Actor, procedure: Procedure, record: RecordState, directory: Directory): RecordData {
  return redactValues({ actor, procedure, record, directory }, record.data);
}

/**
 * A history entry's `{ field: { from, to } }` without the fields the actor may not read; table
 * values on both sides lose their restricted columns. Readers are judged against the record as
 * it is now (a `userField` reader who changed sees the history as the current reader does).
 */
export function redactChanges(actor: Actor, procedure: Procedure, record: RecordState, directory: Directory, changes: FieldChanges): FieldChanges {
  if (!hasReaders(procedure)) return changes;
  const scope = { actor, procedure, record, directory };
  const kept: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, change] of Object.entries(changes)) {
    if (!mayRead(scope, key)) continue;
    kept[key] = { from: redactValue(scope, key, change.from), to: redactValue(scope, key, change.to) };
  }
  return kept;
}

function redactValues(scope: Scope, data: RecordData): RecordData {
  if (!hasReaders(scope.procedure)) return data;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (mayRead(scope, key)) kept[key] = redactValue(scope, key, value);
  }
  return kept;
}

function redactValue(scope: Scope, key: string, value: unknown): unknown {
  const table = scope.procedure.fields.find((f) => f.key === key);
  if (!table?.columns?.some((c) => c.readers !== undefined) || !Array.isArray(value)) return value;
  return value.map((row: unknown) => (isObject(row) ? redactRow(scope, key, row) : row));
}

function redactRow(scope: Scope, table: string, row: RecordData): RecordData {
  const kept: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (mayRead(scope, `${table}.${column}`, row)) kept[column] = value;
  }
  return kept;
}

function mayRead({ actor, procedure, record, directory }: Scope, field: string, row?: RecordData): boolean {
  return can(actor, 'field.read', { procedure, record, directory, field, ...(row ? { row } : {}) }).allowed;
}

/** Most procedures restrict nothing: they skip the per-field checks. */
function hasReaders(procedure: Procedure): boolean {
  const restricted = (fields: readonly Field[]): boolean => fields.some((f) => f.readers !== undefined || (f.columns !== undefined && restricted(f.columns)));
  return restricted(procedure.fields);
}

function isObject(value: unknown): value is RecordData {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
